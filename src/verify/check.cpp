#include "verify/check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

namespace sparkmv::verify {

std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass:
      return "pass";
    case CheckStatus::fail:
      return "FAIL";
    case CheckStatus::skipped:
      return "skip";
    case CheckStatus::error:
      return "ERROR";
  }
  return "?";
}

ExitCode exit_code(const VerifyReport& report) {
  bool error = false;
  for (const auto& check : report.checks) {
    if (check.status == CheckStatus::fail) return ExitCode::findings;
    error = error || check.status == CheckStatus::error;
  }
  return error ? ExitCode::environment : ExitCode::ok;
}

std::string render_table(const VerifyReport& report, bool colour) {
  const auto paint = [colour](std::string_view text, const char* code) {
    return colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  };
  std::string out;
  std::array<int, 4> counts{};
  for (const auto& check : report.checks) {
    counts[static_cast<std::size_t>(check.status)] += 1;
    const char* code = check.status == CheckStatus::pass    ? "32"
                       : check.status == CheckStatus::fail  ? "31"
                       : check.status == CheckStatus::error ? "35"
                                                            : "33";
    const auto status = fmt::format("{:<5}", to_string(check.status));
    out += fmt::format("{} {}{}: {}\n", paint(status, code), check.title,
                       check.rule.empty() ? "" : fmt::format(" [{}]", check.rule),
                       check.evidence.empty() ? std::string("-") : check.evidence.front());
    for (std::size_t i = 1; i < check.evidence.size(); ++i)
      out += fmt::format("      {}\n", check.evidence[i]);
    if ((check.status == CheckStatus::fail || check.status == CheckStatus::error) && !check.fix.empty()) {
      out += fmt::format("      fix: {}\n", check.fix);
    }
  }
  out += fmt::format("{} check(s) on {}: {} passed, {} failed, {} skipped, {} could not run\n",
                     report.checks.size(), fmt::join(report.scope, ", "), counts[0], counts[1], counts[2],
                     counts[3]);
  for (const auto& [label, where] : report.outputs) out += fmt::format("{}: {}\n", label, where);
  return out;
}

nlohmann::json to_json(const VerifyReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  nlohmann::json summary = {{"pass", 0}, {"fail", 0}, {"skipped", 0}, {"error", 0}};
  for (const auto& check : report.checks) {
    const std::string status = check.status == CheckStatus::pass      ? "pass"
                               : check.status == CheckStatus::fail    ? "fail"
                               : check.status == CheckStatus::skipped ? "skipped"
                                                                      : "error";
    summary[status] = summary[status].get<int>() + 1;
    nlohmann::json j = {
        {"id", check.id}, {"title", check.title}, {"status", status}, {"evidence", check.evidence}};
    j["rule"] = check.rule.empty() ? nlohmann::json(nullptr) : nlohmann::json(check.rule);
    j["fix"] = check.fix.empty() ? nlohmann::json(nullptr) : nlohmann::json(check.fix);
    checks.push_back(std::move(j));
  }
  nlohmann::json outputs = nlohmann::json::object();
  for (const auto& [label, where] : report.outputs) outputs[label] = where;
  return {{"target", report.target}, {"scope", report.scope},
          {"checks", checks},        {"outputs", outputs},
          {"summary", summary},      {"exit_code", static_cast<int>(exit_code(report))}};
}

}  // namespace sparkmv::verify
