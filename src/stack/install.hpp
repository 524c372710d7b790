#pragma once
// Where the stack's software is on this machine: the two Spark distributions (.tools/spark/<version>, put
// there by scripts/bootstrap.sh), Debian's PostgreSQL server binaries and JDBC driver, and Java.
#include <filesystem>
#include <map>
#include <string>

#include "stack/postgres.hpp"

namespace sparkmv::stack {

struct Installation {
  std::map<std::string, std::filesystem::path> spark_homes;  // by version ("3.5.7")
  std::filesystem::path jdbc_driver;
  PostgresInstall postgres;
  // Python with the Spark Connect client (pyspark-client 4.1.0); empty when not found, which only matters
  // to Connect jobs (they then fail naming it).
  std::filesystem::path connect_python;

  const std::filesystem::path& spark_home(const SparkVersion& v) const { return spark_homes.at(v.version); }
};

// Looks for each piece; EnvironmentError naming the first one missing and how to get it.
// Spark: $SPARKMV_TOOLS/spark/<version>, else .tools/spark/<version> in the current directory or an ancestor,
// else next to (or above) the sparkmv executable. PostgreSQL: $SPARKMV_PG_BINDIR, else the newest Debian
// /usr/lib/postgresql/<major>/bin. JDBC driver: $SPARKMV_JDBC_DRIVER, else Debian's postgresql.jar.
// Connect client: $SPARKMV_CONNECT_PYTHON, else .tools/venv/bin/python found like Spark.
Installation locate_installation();

}  // namespace sparkmv::stack
