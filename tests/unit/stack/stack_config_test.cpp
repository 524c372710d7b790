// The stack's topology, ports and generated configuration: pure functions, checked by parsing what they write
// with the same parsers `lint` uses for users' files.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/errors.hpp"
#include "config/hadoop_xml.hpp"
#include "config/java_properties.hpp"
#include "stack/config.hpp"
#include "stack/launch.hpp"
#include "stack/probe.hpp"
#include "stack/state.hpp"
#include "stack/topology.hpp"

namespace sparkmv::stack {
namespace {

Ports sample_ports() {
  Ports ports;
  int next = 41000;
  for (const auto& key : port_keys()) ports[key] = next++;
  return ports;
}

ConfigInputs sample_inputs(const SparkVersion& v, const LayoutOverrides& overrides = {}) {
  const StackPaths paths{"/srv/stack"};
  return ConfigInputs{paths, sample_ports(), "secret35", "/usr/share/java/postgresql.jar",
                      layout_of(v, paths, overrides)};
}

std::map<std::string, std::string> as_map(const std::vector<config::Property>& props) {
  std::map<std::string, std::string> m;
  for (const auto& p : props) m[p.key] = p.value;
  return m;
}

std::map<std::string, std::string> file(const SparkVersion& v, const std::string& name,
                                        const LayoutOverrides& overrides = {}) {
  for (const auto& f : spark_conf_files(v, sample_inputs(v, overrides))) {
    if (f.name == name) {
      return name == "hive-site.xml" ? as_map(config::parse_hadoop_xml(f.content))
                                     : as_map(config::parse_java_properties(f.content));
    }
  }
  ADD_FAILURE() << "no " << name;
  return {};
}

TEST(StackTopology, ComponentsInStartOrderWithDistinctPortKeys) {
  std::vector<std::string> names;
  std::set<std::string> keys;
  for (const auto& c : components()) {
    names.push_back(c.name);
    for (const auto& k : c.port_keys) EXPECT_TRUE(keys.insert(k).second) << k;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"postgres", "spark35-master", "spark35-worker",
                                             "spark35-history", "spark41-connect", "spark41-history"}));
  EXPECT_EQ(keys.size(), port_keys().size());
  EXPECT_THROW(component_named("spark36-master"), InputError);
}

TEST(StackTopology, PortAssignments) {
  EXPECT_EQ(parse_port_assignment("postgres=5433"), std::make_pair(std::string("postgres"), 5433));
  EXPECT_THROW(parse_port_assignment("postgres"), InputError);
  EXPECT_THROW(parse_port_assignment("nosuch=1"), InputError);
  EXPECT_THROW(parse_port_assignment("postgres=0"), InputError);
  EXPECT_THROW(parse_port_assignment("postgres=70000"), InputError);
  EXPECT_THROW(parse_port_assignment("postgres=12a"), InputError);
}

TEST(StackState, ResolvePortsPrefersConfiguredThenStoredThenFree) {
  const Ports stored = {{"postgres", 5000}, {"spark35.master", 5001}};
  const Ports configured = {{"spark35.master", 6000}};
  std::vector<int> free;
  for (int p = 7000; p < 7020; ++p) free.push_back(p);
  const auto ports = resolve_ports(stored, configured, free);
  EXPECT_EQ(ports.size(), port_keys().size());
  EXPECT_EQ(ports.at("postgres"), 5000);
  EXPECT_EQ(ports.at("spark35.master"), 6000);
  std::set<int> distinct;
  for (const auto& [k, p] : ports) distinct.insert(p);
  EXPECT_EQ(distinct.size(), ports.size());
  // Resolving again with the result stored changes nothing: a second `up` keeps its endpoints.
  EXPECT_EQ(resolve_ports(ports, {}, {}), ports);
  EXPECT_THROW(resolve_ports({}, {{"postgres", 1}, {"spark41.history", 1}}, free), InputError);
}

TEST(StackConfig, Spark35RunsOnItsMasterAndWritesWhereItsHistoryServerReads) {
  const auto d = file(spark35(), "spark-defaults.conf");
  const auto ports = sample_ports();
  EXPECT_EQ(d.at("spark.master"), "spark://127.0.0.1:" + std::to_string(ports.at("spark35.master")));
  EXPECT_EQ(d.at("spark.eventLog.enabled"), "true");
  EXPECT_EQ(d.at("spark.eventLog.dir"), "file:/srv/stack/spark-logs/3.5/events");
  EXPECT_EQ(d.at("spark.history.fs.logDirectory"), d.at("spark.eventLog.dir"));
  EXPECT_EQ(d.at("spark.history.ui.port"), std::to_string(ports.at("spark35.history")));
  EXPECT_EQ(d.at("spark.sql.catalogImplementation"), "hive");
  EXPECT_EQ(d.at("spark.sql.warehouse.dir"), "file:/srv/stack/warehouse/3.5");
  EXPECT_EQ(d.at("spark.driver.extraClassPath"), "/usr/share/java/postgresql.jar");
}

TEST(StackConfig, Spark41IsIsolatedFromSpark35) {
  const auto d35 = file(spark35(), "spark-defaults.conf");
  const auto d41 = file(spark41(), "spark-defaults.conf");
  EXPECT_EQ(d41.at("spark.master"), "local[2]");
  EXPECT_EQ(d41.at("spark.eventLog.dir"), "file:/srv/stack/spark-logs/4.1/events");
  EXPECT_EQ(d41.at("spark.history.fs.logDirectory"), d41.at("spark.eventLog.dir"));
  for (const auto* key :
       {"spark.eventLog.dir", "spark.sql.warehouse.dir", "spark.history.ui.port", "spark.local.dir"}) {
    EXPECT_NE(d35.at(key), d41.at(key)) << key;
  }
  const auto h35 = file(spark35(), "hive-site.xml");
  const auto h41 = file(spark41(), "hive-site.xml");
  const auto pg = std::to_string(sample_ports().at("postgres"));
  EXPECT_EQ(h35.at("javax.jdo.option.ConnectionURL"),
            "jdbc:postgresql://127.0.0.1:" + pg + "/metastore_spark35");
  EXPECT_EQ(h41.at("javax.jdo.option.ConnectionURL"),
            "jdbc:postgresql://127.0.0.1:" + pg + "/metastore_spark41");
  EXPECT_EQ(h35.at("javax.jdo.option.ConnectionUserName"), "spark35");
  EXPECT_EQ(h41.at("javax.jdo.option.ConnectionUserName"), "spark41");
  EXPECT_EQ(h35.at("javax.jdo.option.ConnectionPassword"), "secret35");
  EXPECT_EQ(h35.at("datanucleus.schema.autoCreateConstraints"), "false");
  EXPECT_EQ(h35.at("datanucleus.schema.autoCreateAll"), "false");
}

TEST(StackConfig, SparkEnvBindsLoopbackAndNamesTheStackDirectories) {
  for (const auto& f : spark_conf_files(spark41(), sample_inputs(spark41()))) {
    if (f.name != "spark-env.sh") continue;
    EXPECT_NE(f.content.find("export SPARK_LOCAL_IP=127.0.0.1\n"), std::string::npos);
    EXPECT_NE(f.content.find("export SPARK_PID_DIR='/srv/stack/run/4.1'\n"), std::string::npos);
    EXPECT_NE(f.content.find("export SPARK_LOG_DIR='/srv/stack/logs/4.1'\n"), std::string::npos);
  }
}

TEST(StackConfig, StateDirectoryPathsSparkCannotCarryAreRejected) {
  EXPECT_NO_THROW(check_state_dir_path("/srv/stack-1/.sparkmv"));
  EXPECT_THROW(check_state_dir_path("/srv/my stack"), InputError);
  EXPECT_THROW(check_state_dir_path("/srv/a#b"), InputError);
}

TEST(StackLaunch, DaemonsStartThroughSparkDaemonShWithTheirClassAndPorts) {
  const StackPaths paths{"/srv/stack"};
  const auto ports = sample_ports();
  const auto master =
      spark_daemon_launch(component_named("spark35-master"), paths, ports, "/opt/spark-3.5.7");
  EXPECT_EQ(master.argv.at(0), "/opt/spark-3.5.7/sbin/spark-daemon.sh");
  EXPECT_EQ(master.argv.at(1), "start");
  EXPECT_EQ(master.argv.at(2), "org.apache.spark.deploy.master.Master");
  EXPECT_EQ(master.env.at("SPARK_CONF_DIR"), "/srv/stack/conf/3.5");
  EXPECT_EQ(master.env.at("SPARK_PID_DIR"), "/srv/stack/run/3.5");
  EXPECT_EQ(master.env.at("SPARK_IDENT_STRING"), "sparkmv");
  const auto worker =
      spark_daemon_launch(component_named("spark35-worker"), paths, ports, "/opt/spark-3.5.7");
  EXPECT_EQ(worker.argv.back(), master_url(ports));
  const auto connect =
      spark_daemon_launch(component_named("spark41-connect"), paths, ports, "/opt/spark-4.1.0");
  EXPECT_EQ(connect.argv.at(1), "submit");
  EXPECT_EQ(connect.argv.at(2), "org.apache.spark.sql.connect.service.SparkConnectServer");
  EXPECT_NE(std::find(connect.argv.begin(), connect.argv.end(),
                      "spark.connect.grpc.binding.port=" + std::to_string(ports.at("spark41.connect"))),
            connect.argv.end());
  EXPECT_EQ(connect.env.at("SPARK_CONF_DIR"), "/srv/stack/conf/4.1");
  EXPECT_EQ(spark_pid_file(paths, component_named("spark41-history")),
            "/srv/stack/run/4.1/spark-sparkmv-org.apache.spark.deploy.history.HistoryServer-1.pid");
}

TEST(StackProbe, MasterJsonListsAliveWorkerByPort) {
  const std::string json =
      R"({"status":"ALIVE","aliveworkers":1,"workers":[{"port":7078,"state":"DEAD"},{"port":7079,"state":"ALIVE"}]})";
  EXPECT_TRUE(master_lists_alive_worker(json, 7079));
  EXPECT_FALSE(master_lists_alive_worker(json, 7078));
  EXPECT_FALSE(master_lists_alive_worker("not json", 7079));
  EXPECT_FALSE(master_lists_alive_worker(R"({"workers":{}})", 7079));
}

TEST(StackLayout, DefaultGivesEachVersionItsOwnDatabaseLogsAndWarehouse) {
  const StackPaths paths{"/srv/stack"};
  const auto l35 = layout_of(spark35(), paths, {});
  const auto l41 = layout_of(spark41(), paths, {});
  EXPECT_EQ(l35.database, "metastore_spark35");
  EXPECT_EQ(l35.role, "spark35");
  EXPECT_EQ(l41.event_dir, "/srv/stack/spark-logs/4.1/events");
  EXPECT_EQ(l41.warehouse_dir, "/srv/stack/warehouse/4.1");
}

TEST(StackLayout, OverridesMoveOneVersionAndLogInAsTheDatabaseOwner) {
  const StackPaths paths{"/srv/stack"};
  const LayoutOverrides o{{"spark41.database", "metastore_spark35"},
                          {"spark41.event-dir", "shared/events"},
                          {"spark41.warehouse", "/data/wh"}};
  const auto l41 = layout_of(spark41(), paths, o);
  EXPECT_EQ(l41.database, "metastore_spark35");
  EXPECT_EQ(l41.role, "spark35");
  EXPECT_EQ(l41.event_dir, "/srv/stack/shared/events");
  EXPECT_EQ(l41.warehouse_dir, "/data/wh");
  EXPECT_EQ(layout_of(spark35(), paths, o).database, "metastore_spark35");  // untouched
  const auto site = file(spark41(), "hive-site.xml", o);
  EXPECT_EQ(site.at("javax.jdo.option.ConnectionUserName"), "spark35");
  EXPECT_EQ(site.at("javax.jdo.option.ConnectionURL"), "jdbc:postgresql://127.0.0.1:41000/metastore_spark35");
  const auto defaults = file(spark41(), "spark-defaults.conf", o);
  EXPECT_EQ(defaults.at("spark.eventLog.dir"), "file:/srv/stack/shared/events");
  EXPECT_EQ(defaults.at("spark.history.fs.logDirectory"), "file:/srv/stack/shared/events");
  EXPECT_EQ(defaults.at("spark.sql.warehouse.dir"), "file:/data/wh");
}

TEST(StackLayout, AssignmentsAreCheckedAndEmptyRestoresTheDefault) {
  EXPECT_EQ(parse_layout_assignment("spark35.warehouse=/x"),
            std::make_pair(std::string("spark35.warehouse"), std::string("/x")));
  EXPECT_EQ(parse_layout_assignment("spark41.database=").second, "");
  EXPECT_THROW(parse_layout_assignment("spark41.database=postgres"), InputError);
  EXPECT_THROW(parse_layout_assignment("spark42.warehouse=/x"), InputError);
  EXPECT_THROW(parse_layout_assignment("spark41.warehouse"), InputError);
  EXPECT_EQ(layout_of(spark41(), StackPaths{"/s"}, {{"spark41.warehouse", ""}}).warehouse_dir,
            "/s/warehouse/4.1");
}

}  // namespace
}  // namespace sparkmv::stack
