#pragma once
// A scratch directory holding a copy of the fixture inventory, for the tests that change jobs.yaml.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "migrate/store.hpp"
#include "support/manifests.hpp"

namespace sparkmv::migrate::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class Scratch {
 public:
  Scratch() {
    auto pattern = (std::filesystem::temp_directory_path() / "sparkmv-migrate-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    files_.jobs = root_ / "jobs.yaml";
    write_text(files_.jobs, fixture_text());
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  static std::string fixture_text() { return read_text(sparkmv::testing::fixture_path("jobs/jobs.yaml")); }

  const std::filesystem::path& root() const { return root_; }
  const InventoryFiles& files() const { return files_; }
  std::string jobs_text() const { return read_text(files_.jobs); }

 private:
  std::filesystem::path root_;
  InventoryFiles files_;
};

}  // namespace sparkmv::migrate::testing
