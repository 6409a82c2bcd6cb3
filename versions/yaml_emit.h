// The YAML text the revision and models writers emit (op_yaml_writer.cpp):
// scalars that read back as the same string, flow lists and maps, literal
// block scalars, and the Fields a map is built from. Internal to versions/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::versions {
std::string yaml_flow_scalar(std::string_view s);  // op_yaml_writer.h
}

namespace strata::versions::yaml_emit {

/// Whether S may be written plain (it reads back as the same string).
bool plain_ok(std::string_view s);
/// S as a double-quoted YAML scalar, escapes included.
std::string double_quoted(std::string_view s);
/// "[a, b]" of flow scalars.
std::string flow_list(const std::vector<std::string>& items);
/// Whether S can be a literal block scalar that reads back exactly; sets its
/// LINES and the chomping indicator CHOMP ("|" or "|-").
bool literal_block(std::string_view s, std::vector<std::string>& lines, std::string& chomp);

// One key of an operation's map. A field holds a flow value, or a block list
// of flow items, or the lines of a literal block scalar.
struct Field {
  std::string key;
  std::string value;               ///< flow text, or the chomping indicator of a block scalar
  std::vector<std::string> items;  ///< a block list ("key:\n  - item")
  std::vector<std::string> block;  ///< a literal block scalar's lines
  bool is_list = false;
};

struct Fields {
  std::vector<Field> list;
  void add(std::string key, std::string flow_value) {
    Field f;
    f.key = std::move(key);
    f.value = std::move(flow_value);
    list.push_back(std::move(f));
  }
  void str(const char* key, const std::string& v) { add(key, yaml_flow_scalar(v)); }
  void str_if(const char* key, const std::string& v) {
    if (!v.empty()) str(key, v);
  }
  void opt(const char* key, const std::optional<std::string>& v) {
    if (v) str(key, *v);
  }
  void flag(const char* key, bool v) { add(key, v ? "true" : "false"); }
  void strings(const char* key, const std::vector<std::string>& v) { add(key, flow_list(v)); }
  void items(const char* key, std::vector<std::string> v) {
    Field f;
    f.key = key;
    f.items = std::move(v);
    f.is_list = true;
    list.push_back(std::move(f));
  }
  void sql(const char* key, const std::string& text) {
    Field f;
    f.key = key;
    if (!literal_block(text, f.block, f.value)) {
      f.block.clear();
      f.value = yaml_flow_scalar(text);
    }
    list.push_back(std::move(f));
  }
  bool flowable() const {
    for (const auto& f : list)
      if (f.is_list || !f.block.empty()) return false;
    return true;
  }
};

/// "{k: v, ...}" of FIELDS' flow values.
std::string flow_map(const Fields& fields);
/// A literal block scalar: CHOMP, then LINES indented by INDENT.
void append_block_scalar(std::string& out, const std::string& chomp, const std::vector<std::string>& lines,
                         size_t indent);
/// FIELDS as block-map lines: the first key after FIRST (e.g. "\n  - "), the
/// others after "\n" + PAD, their lists and block scalars under them.
void append_fields(std::string& out, const Fields& fields, const std::string& first, const std::string& pad);

}  // namespace strata::versions::yaml_emit
