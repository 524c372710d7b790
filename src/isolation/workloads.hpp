#pragma once
// What each workload is (History Server, Hive Metastore, Spark Connect server) and what the rules need
// to know about it, so that a setting nothing in the render names is reported (ISO011) instead of being
// taken as "no problem".
#include <string>
#include <string_view>
#include <vector>

#include "isolation/inventory.hpp"

namespace sparkmv::isolation {

enum class WorkloadRole { history_server, hive_metastore, connect_server };
std::string_view to_string(WorkloadRole role);  // "History Server", "Hive Metastore", "Spark Connect server"

// From labels (app=, app.kubernetes.io/component=), the image and the command line; none for other
// workloads.
std::vector<WorkloadRole> roles_of(const model::KubeObject& object);

// Names of the ConfigMaps a workload's pods mount as volumes (plain or projected) or load with envFrom.
std::vector<std::string> configmaps_used_by(const model::KubeObject& object);

// The settings the rules need that no place the tool reads gives, for every workload and submit
// configuration of the release.
std::vector<Undetermined> undetermined_settings(const ReleaseProfile& profile);

// Object-store locations that name no endpoint in a bucket another release reaches through a named one:
// whether the two are one store could not be determined (an "S3 endpoint" entry for each).
void add_ambiguous_endpoints(std::vector<ReleaseProfile>& releases);

}  // namespace sparkmv::isolation
