#include "kube/kubectl.hpp"

#include <fmt/format.h>

#include <cctype>
#include <sstream>

#include "common/errors.hpp"
#include "model/manifest_loader.hpp"

namespace sparkmv::kube {

namespace {

bool contains(const std::string& text, const char* what) {
  return text.find(what) != std::string::npos;
}

bool is_klog_line(const std::string& line) {
  // klog: a severity letter, MMDD, a space, then a time: "E1124 01:14:37.051913 ..."
  return line.size() > 6 && (line[0] == 'E' || line[0] == 'W' || line[0] == 'I') &&
         std::isdigit(static_cast<unsigned char>(line[1])) != 0 &&
         std::isdigit(static_cast<unsigned char>(line[4])) != 0 && line[5] == ' ';
}

}  // namespace

KubectlFailure classify_kubectl_error(const std::string& text) {
  if (contains(text, "(Forbidden)") || contains(text, " is forbidden: ")) return KubectlFailure::forbidden;
  if (contains(text, "Unable to connect to the server") || contains(text, "The connection to the server") ||
      contains(text, "connection refused") || contains(text, "no such host") ||
      contains(text, "i/o timeout") || contains(text, "(ServiceUnavailable)")) {
    return KubectlFailure::unreachable;
  }
  if (contains(text, "(NotFound)") || contains(text, " not found")) return KubectlFailure::not_found;
  if (contains(text, "context deadline exceeded") || contains(text, "(Timeout)"))
    return KubectlFailure::timeout;
  return text.empty() ? KubectlFailure::none : KubectlFailure::other;
}

std::string kubectl_message(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::string last_plain;
  std::string last_any;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last_any = line;
    if (!is_klog_line(line)) last_plain = line;
  }
  return last_plain.empty() ? last_any : last_plain;
}

Kubectl::Kubectl(KubectlOptions options) : options_(std::move(options)) {}

std::vector<std::string> Kubectl::argv(const std::vector<std::string>& args) const {
  std::vector<std::string> out{options_.path};
  if (!options_.context.empty()) out.insert(out.end(), {"--context", options_.context});
  out.push_back(fmt::format("--request-timeout={}s", options_.timeout.count()));
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

ProcessResult Kubectl::run(const std::vector<std::string>& args) const {
  ProcessOptions process;
  // kubectl's own request timeout covers each request; our limit catches a kubectl that hangs anyway.
  process.timeout =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.timeout) + std::chrono::seconds(2);
  return run_process(argv(args), process);
}

std::string Kubectl::run_checked(const std::vector<std::string>& args, const std::string& what) const {
  const auto result = run(args);
  if (result.not_started) {
    throw EnvironmentError(fmt::format("cannot run kubectl ({}): {}", options_.path, result.err));
  }
  if (result.timed_out) {
    throw EnvironmentError(fmt::format("{}: kubectl did not answer within {}s (kubectl killed)", what,
                                       options_.timeout.count()));
  }
  if (result.exit_code != 0) {
    const auto message = kubectl_message(result.err);
    switch (classify_kubectl_error(result.err)) {
      case KubectlFailure::unreachable:
        throw EnvironmentError(fmt::format("{}: cluster unreachable: {}", what, message));
      case KubectlFailure::forbidden:
        throw EnvironmentError(fmt::format(
            "{}: {} (verify needs get/list on these kinds and pods/log, pods/portforward in the namespace)",
            what, message));
      default:
        throw EnvironmentError(fmt::format("{}: kubectl exited {}: {}", what, result.exit_code,
                                           message.empty() ? std::string("(no message)") : message));
    }
  }
  return result.out;
}

std::vector<model::KubeObject> Kubectl::get_objects(const std::string& ns) const {
  const std::vector<std::string> args{"get", live_kinds, "--namespace", ns, "--output", "json"};
  const auto origin = fmt::format("kubectl get -n {}", ns);
  const auto text = run_checked(args, origin);
  std::vector<model::KubeObject> objects;
  try {
    // An empty namespace is an empty List: no objects, not bad input.
    const auto list = nlohmann::json::parse(text, nullptr, false);
    if (list.is_discarded()) throw InputError("not JSON");
    const auto items = list.find("items");
    if (!list.is_object() || items == list.end() || !items->is_array() || !items->empty()) {
      objects = model::load_manifests(text, origin);
    }
  } catch (const InputError& e) {
    throw EnvironmentError(fmt::format("{}: kubectl's output is not an object list: {}", origin, e.what()));
  }
  const std::vector<std::string> secret_args{"get", "secrets",  "--namespace",
                                             ns,    "--output", std::string("jsonpath=") + secret_jsonpath};
  const auto secret_origin = fmt::format("kubectl get secrets -n {}", ns);
  auto secrets = parse_secret_names(run_checked(secret_args, secret_origin), ns, secret_origin);
  std::move(secrets.begin(), secrets.end(), std::back_inserter(objects));
  return objects;
}

ProcessResult Kubectl::logs(const std::string& ns, const std::string& pod, int tail) const {
  return run({"logs", "--namespace", ns, "pod/" + pod, fmt::format("--tail={}", tail)});
}

std::unique_ptr<PortForward> Kubectl::port_forward(const std::string& ns, const std::string& pod,
                                                   int port) const {
  std::vector<std::string> args{"port-forward", "--namespace",           ns, "--address", "127.0.0.1",
                                "pod/" + pod,   fmt::format(":{}", port)};
  auto process = std::make_unique<BackgroundProcess>(argv(args));
  const auto line = process->wait_for_line("Forwarding from", options_.timeout);
  const int local = parse_forwarding_line(line);
  if (local == 0) {
    const auto message = kubectl_message(process->error_output());
    throw EnvironmentError(
        fmt::format("kubectl port-forward -n {} pod/{} :{}: {}", ns, pod, port,
                    message.empty() ? std::string("no forwarding port announced") : message));
  }
  return std::make_unique<PortForward>(std::move(process), local);
}

int parse_forwarding_line(const std::string& line) {
  // "Forwarding from 127.0.0.1:43123 -> 18080"
  const auto arrow = line.find(" -> ");
  if (line.rfind("Forwarding from ", 0) != 0 || arrow == std::string::npos) return 0;
  const auto colon = line.rfind(':', arrow);
  if (colon == std::string::npos) return 0;
  int port = 0;
  for (auto i = colon + 1; i < arrow; ++i) {
    if (std::isdigit(static_cast<unsigned char>(line[i])) == 0 || port > 65535) return 0;
    port = port * 10 + (line[i] - '0');
  }
  return port > 0 && port <= 65535 ? port : 0;
}

std::vector<model::KubeObject> parse_secret_names(const std::string& text, const std::string& ns,
                                                  const std::string& origin) {
  std::vector<model::KubeObject> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto tab = line.find('\t');
    model::KubeObject secret;
    secret.api_version = "v1";
    secret.kind = "Secret";
    secret.name = line.substr(0, tab);
    secret.ns = ns;
    secret.namespace_explicit = true;
    secret.where = {origin, number, ""};
    nlohmann::json labels = nlohmann::json::object();
    if (tab != std::string::npos && tab + 1 < line.size()) {
      try {
        labels = nlohmann::json::parse(line.substr(tab + 1));
      } catch (const nlohmann::json::exception&) {
        throw EnvironmentError(fmt::format("{} line {}: labels are not JSON", origin, number));
      }
      if (!labels.is_object()) labels = nlohmann::json::object();
    }
    secret.body = {{"apiVersion", "v1"},
                   {"kind", "Secret"},
                   {"metadata", {{"name", secret.name}, {"namespace", ns}, {"labels", labels}}}};
    out.push_back(std::move(secret));
  }
  return out;
}

}  // namespace sparkmv::kube
