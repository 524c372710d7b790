#include "analysis/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/text.hpp"

namespace sparkmv::analysis {

namespace {

// Charts show at most this many rows; the rest are counted in a note.
constexpr std::size_t max_chart_rows = 60;

struct Bar {
  std::string label;
  std::int64_t base = 0;
  std::int64_t candidate = 0;
  std::string flag;
};

std::string human(std::int64_t value, std::string_view unit) {
  const auto v = static_cast<double>(value);
  if (unit == "ms") return value >= 1000 ? fmt::format("{:.2f} s", v / 1000.0) : fmt::format("{} ms", value);
  if (unit == "bytes") {
    if (value >= (std::int64_t{1} << 30)) return fmt::format("{:.2f} GiB", v / (1 << 30));
    if (value >= (1 << 20)) return fmt::format("{:.2f} MiB", v / (1 << 20));
    if (value >= (1 << 10)) return fmt::format("{:.1f} KiB", v / (1 << 10));
    return fmt::format("{} B", value);
  }
  return fmt::format("{}", value);
}

// Horizontal grouped bars: base above candidate for each row, scaled to the largest value.
std::string bar_chart(const std::string& id, const std::vector<Bar>& rows, std::string_view unit) {
  const std::size_t shown = std::min(rows.size(), max_chart_rows);
  constexpr int label_width = 330;
  constexpr int bar_area = 460;
  constexpr int row_height = 30;
  const int height = static_cast<int>(shown) * row_height + 30;
  std::int64_t largest = 1;
  for (std::size_t i = 0; i < shown; ++i) largest = std::max({largest, rows[i].base, rows[i].candidate});
  std::string svg = fmt::format(
      R"(<svg id="{}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" role="img">)",
      id, label_width + bar_area + 110, height);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& r = rows[i];
    const int y = static_cast<int>(i) * row_height + 4;
    const auto width = [&](std::int64_t v) {
      return std::max(1, static_cast<int>(static_cast<double>(v) / static_cast<double>(largest) * bar_area));
    };
    std::string label = r.label.size() > 48 ? r.label.substr(0, 45) + "..." : r.label;
    svg += fmt::format(R"(<text x="{}" y="{}" class="label" text-anchor="end">{}<title>{}</title></text>)",
                       label_width - 8, y + 17, html_escape(label), html_escape(r.label));
    svg += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="11" class="base"><title>base: {}</title></rect>)",
        label_width, y + 2, width(r.base), html_escape(human(r.base, unit)));
    svg += fmt::format(
        R"(<rect x="{}" y="{}" width="{}" height="11" class="cand {}"><title>candidate: {}</title></rect>)",
        label_width, y + 14, width(r.candidate), r.flag, html_escape(human(r.candidate, unit)));
    svg += fmt::format(R"(<text x="{}" y="{}" class="value">{} / {}</text>)",
                       label_width + std::max(width(r.base), width(r.candidate)) + 6, y + 17,
                       html_escape(human(r.base, unit)), html_escape(human(r.candidate, unit)));
  }
  svg += fmt::format(
      R"(<g class="legend"><rect x="{0}" y="{1}" width="12" height="10" class="base"/><text x="{2}" y="{3}">base</text>)"
      R"(<rect x="{4}" y="{1}" width="12" height="10" class="cand"/><text x="{5}" y="{3}">candidate</text></g>)",
      label_width, height - 18, label_width + 16, height - 9, label_width + 70, label_width + 86);
  svg += "</svg>";
  if (rows.size() > shown)
    svg += fmt::format(R"(<p class="note">{} more not drawn; see <code>-o json</code>.</p>)",
                       rows.size() - shown);
  return svg;
}

std::vector<Bar> bars_of(const std::vector<Delta>& deltas) {
  std::vector<Bar> bars;
  for (const auto& d : deltas) bars.push_back({d.label, d.base_ms, d.candidate_ms, d.flag});
  return bars;
}

std::string run_line(const char* role, const RunSummary& r) {
  return fmt::format("<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                     role, html_escape(r.spark_version), html_escape(r.app_id), html_escape(r.app_name),
                     html_escape(r.tag.empty() ? "(whole application)" : r.tag), human(r.wall_ms(), "ms"),
                     html_escape(r.path));
}

constexpr const char* style = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#1d232a;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2e8;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0}td,th{padding:3px 10px;border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{padding:12px 16px;border-radius:6px;margin:14px 0;border-left:6px solid}
.verdict h2{border:none;margin:0 0 6px;padding:0}
.v-regression{background:#fdecec;border-color:#c62828}.v-improvement{background:#e8f5e9;border-color:#2e7d32}
.v-no-regression{background:#eef4fb;border-color:#1565c0}.v-inconclusive,.v-not-comparable{background:#fff8e1;border-color:#f9a825}
svg.chart{display:block;margin:6px 0}svg text{font:12px system-ui,sans-serif;fill:#1d232a}
rect.base{fill:#90a4ae}rect.cand{fill:#1e88e5}rect.cand.slower{fill:#e53935}rect.cand.faster{fill:#43a047}
.note{color:#5f6b76;font-size:13px}.up{color:#c62828}.down{color:#2e7d32}code{font-size:12px}
)";

// Marks the page rendered only when every chart drew: the browser test waits for this marker.
constexpr const char* script = R"(
(function () {
  var charts = document.querySelectorAll('svg.chart');
  var ok = charts.length > 0;
  charts.forEach(function (c) { var b = c.getBBox(); if (!(b.width > 0 && b.height > 0)) ok = false; });
  var marker = document.getElementById('render-status');
  marker.textContent = ok ? 'rendered' : 'failed';
  marker.setAttribute('data-charts', String(charts.length));
})();
)";

}  // namespace

std::string html_escape(std::string_view text) {
  return text::markup_escape(text);
}

std::string render_html(const Comparison& c) {
  std::string verdict_class(verdict_name(c.verdict));
  std::replace(verdict_class.begin(), verdict_class.end(), ' ', '-');
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  html +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'\">";
  html += fmt::format("<title>sparkmv compare: {}</title><style>{}</style></head><body>\n",
                      html_escape(std::string(verdict_name(c.verdict))), style);
  html += "<h1>Spark run comparison</h1>\n";
  html +=
      "<table><tr><th></th><th>Spark</th><th>application</th><th>name</th><th>run</th><th>wall time</th>"
      "<th>log</th></tr>";
  html += run_line("base", c.base) + run_line("candidate", c.candidate) + "</table>\n";

  html += fmt::format(R"(<div class="verdict v-{}" id="verdict"><h2>Verdict: {}</h2><ul>)", verdict_class,
                      html_escape(std::string(verdict_name(c.verdict))));
  for (const auto& r : c.reasons) html += "<li>" + html_escape(r) + "</li>";
  html += fmt::format(
      "</ul><p class=\"note\">Rules: a regression is wall time or executor CPU time growing by more than its "
      "threshold ({:.0f}% / {:.0f}%); a metric is judged only when one of its two values reaches {} ms; "
      "fewer than "
      "{:.0f}% of stages aligned on either side makes the comparison inconclusive; executor count, cores, "
      "memory per executor or input differing by more than {:.0f}% makes the runs not "
      "comparable.</p></div>\n",
      c.options.wall_threshold * 100, c.options.cpu_threshold * 100, c.options.min_duration_ms,
      c.options.min_aligned * 100, c.options.resource_tolerance * 100);

  html += "<h2>Resource totals</h2>\n";
  std::vector<Bar> times;
  for (const auto& t : c.totals)
    if (t.unit == "ms") times.push_back({t.name, t.base, t.candidate, ""});
  html += bar_chart("chart-totals", times, "ms");
  html += "<table><tr><th>total</th><th>base</th><th>candidate</th><th>change</th></tr>";
  for (const auto& t : c.totals) {
    const double change = t.change();
    html += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num {}\">{}</td></tr>",
        html_escape(t.name), human(t.base, t.unit), human(t.candidate, t.unit),
        change > 0   ? "up"
        : change < 0 ? "down"
                     : "",
        t.base == 0 ? std::string("-") : fmt::format("{:+.1f}%", change * 100));
  }
  html += "</table>\n";

  html += fmt::format("<h2>SQL executions ({} aligned)</h2>\n", c.sql.size());
  html += c.sql.empty() ? std::string("<p class=\"note\">No SQL execution aligned.</p>")
                        : bar_chart("chart-sql", bars_of(c.sql), "ms");
  html += fmt::format("<h2>Stages ({} aligned)</h2>\n", c.stages.size());
  html += c.stages.empty() ? std::string("<p class=\"note\">No stage aligned.</p>")
                           : bar_chart("chart-stages", bars_of(c.stages), "ms");
  html += fmt::format(
      "<p class=\"note\">Bars: grey base, blue candidate; red when the candidate is more than {:.0f}% slower "
      "and "
      "green when faster (items of at least {} ms).</p>\n",
      c.options.wall_threshold * 100, c.options.min_item_ms);

  html += fmt::format("<h2>Not aligned ({})</h2>\n", c.unaligned.size());
  if (c.unaligned.empty()) {
    html += "<p class=\"note\">Every SQL execution, job and stage found its counterpart.</p>";
  } else {
    html +=
        "<p class=\"note\">These differ in shape (stages or tasks) or name between the runs, so they are not "
        "paired; their time is still in the totals.</p><table><tr><th>side</th><th>kind</th><th>id</th>"
        "<th>what</th><th>duration</th></tr>";
    for (const auto& u : c.unaligned)
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
          u.side, u.kind, u.id, html_escape(u.label), human(u.duration_ms, "ms"));
    html += "</table>";
  }
  if (!c.setting_changes.empty()) {
    html += "<h2>Settings that differ</h2><table><tr><th>setting</th><th>base</th><th>candidate</th></tr>";
    for (const auto& [name, values] : c.setting_changes)
      html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(name),
                          html_escape(values.first), html_escape(values.second));
    html += "</table>";
  }
  html +=
      "\n<p class=\"note\">Written by sparkmv events compare. Status: <span id=\"render-status\">not "
      "rendered</span></p>\n";
  html += fmt::format("<script>{}</script>\n</body></html>\n", script);
  return html;
}

}  // namespace sparkmv::analysis
