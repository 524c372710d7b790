#pragma once
// `events compare --html`: one self-contained page (inline CSS and SVG, no network, a few lines of script
// that mark the page rendered) with the verdict and why, stage and SQL durations side by side, and the
// resource totals.
#include <string>

#include "analysis/compare.hpp"

namespace sparkmv::analysis {

std::string render_html(const Comparison& comparison);

// Text made safe for HTML element content and attribute values.
std::string html_escape(std::string_view text);

}  // namespace sparkmv::analysis
