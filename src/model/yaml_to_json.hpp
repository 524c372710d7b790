#pragma once
// Converts a yaml-cpp node to JSON, resolving plain scalars the way Kubernetes' YAML decoder does
// (null, booleans, integers and floats), and keeping quoted scalars as strings.
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>

namespace sparkmv::model {

nlohmann::json yaml_to_json(const YAML::Node& node);

}  // namespace sparkmv::model
