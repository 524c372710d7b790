#pragma once
// The stack's PostgreSQL: one server (Debian's binaries, run as the `postgres` user when we are root, since
// initdb and postgres refuse root), listening on 127.0.0.1 only, with a database and a role per Spark
// version. Each role owns its database and can connect to nothing else (CONNECT is revoked from PUBLIC
// everywhere).
#include <libpq-fe.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stack/process.hpp"
#include "stack/topology.hpp"

namespace sparkmv::stack {

struct PgLogin {
  int port = 0;
  std::string database;
  std::string user;
  std::string password;
};

// One libpq connection, closed when it goes away.
class PgConnection {
 public:
  // Throws EnvironmentError "PostgreSQL <user>@<db>: <libpq message>".
  explicit PgConnection(const PgLogin& login);
  // Runs a statement that returns no rows; throws EnvironmentError naming it.
  void exec(const std::string& sql);
  // True when the query (with $1.. parameters) returns at least one row.
  bool has_rows(const std::string& sql, const std::vector<std::string>& params);
  // Every row of the query, each value as text ("" for NULL).
  std::vector<std::vector<std::string>> rows(const std::string& sql,
                                             const std::vector<std::string>& params = {});
  // The query's first column of its first row ("" when no rows).
  std::string scalar(const std::string& sql, const std::vector<std::string>& params = {});
  std::string quote_literal(const std::string& s);

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// The connection error `login` meets, or nothing when it connects.
std::optional<std::string> connection_error(const PgLogin& login);
// True when the server on 127.0.0.1:port accepts connections (PQping).
bool postgres_accepting(int port);

struct PostgresInstall {
  std::filesystem::path bindir;       // holds initdb and postgres
  std::optional<std::string> run_as;  // "postgres" when we are root
};

// Creates the cluster under paths.postgres_data() when it does not exist yet (initdb, superuser password
// auth); a cluster that exists is left alone.
void ensure_cluster(const StackPaths& paths, const PostgresInstall& install,
                    const std::string& superuser_password);

// How the server is started: `postgres -D <data>` with loopback-only, small-memory settings.
LaunchSpec postgres_launch(const StackPaths& paths, const PostgresInstall& install, int port);

// Creates (or corrects) the per-version roles and databases and the CONNECT grants. Idempotent.
struct RoleSecret {
  const SparkVersion* version;
  std::string password;
};
void ensure_metastore_databases(int port, const std::string& superuser_password,
                                const std::vector<RoleSecret>& roles);

// Fails with EnvironmentError when `user` (the postgres server's user) cannot reach `dir` (every ancestor
// must be searchable by it), naming the first directory that blocks it.
void check_reachable_by(const std::string& user, const std::filesystem::path& dir);

}  // namespace sparkmv::stack
