// strata's YAML reader against yaml-cpp, the reader it replaced (kept in the
// tests only, as the reference): on every YAML file the test scenarios hold,
// on generated documents and on mutations of both, wherever both readers
// accept a text they must build the same tree (kinds, text, quoting, lines).
// Where only one accepts, the other must fail with a clean ScriptError.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "versions/op_yaml_writer.h"
#include "versions/yaml_tree.h"

// Its own namespace: the unity build compiles several test files as one.
namespace yaml_differential_test {

using namespace strata;
namespace fs = std::filesystem;

namespace {

// Where the trees differ, as a path; "" when they agree.
std::string difference(const versions::yaml::Node& ours, const YAML::Node& ref, const std::string& path) {
  auto where = [&](const std::string& what) { return path + ": " + what; };
  if (ref.IsNull()) return ours.is_null() ? "" : where("null in yaml-cpp only");
  if (ref.IsScalar()) {
    if (!ours.is_scalar()) return where("scalar in yaml-cpp only");
    if (ours.scalar() != ref.Scalar()) return where("text '" + ours.scalar() + "' vs '" + ref.Scalar() + "'");
    // yaml-cpp's tag is "!" for a quoted or block scalar, "?" for a plain one;
    // an explicit tag replaces both, so its style is lost there.
    const std::string& tag = ref.Tag();
    if ((tag == "!" || tag == "?" || tag == "tag:yaml.org,2002:str") &&
        ours.quoted() != (tag != "?"))
      return where("quoting differs");
    if (ours.mark().line != ref.Mark().line) return where("line differs");
    return "";
  }
  if (ref.IsSequence()) {
    if (!ours.is_sequence() || ours.size() != ref.size()) return where("sequence differs");
    for (std::size_t i = 0; i < ref.size(); ++i)
      if (auto d = difference(ours.item(i), ref[i], path + "[" + std::to_string(i) + "]"); !d.empty()) return d;
    return "";
  }
  if (ref.IsMap()) {
    if (!ours.is_map() || ours.size() != ref.size()) return where("map differs");
    auto it = ours.begin();
    for (const auto& kv : ref) {
      auto pair = *it;
      ++it;
      if (auto d = difference(pair.first, kv.first, path + "{key}"); !d.empty()) return d;
      if (auto d = difference(pair.second, kv.second, path + "." + kv.first.Scalar()); !d.empty()) return d;
    }
    return "";
  }
  return where("undefined in yaml-cpp");
}

struct Tally {
  int both = 0, ours_only = 0, ref_only = 0, neither = 0;
};

// Parses TEXT with both readers and compares; returns "" or the difference.
std::string compare(const std::string& text, Tally& tally) {
  versions::yaml::Node ours;
  bool ours_ok = true;
  try {
    ours = versions::yaml::parse(text, "d.yaml");
  } catch (const core::ScriptError& e) {
    ours_ok = false;
    // A second document is refused by design (yaml-cpp reads the first only).
    if (std::string(e.what()).find("a second document") != std::string::npos) return "";
  }
  YAML::Node ref;
  bool ref_ok = true;
  try {
    ref = YAML::Load(text);
  } catch (const YAML::Exception&) {
    ref_ok = false;
  }
  if (ours_ok && ref_ok) {
    ++tally.both;
    return difference(ours, ref, "$");
  }
  ++(ours_ok ? tally.ours_only : ref_ok ? tally.ref_only : tally.neither);
  return "";
}

// Every `-- file: NAME.yaml` block of the scenario files, and the templates.
std::vector<std::string> corpus() {
  std::vector<std::string> docs;
  const fs::path root = STRATA_SOURCE_DIR;
  for (const auto& dir : {root / "tests" / "cli", root / "templates", root / "docker"}) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      std::ifstream in(entry.path());
      if (ext == ".yaml") {
        std::stringstream s;
        s << in.rdbuf();
        docs.push_back(s.str());
        continue;
      }
      if (ext != ".txt") continue;
      std::string line, doc;
      bool inside = false;
      while (std::getline(in, line)) {
        if (!inside && line.rfind("-- file: ", 0) == 0 && line.size() > 5 && line.substr(line.size() - 5) == ".yaml") {
          inside = true;
          doc.clear();
        } else if (inside && line == "-- end") {
          inside = false;
          docs.push_back(doc);
        } else if (inside) {
          doc += line + "\n";
        }
      }
    }
  }
  return docs;
}

// A random document: nested maps and lists in block and flow style, with
// scalars written plain, single- or double-quoted (by strata's own writer),
// or as block scalars.
class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  std::string document() { return block(0, 0); }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string word() {
    static const std::vector<std::string> kWords = {
        "users", "id", "null", "~", "true", "No", "010", "0x1f", "1e3", ".5", "-", "a b", "x:y", "#x", "a #b",
        "it's", "\"q\"", "é", "日本", "[x]", "{y}", "*a", "&b", "!t", "%p", "@q", "`r`", "a,b", "?", ": x", "- y",
        "", " lead", "trail ", "tab\there", "line\nbreak", "back\\slash", "NULL", "yes", "1.5", "+1", ".inf"};
    return kWords[static_cast<std::size_t>(pick(static_cast<int>(kWords.size())))];
  }

  std::string scalar(bool flow) {
    std::string w = word();
    switch (pick(flow ? 3 : 4)) {
      case 0:  // plain where strata's writer would write it plain, or a word read as another type
        return versions::yaml_flow_scalar(w) == w || w == "null" || w == "~" || w == "true" || w == "No" ||
                       w == "010" || w == "NULL" || w == "yes" || w == "1.5" || w == "+1" || w == ".inf"
                   ? w
                   : versions::yaml_flow_scalar(w);
      case 1: {
        std::string q = "'";
        for (char c : w) q += c == '\'' ? std::string("''") : std::string(1, c);
        return q + "'";
      }
      case 2: return versions::yaml_flow_scalar(w);
      default: return "|\n" + std::string(static_cast<std::size_t>(indent_ + 2), ' ') + "text " + std::to_string(pick(9));
    }
  }

  std::string flow(int depth) {
    if (depth > 3 || pick(3) == 0) return scalar(true);
    std::string out;
    const bool map = pick(2) == 0;
    const int n = pick(4);
    out += map ? "{" : "[";
    for (int i = 0; i < n; ++i) {
      if (i) out += ", ";
      if (map) out += scalar(true) + ": ";
      out += flow(depth + 1);
    }
    return out + (map ? "}" : "]");
  }

  std::string block(int depth, int indent) {
    indent_ = indent;
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string out;
    const bool map = depth == 0 || pick(2) == 0;
    const int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) {
      out += pad + (map ? versions::yaml_flow_scalar(word()) + ":" : "-");
      if (depth < 3 && pick(3) == 0) {
        out += "\n" + block(depth + 1, indent + 2);
        indent_ = indent;
      } else {
        std::string value = pick(2) ? flow(depth) : scalar(false);
        out += " " + value + "\n";
      }
    }
    return out;
  }

  std::mt19937 rng_;
  int indent_ = 0;
};

std::string mutate(std::string text, std::mt19937& rng) {
  // No '&', '*' or '!': the two readers spell anchor and tag names
  // differently (libyaml: letters, digits, '-' and '_'; yaml-cpp: YAML 1.2's
  // wider set), which yaml_tree_test covers on its own.
  static const std::string kChars = ":-[]{},#|>'\"%@` \t\n?xy0";
  auto at = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
  if (text.empty()) return kChars.substr(at(kChars.size() - 1), 1);
  switch (at(2)) {
    case 0: text.erase(at(text.size() - 1), 1); break;
    case 1: text.insert(at(text.size()), 1, kChars[at(kChars.size() - 1)]); break;
    default: text[at(text.size() - 1)] = kChars[at(kChars.size() - 1)]; break;
  }
  return text;
}

}  // namespace

TEST_CASE("yaml reader agrees with yaml-cpp on every scenario file, generated documents and their mutations") {
  std::vector<std::string> docs = corpus();
  REQUIRE(docs.size() > 50);
  Generator generator(20261203);
  for (int i = 0; i < 3000; ++i) docs.push_back(generator.document());

  Tally originals, mutations;
  std::mt19937 rng(7);
  for (const std::string& doc : docs) {
    INFO("document:\n" << doc);
    CHECK(compare(doc, originals) == "");
    for (int m = 0; m < 5; ++m) {
      std::string changed = mutate(doc, rng);
      INFO("mutated:\n" << changed);
      CHECK(compare(changed, mutations) == "");
    }
  }
  MESSAGE("originals: both " << originals.both << ", ours only " << originals.ours_only << ", yaml-cpp only "
                             << originals.ref_only << ", neither " << originals.neither);
  MESSAGE("mutations: both " << mutations.both << ", ours only " << mutations.ours_only << ", yaml-cpp only "
                             << mutations.ref_only << ", neither " << mutations.neither);
  // The comparison is not vacuous: most documents are read by both.
  CHECK(originals.both > static_cast<int>(docs.size()) * 3 / 4);
  CHECK(mutations.both > static_cast<int>(docs.size()));
}

}  // namespace yaml_differential_test
