#include "stack/install.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <vector>

#include "common/errors.hpp"

namespace sparkmv::stack {

namespace {

namespace fs = std::filesystem;

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

bool is_spark_home(const fs::path& p) {
  return fs::exists(p / "sbin" / "spark-daemon.sh") && fs::is_directory(p / "jars");
}

template <typename Accept>
std::optional<fs::path> search_upwards(fs::path start, const fs::path& relative, Accept accept) {
  std::error_code ec;
  start = fs::weakly_canonical(start, ec);
  for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    if (accept(dir / relative)) return dir / relative;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

// Here or above the current directory, else here or above the sparkmv executable.
template <typename Accept>
std::optional<fs::path> find_in_tools(const fs::path& relative, Accept accept) {
  if (auto found = search_upwards(fs::current_path(), relative, accept)) return found;
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return search_upwards(self.parent_path(), relative, accept);
  return std::nullopt;
}

fs::path find_connect_python() {
  if (const auto python = env("SPARKMV_CONNECT_PYTHON")) return *python;
  const auto executable = [](const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; };
  return find_in_tools(fs::path(".tools") / "venv" / "bin" / "python", executable).value_or(fs::path());
}

fs::path find_spark(const std::string& version) {
  const fs::path relative = fs::path(".tools") / "spark" / version;
  if (const auto tools = env("SPARKMV_TOOLS")) {
    const auto home = fs::path(*tools) / "spark" / version;
    if (is_spark_home(home)) return fs::absolute(home);
    throw EnvironmentError(fmt::format("Spark {} not found in {} (SPARKMV_TOOLS): run scripts/bootstrap.sh",
                                       version, home.string()));
  }
  if (const auto found = find_in_tools(relative, is_spark_home)) return *found;
  throw EnvironmentError(
      fmt::format("Spark {} not found (.tools/spark/{} here or above, or $SPARKMV_TOOLS/spark/{}): run "
                  "scripts/bootstrap.sh",
                  version, version, version));
}

fs::path find_postgres_bindir() {
  if (const auto dir = env("SPARKMV_PG_BINDIR")) {
    if (fs::exists(fs::path(*dir) / "postgres")) return *dir;
    throw EnvironmentError(fmt::format("{}/postgres not found (SPARKMV_PG_BINDIR)", *dir));
  }
  std::vector<std::pair<int, fs::path>> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = entry.path() / "bin";
    if (!fs::exists(bin / "postgres") || !fs::exists(bin / "initdb")) continue;
    found.emplace_back(std::atoi(entry.path().filename().c_str()), bin);
  }
  if (found.empty()) {
    throw EnvironmentError(
        "PostgreSQL server binaries not found (/usr/lib/postgresql/<major>/bin): install Debian's postgresql "
        "(scripts/bootstrap.sh) or set SPARKMV_PG_BINDIR");
  }
  std::sort(found.begin(), found.end());
  return found.back().second;
}

bool java_available() {
  if (const auto home = env("JAVA_HOME")) return fs::exists(fs::path(*home) / "bin" / "java");
  const auto path = env("PATH").value_or("");
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find(':', start), path.size());
    const fs::path candidate = fs::path(path.substr(start, end - start)) / "java";
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

Installation locate_installation() {
  Installation install;
  if (!java_available()) {
    throw EnvironmentError("java not found (JAVA_HOME or PATH): install OpenJDK 17 (scripts/bootstrap.sh)");
  }
  for (const auto* v : {&spark35(), &spark41()}) install.spark_homes[v->version] = find_spark(v->version);
  install.jdbc_driver = env("SPARKMV_JDBC_DRIVER").value_or("/usr/share/java/postgresql.jar");
  if (!fs::exists(install.jdbc_driver)) {
    throw EnvironmentError(
        fmt::format("PostgreSQL JDBC driver {} not found: install Debian's libpostgresql-jdbc-java or set "
                    "SPARKMV_JDBC_DRIVER",
                    install.jdbc_driver.string()));
  }
  install.postgres.bindir = find_postgres_bindir();
  install.connect_python = find_connect_python();
  if (::geteuid() == 0) install.postgres.run_as = env("SPARKMV_PG_USER").value_or("postgres");
  return install;
}

}  // namespace sparkmv::stack
