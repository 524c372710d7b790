#pragma once
// What the stack remembers between commands, under the state directory: its ports (stack.json, chosen on the
// first `up` and kept, so every later command finds the same endpoints), its layout overrides and its
// generated passwords (secrets/, owner-only).
#include <optional>
#include <string>
#include <vector>

#include "stack/topology.hpp"

namespace sparkmv::stack {

struct StackState {
  Ports ports;
  LayoutOverrides layout;  // `sparkmv up --set`, kept until changed
};

// Nothing when the state directory holds no stack; InputError when stack.json is unreadable.
std::optional<StackState> load_state(const StackPaths& paths);
void save_state(const StackPaths& paths, const StackState& state);

// Ports for every key: `configured` wins, then `stored`, then the next of `free` (in order). Throws
// InputError when two keys would share a port.
Ports resolve_ports(const Ports& stored, const Ports& configured, const std::vector<int>& free);

// The secret `name` (e.g. "postgres", "spark35"): read from secrets/<name>, or generated (32 hex digits from
// /dev/urandom) and stored with mode 0600 on first use.
std::string ensure_secret(const StackPaths& paths, const std::string& name);

}  // namespace sparkmv::stack
