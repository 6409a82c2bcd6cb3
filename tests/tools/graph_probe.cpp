// graph_probe: strata's revision traversal, driven from a script, for the
// differential test against Alembic (tests/e2e/traversal_diff.py). It runs
// the same code the upgrade/downgrade commands run (RevisionGraph's paths and
// HeadTracker's version-table edits) without a database, so hundreds of
// random graphs can be checked in a second.
//
// Input, one command per line (lists are comma-separated, '-' for empty):
//   rev ID DOWN_REVISIONS DEPENDS_ON BRANCH_LABELS   adds a revision
//   build                                           builds the graph
//   up TARGET ROWS / down TARGET ROWS               one run from version rows ROWS
// Output, one line per run:
//   ok STEPS ROWS      STEPS: +id / -id in order; ROWS: the rows left, sorted
//   error MESSAGE
//   graph-error MESSAGE   (after build)
#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/revision_graph.h"
#include "core/version_edits.h"

namespace {

using strata::core::RevisionGraph;
using strata::core::RevisionHeader;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  if (text == "-") return out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

std::string join_list(const std::vector<std::string>& items) {
  if (items.empty()) return "-";
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::string run(const RevisionGraph& graph, bool upgrade, const std::string& target,
                const std::vector<std::string>& rows) {
  auto steps = upgrade ? graph.upgrade_path(rows, target) : graph.downgrade_path(rows, target);
  strata::core::HeadTracker tracker(graph, rows);
  std::vector<std::string> shown;
  for (const auto& s : steps) {
    tracker.apply(s);
    shown.push_back((s.upgrade ? "+" : "-") + s.revision);
  }
  auto left = tracker.heads();
  std::sort(left.begin(), left.end());
  return "ok " + join_list(shown) + " " + join_list(left);
}

}  // namespace

int main() {
  std::vector<RevisionHeader> headers;
  std::unique_ptr<RevisionGraph> graph;
  for (std::string line; std::getline(std::cin, line);) {
    std::stringstream in(line);
    std::string command;
    in >> command;
    if (command == "rev") {
      RevisionHeader h;
      std::string down, deps, labels;
      in >> h.id >> down >> deps >> labels;
      h.down_revisions = split_list(down);
      h.depends_on = split_list(deps);
      h.branch_labels = split_list(labels);
      h.path = h.id + ".yaml";
      headers.push_back(std::move(h));
    } else if (command == "build") {
      try {
        graph = std::make_unique<RevisionGraph>(std::move(headers));
      } catch (const strata::core::Error& e) {
        graph.reset();
        std::cout << "graph-error " << e.what() << "\n";
      }
      headers.clear();
    } else if (command == "up" || command == "down") {
      std::string target, rows;
      in >> target >> rows;
      if (!graph) {
        std::cout << "error no graph\n";
      } else {
        try {
          std::cout << run(*graph, command == "up", target, split_list(rows)) << "\n";
        } catch (const strata::core::Error& e) {
          std::string message = e.what();
          std::replace(message.begin(), message.end(), '\n', ' ');
          std::cout << "error " << message << "\n";
        }
      }
    } else if (!command.empty()) {
      std::cerr << "graph_probe: unknown command '" << command << "'\n";
      return 2;
    }
    std::cout.flush();
  }
  return 0;
}
