#pragma once
// Replacing a file so that readers and crashes see the old or the new content, never a mix: a temporary file
// beside the target, written and fsync'd, renamed over it, the directory fsync'd. Two phases, so that a
// caller can do something between "the new content is safely on disk" and "it is in place" (the migration
// journal is written there, ahead of the change).
#include <filesystem>
#include <functional>
#include <string_view>

namespace sparkmv {

// Called with the name of each step before it runs ("temporary create", "temporary write", "temporary
// sync", "rename", "directory sync"); tests throw from it to fail that step. Empty in production.
using FailPoint = std::function<void(std::string_view step)>;

struct ReplaceOptions {
  // `path` is a symbolic link: replace the file it points to and keep the link (a jobs.yaml kept elsewhere);
  // otherwise the link itself is replaced and never written through (a report must not land where a link
  // someone planted points).
  bool through_links = false;
  // Keep the owner and group as well as the mode; refuse (EnvironmentError) when that is not permitted.
  bool keep_owner = false;
  FailPoint fail_point;
};

class FileReplacement {
 public:
  // Writes `content` to a temporary file beside the target and fsyncs it. EnvironmentError naming the path
  // on any failure; no temporary stays behind.
  FileReplacement(const std::filesystem::path& path, std::string_view content, ReplaceOptions options = {});
  ~FileReplacement();  // removes the temporary unless it was committed
  FileReplacement(const FileReplacement&) = delete;
  FileReplacement& operator=(const FileReplacement&) = delete;

  // Renames the temporary over the target: from here on, readers see the new content. EnvironmentError when
  // the rename fails (the target is unchanged).
  void commit();
  // Makes the rename durable. EnvironmentError when the directory cannot be fsync'd (the new content is in
  // place but might not survive a power cut).
  void sync_directory();

  // The file actually replaced: `path`, or what its links point to with through_links.
  const std::filesystem::path& target() const { return target_; }

 private:
  void step(std::string_view name) const;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  ReplaceOptions options_;
  bool committed_ = false;
};

// All three steps at once.
void replace_file(const std::filesystem::path& path, std::string_view content, ReplaceOptions options = {});

// Removes temporaries a killed replacement left beside `path` (".<name>.tmp-XXXXXX"). Only safe while no
// other replacement of the same file can be under way (the caller holds a lock).
void remove_stale_temporaries(const std::filesystem::path& path, bool through_links = false);

}  // namespace sparkmv
