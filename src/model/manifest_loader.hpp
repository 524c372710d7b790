#pragma once
// Loads Kubernetes objects from what `helm template` prints (multi-document YAML with `# Source:` comments)
// or from `kubectl get -o json` (a List, a single object, or an array). Bad input raises InputError naming
// the file and line.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/object.hpp"

namespace sparkmv::model {

// `origin` names the input in messages and in each object's SourceLocation.
std::vector<KubeObject> load_manifests(std::string_view text, const std::string& origin);

// Reads a file ("-" means standard input) and loads it; an unreadable file is an InputError.
std::vector<KubeObject> load_manifest_file(const std::string& path);

// Far above any rendered chart or inventory; bounds memory when a path names something endless.
inline constexpr std::size_t max_input_bytes = std::size_t{64} << 20;

// Reads a whole file, a pipe or standard input ("-") as bytes. InputError naming the path for a directory,
// a device or socket, a read error or more than max_input_bytes.
std::string read_input(const std::string& path);

}  // namespace sparkmv::model
