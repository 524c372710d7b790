#pragma once
// A summary from a log read in parts (eventlog/parallel_reader.hpp). SummaryBuilder folds events in log
// order, and what it does with a task end depends on the events before it (a tag selects a stage only once
// a selected job named it). So a part keeps the events the builder needs in order as they are, copied, and
// between two of them folds task ends per stage attempt: within such a block nothing can change how the
// builder treats them, and sums and maxima do not depend on the order they are taken in. The merge replays
// the blocks in order into each builder, so the summary is the one a single pass in order gives.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analysis/summary.hpp"
#include "eventlog/parallel_reader.hpp"
#include "eventlog/reader.hpp"

namespace sparkmv::analysis {

class SummaryPart final : public eventlog::PartSink {
 public:
  void add(eventlog::EventView& event) override;
  // Replays the part into every builder; `reader` parses the in-order events again for each.
  void replay(std::vector<SummaryBuilder>& builders, eventlog::EventReader& reader) const;

 private:
  struct Block {
    std::uint64_t events = 0;  // before `in_order`: task ends, and events the builder ignores
    std::uint64_t task_end_fallbacks = 0;
    std::map<std::pair<std::int64_t, std::int64_t>, Metrics> tasks;  // by stage id and attempt
    std::string in_order;  // the line of the event that ends the block; empty for the part's last block
  };
  std::vector<Block> blocks_{1};
  // The stage attempt the previous task end went to: tasks of a stage come in long runs, so most task ends
  // skip the map lookup. Map nodes stay put; reset when a block ends.
  std::pair<std::int64_t, std::int64_t> last_stage_{-1, -1};
  Metrics* last_tasks_ = nullptr;
};

class PartedSummary final : public eventlog::PartConsumer {
 public:
  explicit PartedSummary(std::vector<SummaryBuilder>& builders) : builders_(builders) {}
  std::unique_ptr<eventlog::PartSink> new_part() override { return std::make_unique<SummaryPart>(); }
  void merge(eventlog::PartSink& part, std::uint64_t lines_before) override;

 private:
  std::vector<SummaryBuilder>& builders_;
  eventlog::EventReader reader_;
};

}  // namespace sparkmv::analysis
