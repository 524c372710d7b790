#include "stack/postgres.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.hpp"

namespace sparkmv::stack {

namespace {

std::vector<const char*> c_params(const std::vector<std::string>& params) {
  std::vector<const char*> out;
  for (const auto& p : params) out.push_back(p.c_str());
  return out;
}

std::string first_line(const char* message) {
  std::string s = message == nullptr ? "" : message;
  const auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

// Connection keywords for libpq; values are passed separately, so nothing needs quoting.
struct Keywords {
  std::vector<std::string> values;
  std::vector<const char*> keys;
  std::vector<const char*> vals;
  explicit Keywords(const PgLogin& login) {
    keys = {"host", "port", "dbname", "user", "password", "connect_timeout", "sslmode", nullptr};
    values = {"127.0.0.1", std::to_string(login.port), login.database, login.user, login.password, "3",
              "disable"};
    for (const auto& v : values) vals.push_back(v.c_str());
    vals.push_back(nullptr);
  }
};

struct Owner {
  uid_t uid;
  gid_t gid;
};

Owner owner_of(const std::string& user) {
  const passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) throw EnvironmentError(fmt::format("user '{}' does not exist", user));
  return {pw->pw_uid, pw->pw_gid};
}

void chown_to(const std::filesystem::path& p, const Owner& o) {
  if (::chown(p.c_str(), o.uid, o.gid) != 0) {
    throw EnvironmentError(fmt::format("{}: cannot hand it to the postgres user", p.string()));
  }
}

}  // namespace

PgConnection::PgConnection(const PgLogin& login) : conn_(nullptr, &PQfinish) {
  const Keywords kw(login);
  conn_.reset(PQconnectdbParams(kw.keys.data(), kw.vals.data(), 0));
  if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
    throw EnvironmentError(fmt::format("PostgreSQL {}@{} on 127.0.0.1:{}: {}", login.user, login.database,
                                       login.port,
                                       first_line(conn_ ? PQerrorMessage(conn_.get()) : "out of memory")));
  }
}

void PgConnection::exec(const std::string& sql) {
  const std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_.get(), sql.c_str()), &PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw EnvironmentError(fmt::format("PostgreSQL: {}: {}", sql.substr(0, sql.find(" PASSWORD")),
                                       first_line(PQresultErrorMessage(r.get()))));
  }
}

std::vector<std::vector<std::string>> PgConnection::rows(const std::string& sql,
                                                         const std::vector<std::string>& params) {
  const auto p = c_params(params);
  const std::unique_ptr<PGresult, decltype(&PQclear)> r(
      PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(p.size()), nullptr, p.data(), nullptr, nullptr,
                   0),
      &PQclear);
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) {
    throw EnvironmentError(fmt::format("PostgreSQL: {}: {}", sql, first_line(PQresultErrorMessage(r.get()))));
  }
  std::vector<std::vector<std::string>> out;
  const int columns = PQnfields(r.get());
  for (int row = 0; row < PQntuples(r.get()); ++row) {
    auto& values = out.emplace_back();
    for (int col = 0; col < columns; ++col) values.emplace_back(PQgetvalue(r.get(), row, col));
  }
  return out;
}

std::string PgConnection::scalar(const std::string& sql, const std::vector<std::string>& params) {
  const auto result = rows(sql, params);
  return result.empty() || result.front().empty() ? "" : result.front().front();
}

bool PgConnection::has_rows(const std::string& sql, const std::vector<std::string>& params) {
  return !scalar("SELECT count(*) FROM (" + sql + ") AS q HAVING count(*) > 0", params).empty();
}

std::string PgConnection::quote_literal(const std::string& s) {
  const std::unique_ptr<char, decltype(&PQfreemem)> q(PQescapeLiteral(conn_.get(), s.c_str(), s.size()),
                                                      &PQfreemem);
  if (!q) throw EnvironmentError("PostgreSQL: cannot quote a literal");
  return q.get();
}

std::optional<std::string> connection_error(const PgLogin& login) {
  try {
    PgConnection c(login);
    return std::nullopt;
  } catch (const EnvironmentError& e) {
    return std::string(e.what());
  }
}

bool postgres_accepting(int port) {
  const Keywords kw(PgLogin{port, "postgres", "postgres", ""});
  return PQpingParams(kw.keys.data(), kw.vals.data(), 0) == PQPING_OK;
}

void check_reachable_by(const std::string& user, const std::filesystem::path& dir) {
  const Owner o = owner_of(user);
  std::filesystem::path p;
  for (const auto& part : dir) {
    p /= part;
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return;  // created by us below this point
    const bool searchable = (st.st_uid == o.uid && (st.st_mode & S_IXUSR)) ||
                            (st.st_gid == o.gid && (st.st_mode & S_IXGRP)) || (st.st_mode & S_IXOTH);
    if (!searchable) {
      throw EnvironmentError(fmt::format(
          "PostgreSQL runs as user '{}', which cannot enter {}: choose a --state-dir it can reach, or "
          "chmod o+x {}",
          user, p.string(), p.string()));
    }
  }
}

void ensure_cluster(const StackPaths& paths, const PostgresInstall& install,
                    const std::string& superuser_password) {
  const auto root = paths.postgres_root();
  const auto data = paths.postgres_data();
  if (std::filesystem::exists(data / "PG_VERSION")) return;
  std::filesystem::create_directories(root);
  std::filesystem::permissions(root, std::filesystem::perms::owner_all);
  std::filesystem::remove_all(data);  // a half-made cluster from an interrupted initdb
  const auto pwfile = root / "superuser.pw";
  {
    std::ofstream out(pwfile, std::ios::trunc);
    out << superuser_password << '\n';
  }
  std::filesystem::permissions(pwfile,
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  if (install.run_as) {
    check_reachable_by(*install.run_as, root.parent_path());
    const Owner o = owner_of(*install.run_as);
    chown_to(root, o);
    chown_to(pwfile, o);
  }
  LaunchSpec spec;
  spec.argv = {(install.bindir / "initdb").string(),
               "-D",
               data.string(),
               "--username=postgres",
               "--pwfile=" + pwfile.string(),
               "--auth=scram-sha-256",
               "--encoding=UTF8",
               "--no-locale",
               "--no-sync"};
  spec.env = environment_with({{"LC_ALL", "C"}}, {"PGDATA", "PGPORT", "PGHOST"});
  spec.cwd = root;
  spec.log = paths.root / "logs" / "postgres-initdb.log";
  spec.run_as = install.run_as;
  const int rc = run_to_completion(spec, std::chrono::minutes(2), "initdb");
  std::filesystem::remove(pwfile);
  if (rc != 0) {
    throw EnvironmentError(fmt::format("initdb failed (exit {}); its log {} ends:\n{}", rc, spec.log.string(),
                                       tail_of(spec.log, 15)));
  }
}

LaunchSpec postgres_launch(const StackPaths& paths, const PostgresInstall& install, int port) {
  LaunchSpec spec;
  spec.argv = {(install.bindir / "postgres").string(),
               "-D",
               paths.postgres_data().string(),
               "-c",
               "listen_addresses=127.0.0.1",
               "-c",
               "port=" + std::to_string(port),
               "-c",
               "unix_socket_directories=",
               "-c",
               "shared_buffers=32MB",
               "-c",
               "max_connections=80",
               "-c",
               "logging_collector=off"};
  spec.env = environment_with({{"LC_ALL", "C"}}, {"PGDATA", "PGPORT", "PGHOST"});
  spec.cwd = paths.postgres_root();
  spec.log = paths.postgres_log();
  spec.run_as = install.run_as;
  return spec;
}

void ensure_metastore_databases(int port, const std::string& superuser_password,
                                const std::vector<RoleSecret>& roles) {
  PgConnection db(PgLogin{port, "postgres", "postgres", superuser_password});
  // Nobody but a database's own role connects to it; the maintenance databases are closed to PUBLIC too.
  db.exec("REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC");
  db.exec("REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC");
  for (const auto& [version, password] : roles) {
    const std::string role = version->role;
    const std::string database = version->database;
    if (!db.has_rows("SELECT 1 FROM pg_roles WHERE rolname = $1", {role})) {
      db.exec(fmt::format("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}", role,
                          db.quote_literal(password)));
    } else {
      db.exec(fmt::format("ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}", role,
                          db.quote_literal(password)));
    }
    if (!db.has_rows("SELECT 1 FROM pg_database WHERE datname = $1", {database})) {
      db.exec(fmt::format("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0", database, role));
    }
    db.exec(fmt::format("REVOKE ALL ON DATABASE {} FROM PUBLIC", database));
    db.exec(fmt::format("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}", database, role));
  }
}

}  // namespace sparkmv::stack
