#include "analysis/summary_parts.hpp"

#include "eventlog/memory_source.hpp"

namespace sparkmv::analysis {

void SummaryPart::add(eventlog::EventView& event) {
  Block& block = blocks_.back();
  if (SummaryBuilder::needs_in_order(event.type())) {
    block.in_order.reserve(event.json().size() + 1);
    block.in_order.assign(event.json());
    block.in_order += '\n';
    blocks_.emplace_back();
    last_tasks_ = nullptr;
    return;
  }
  ++block.events;
  if (event.type() != eventlog::EventType::task_end) return;
  const auto task = eventlog::as_task_end(event);
  if (!task || !task->scanned) ++block.task_end_fallbacks;
  if (!task) return;
  const std::pair key{task->stage_id, task->stage_attempt};
  if (last_tasks_ == nullptr || key != last_stage_) {
    last_tasks_ = &block.tasks[key];
    last_stage_ = key;
  }
  last_tasks_->add(*task);
}

void SummaryPart::replay(std::vector<SummaryBuilder>& builders, eventlog::EventReader& reader) const {
  for (auto& builder : builders) {
    for (const auto& block : blocks_) {
      builder.count_events(block.events, block.task_end_fallbacks);
      for (const auto& [stage, tasks] : block.tasks) builder.add_tasks(stage.first, stage.second, tasks);
      if (block.in_order.empty()) continue;
      // The line was an event when the part was read, so it parses the same way again.
      eventlog::MemorySource line(block.in_order, "replay");
      eventlog::ReadSummary ignored;
      reader.read(
          line, "replay", [&](eventlog::EventView& event) { builder.add(event); }, ignored);
    }
  }
}

void PartedSummary::merge(eventlog::PartSink& part, std::uint64_t /*lines_before*/) {
  static_cast<const SummaryPart&>(part).replay(builders_, reader_);
}

}  // namespace sparkmv::analysis
