#include "kube/tools.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "common/errors.hpp"
#include "kube/process.hpp"

namespace sparkmv::kube {

std::string resolve_tool(const ToolSpec& tool, const std::string& explicit_path) {
  std::string wanted = explicit_path;
  std::string source = tool.option;
  if (wanted.empty()) {
    const char* from_env = std::getenv(tool.env_var.c_str());
    if (from_env != nullptr && *from_env != '\0') {
      wanted = from_env;
      source = tool.env_var;
    }
  }
  if (!wanted.empty()) {
    auto found = find_program(wanted);
    if (found.empty()) {
      throw EnvironmentError(
          fmt::format("{} not found or not executable: {} (from {})", tool.name, wanted, source));
    }
    return found;
  }
  auto found = find_program(tool.name);
  if (found.empty()) {
    throw EnvironmentError(fmt::format("{} not found on PATH: install it, or pass {} PATH, or set {}",
                                       tool.name, tool.option, tool.env_var));
  }
  return found;
}

}  // namespace sparkmv::kube
