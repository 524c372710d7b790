#pragma once
// What the end-to-end scenarios share: their state directory, the real binary's JSON output, and a scenario
// environment that starts from nothing and leaves nothing running.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace sparkmv::e2e {

inline const std::filesystem::path kState = SPARKMV_E2E_STATE;
inline const std::filesystem::path kSource = SPARKMV_SOURCE_DIR;

// `sparkmv args... -o json`: its exit code must be `expected_exit` and its output JSON.
inline nlohmann::json run_json(std::vector<std::string> args, int expected_exit) {
  args.insert(args.end(), {"-o", "json"});
  const auto r = testing::run_sparkmv(args);
  EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << r.out << r.err;
  return doc;
}

inline void purge_stack() {
  testing::run_sparkmv({"down", "--purge", "--state-dir", kState.string()});
}

// The stack of the scenario is purged before it starts and after it ends, whatever happened.
class ScenarioEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    purge_stack();
    std::filesystem::create_directories(kState.parent_path());
  }
  void TearDown() override { purge_stack(); }
};

}  // namespace sparkmv::e2e
