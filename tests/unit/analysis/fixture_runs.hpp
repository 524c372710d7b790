#pragma once
// The event-log fixtures real Spark wrote, looked up by name in expected.json (ids change on regeneration).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "analysis/summary.hpp"
#include "eventlog/storage.hpp"

namespace sparkmv::analysis::testing {

inline const std::filesystem::path& eventlog_fixtures() {
  static const std::filesystem::path dir = std::filesystem::path(SPARKMV_FIXTURES_DIR) / "eventlogs";
  return dir;
}

// The expected.json entry of a fixture; fails the test when it is missing.
inline nlohmann::json fixture(const std::string& name) {
  std::ifstream in(eventlog_fixtures() / "expected.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str());
  for (const auto& entry : doc["fixtures"]) {
    if (entry["fixture"] == name) return entry;
  }
  ADD_FAILURE() << "no fixture " << name << " in expected.json";
  return nlohmann::json::object();
}

inline std::string fixture_path(const std::string& name) {
  return (eventlog_fixtures() / fixture(name)["path"].get<std::string>()).string();
}

inline RunSummary summary_of(const std::string& name, const std::string& tag = "") {
  auto storage = eventlog::local_storage();
  return summarize(*storage, fixture_path(name), RunSelector{"", tag});
}

}  // namespace sparkmv::analysis::testing
