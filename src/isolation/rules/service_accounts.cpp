// ISO006: pods of two releases run as one ServiceAccount, or one release binds the other's account, so a
// Role granted to one version (e.g. to create executor pods) is granted to both.
// ISO009: a ClusterRoleBinding gives a release's account rights in every namespace, which defeats the
// namespace separation production relies on.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>
#include <set>

#include "isolation/rules/rule_support.hpp"
#include "model/workload.hpp"

namespace sparkmv::isolation::rules {

namespace {

using AccountKey = std::pair<std::string, std::string>;  // namespace, name

struct AccountUse {
  std::set<std::string> releases;
  std::vector<Evidence> evidence;
};

// Which releases run pods as, or own, each ServiceAccount.
std::map<AccountKey, AccountUse> account_uses(const Inventory& inventory) {
  std::map<AccountKey, AccountUse> uses;
  for (const auto& object : inventory.objects()) {
    if (object.kind == "ServiceAccount") {
      auto& use = uses[{object.ns, object.name}];
      use.releases.insert(object.release);
      continue;
    }
    const auto pod = model::pod_template_of(object);
    if (!pod) continue;
    const auto account = model::service_account_of(*pod->spec);
    auto& use = uses[{object.ns, account}];
    use.releases.insert(object.release);
    use.evidence.push_back(evidence_of(object, "serviceAccountName " + account));
  }
  return uses;
}

std::vector<AccountKey> bound_accounts(const model::KubeObject& binding) {
  std::vector<AccountKey> accounts;
  const auto subjects = binding.body.find("subjects");
  if (subjects == binding.body.end() || !subjects->is_array()) return accounts;
  for (const auto& subject : *subjects) {
    if (!subject.is_object() ||
        model::scalar_text(subject.value("kind", nlohmann::json())) != "ServiceAccount") {
      continue;
    }
    auto ns = model::scalar_text(subject.value("namespace", nlohmann::json()));
    if (ns.empty()) ns = binding.ns;
    accounts.emplace_back(ns, model::scalar_text(subject.value("name", nlohmann::json())));
  }
  return accounts;
}

}  // namespace

void check_service_accounts(const Inventory& inventory, FindingSink& sink) {
  const auto uses = account_uses(inventory);
  for (const auto& [key, use] : uses) {
    if (use.releases.size() < 2 || use.evidence.empty()) continue;
    const std::vector<std::string> releases(use.releases.begin(), use.releases.end());
    sink.add("ISO006", releases,
             fmt::format("pods of {} run as one ServiceAccount, {}/{}", fmt::join(releases, " and "),
                         key.first, key.second),
             "give each release its own ServiceAccount named from the release (serviceAccount.create=true)",
             use.evidence);
  }

  for (const auto& binding : inventory.objects()) {
    if (binding.kind != "RoleBinding" && binding.kind != "ClusterRoleBinding") continue;
    for (const auto& account : bound_accounts(binding)) {
      const auto use = uses.find(account);
      const std::set<std::string> users = use == uses.end() ? std::set<std::string>{} : use->second.releases;
      const auto account_name = fmt::format("{}/{}", account.first, account.second);
      for (const auto& user : users) {
        if (user == binding.release) continue;
        sink.add("ISO006", {binding.release, user},
                 fmt::format("{} {} of {} grants its role to ServiceAccount {} of {}", binding.kind,
                             binding.name, binding.release, account_name, user),
                 "bind each release's roles only to that release's own ServiceAccount",
                 {evidence_of(binding, "subject ServiceAccount " + account_name)});
      }
      if (binding.kind != "ClusterRoleBinding") continue;
      std::set<std::string> affected = users;
      affected.insert(binding.release);
      for (const auto& release : affected) {
        const auto role = binding.body.value("roleRef", nlohmann::json::object());
        sink.add(
            "ISO009", {release},
            fmt::format("ClusterRoleBinding {} grants ClusterRole {} to ServiceAccount {} of {} in every "
                        "namespace",
                        binding.name, model::scalar_text(role.value("name", nlohmann::json())), account_name,
                        release),
            "use a Role and RoleBinding in the release's namespace instead of cluster-wide rights",
            {evidence_of(binding, "subject ServiceAccount " + account_name)});
      }
    }
  }
}

}  // namespace sparkmv::isolation::rules
