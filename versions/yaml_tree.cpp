#include "versions/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "core/error.h"
#include "versions/yaml_scalars.h"

namespace strata::versions::yaml {

// Named, not in an anonymous namespace: Document (declared in the header)
// holds them.
namespace detail {

struct NodeData {
  Kind kind = Kind::kNull;
  bool quoted = false;
  int line = -1;
  int column = -1;
  std::uint32_t first_child = 0;  // into Document::children
  std::uint32_t child_count = 0;  // items, or key/value slots (twice the pairs)
  std::uint32_t scalar = 0;       // into Document::scalars; 0 is ""
};

}  // namespace detail

using detail::NodeData;

struct Document {
  std::vector<NodeData> nodes;
  std::vector<std::uint32_t> children;
  std::vector<std::string> scalars{std::string()};
};

namespace {

constexpr std::string_view kStringTag = "tag:yaml.org,2002:str";

// Owns libyaml's parser and the event being handled, so every exit path
// (including the exceptions thrown while building) frees them.
class EventReader {
 public:
  EventReader(const std::string& text, const std::string& file) : text_(text), file_(file) {
    if (!yaml_parser_initialize(&parser_)) throw core::ScriptError(file + ": out of memory reading YAML");
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  ~EventReader() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  const yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = false;
    if (!yaml_parser_parse(&parser_, &event_)) throw_parser_error();
    has_event_ = true;
    return event_;
  }

  [[noreturn]] void fail(const yaml_mark_t& mark, const std::string& message) const {
    throw core::ScriptError(file_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1) +
                            ": invalid YAML: " + message);
  }

 private:
  [[noreturn]] void throw_parser_error() const {
    std::string problem = parser_.problem ? parser_.problem : "unreadable text";
    if (parser_.error == YAML_READER_ERROR) {
      // Reader errors (bad UTF-8, control characters) carry a byte offset only.
      std::size_t offset = std::min(parser_.problem_offset, text_.size());
      auto begin = text_.begin(), at = begin + static_cast<std::ptrdiff_t>(offset);
      std::size_t line = static_cast<std::size_t>(std::count(begin, at, '\n'));
      auto line_start = std::find(std::make_reverse_iterator(at), text_.rend(), '\n').base();
      // Columns count characters, as libyaml's own marks do: UTF-8
      // continuation bytes are not counted.
      auto column = std::count_if(line_start, at, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
      yaml_mark_t mark{offset, line, static_cast<std::size_t>(column)};
      fail(mark, problem + " (YAML files are UTF-8 text)");
    }
    if (parser_.context) problem += std::string(" ") + parser_.context;
    fail(parser_.problem_mark, problem);
  }

  const std::string& text_;
  const std::string& file_;
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

class TreeBuilder {
 public:
  TreeBuilder(EventReader& reader, Document& doc) : reader_(reader), doc_(doc) {}

  // Reads one node (and everything under it) starting at EVENT; returns its index.
  std::uint32_t build(const yaml_event_t& first) {
    const yaml_event_t* event = &first;
    for (;;) {
      switch (event->type) {
        case YAML_SCALAR_EVENT: {
          std::uint32_t index = add_scalar(*event);
          if (frames_.empty()) return index;
          attach(index);
          break;
        }
        case YAML_ALIAS_EVENT: {
          std::uint32_t index = resolve_alias(*event);
          if (frames_.empty()) return index;
          attach(index);
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
          open(*event, Kind::kSequence, event->data.sequence_start.anchor);
          break;
        case YAML_MAPPING_START_EVENT:
          open(*event, Kind::kMap, event->data.mapping_start.anchor);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          std::uint32_t index = close();
          if (frames_.empty()) return index;
          attach(index);
          break;
        }
        default:
          reader_.fail(event->start_mark, "unexpected event in a node");
      }
      event = &reader_.next();
    }
  }

 private:
  struct Frame {
    std::uint32_t index;
    std::size_t scratch_begin;  // where its children start in scratch_
    std::uint64_t expanded;     // nodes it stands for, aliases expanded
    std::string anchor;
  };

  std::uint32_t new_node(const yaml_event_t& event, Kind kind) {
    NodeData d;
    d.kind = kind;
    d.line = static_cast<int>(std::min<std::size_t>(event.start_mark.line, INT32_MAX));
    d.column = static_cast<int>(std::min<std::size_t>(event.start_mark.column, INT32_MAX));
    doc_.nodes.push_back(d);
    expanded_.push_back(1);
    return static_cast<std::uint32_t>(doc_.nodes.size() - 1);
  }

  std::uint32_t add_scalar(const yaml_event_t& event) {
    const auto& s = event.data.scalar;
    std::string_view text(reinterpret_cast<const char*>(s.value), s.length);
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
    // `!` (the non-specific tag) and `!!str` both say "a string".
    const std::string_view tag = s.tag ? reinterpret_cast<const char*>(s.tag) : "";
    const bool string_tag = tag == kStringTag || tag == "!";
    const bool null = plain && !s.tag && is_null_text(text);
    std::uint32_t index = new_node(event, null ? Kind::kNull : Kind::kScalar);
    if (!null) {
      doc_.nodes[index].quoted = !plain || string_tag;
      if (!text.empty()) {
        doc_.scalars.emplace_back(text);
        doc_.nodes[index].scalar = static_cast<std::uint32_t>(doc_.scalars.size() - 1);
      }
    }
    remember(s.anchor, index);
    return index;
  }

  std::uint32_t resolve_alias(const yaml_event_t& event) {
    auto it = anchors_.find(reinterpret_cast<const char*>(event.data.alias.anchor));
    if (it == anchors_.end())
      reader_.fail(event.start_mark, std::string("unknown alias *") +
                                         reinterpret_cast<const char*>(event.data.alias.anchor) +
                                         " (an alias must follow its whole anchored node)");
    alias_expansion_ = saturating_add(alias_expansion_, expanded_[it->second]);
    if (alias_expansion_ > kMaxAliasExpansion)
      reader_.fail(event.start_mark, "aliases expand to more than " + std::to_string(kMaxAliasExpansion) + " nodes");
    return it->second;
  }

  void open(const yaml_event_t& event, Kind kind, const yaml_char_t* anchor) {
    if (frames_.size() >= static_cast<std::size_t>(kMaxDepth))
      reader_.fail(event.start_mark, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    std::uint32_t index = new_node(event, kind);
    frames_.push_back({index, scratch_.size(), 1, anchor ? reinterpret_cast<const char*>(anchor) : ""});
  }

  void attach(std::uint32_t child) {
    Frame& top = frames_.back();
    scratch_.push_back(child);
    top.expanded = saturating_add(top.expanded, expanded_[child]);
  }

  std::uint32_t close() {
    Frame top = std::move(frames_.back());
    frames_.pop_back();
    NodeData& d = doc_.nodes[top.index];
    d.first_child = static_cast<std::uint32_t>(doc_.children.size());
    d.child_count = static_cast<std::uint32_t>(scratch_.size() - top.scratch_begin);
    doc_.children.insert(doc_.children.end(), scratch_.begin() + static_cast<std::ptrdiff_t>(top.scratch_begin),
                         scratch_.end());
    scratch_.resize(top.scratch_begin);
    expanded_[top.index] = top.expanded;
    // Registered only now: an alias inside its own anchor would make a cycle.
    if (!top.anchor.empty()) anchors_[top.anchor] = top.index;
    return top.index;
  }

  void remember(const yaml_char_t* anchor, std::uint32_t index) {
    if (anchor) anchors_[reinterpret_cast<const char*>(anchor)] = index;
  }

  EventReader& reader_;
  Document& doc_;
  std::vector<Frame> frames_;
  std::vector<std::uint32_t> scratch_;
  std::vector<std::uint64_t> expanded_;
  std::unordered_map<std::string, std::uint32_t> anchors_;
  std::uint64_t alias_expansion_ = 0;
};

}  // namespace

Node parse(const std::string& text, const std::string& file) {
  auto doc = std::make_shared<Document>();
  doc->nodes.reserve(text.size() / 8 + 1);
  EventReader reader(text, file);
  reader.next();  // STREAM-START
  const yaml_event_t* event = &reader.next();
  if (event->type == YAML_STREAM_END_EVENT) {
    doc->nodes.push_back(NodeData{});  // an empty stream: null, no mark
    return Node(std::move(doc), 0);
  }
  // DOCUMENT-START, then the root node, then DOCUMENT-END.
  TreeBuilder builder(reader, *doc);
  std::uint32_t root = builder.build(reader.next());
  reader.next();  // DOCUMENT-END
  event = &reader.next();
  if (event->type == YAML_DOCUMENT_START_EVENT)
    reader.fail(event->start_mark, "a second document ('---'); a strata file holds one YAML document");
  return Node(std::move(doc), root);
}

Kind Node::kind() const { return doc_->nodes[index_].kind; }

const std::string& Node::scalar() const {
  static const std::string kEmpty;
  return doc_ ? doc_->scalars[doc_->nodes[index_].scalar] : kEmpty;
}

bool Node::quoted() const { return doc_ && doc_->nodes[index_].quoted; }

Mark Node::mark() const {
  if (!doc_) return {};
  const NodeData& d = doc_->nodes[index_];
  return {d.line, d.column};
}

std::size_t Node::size() const {
  if (!doc_) return 0;
  const NodeData& d = doc_->nodes[index_];
  if (d.kind == Kind::kSequence) return d.child_count;
  if (d.kind == Kind::kMap) return d.child_count / 2;
  return 0;
}

Node Node::operator[](std::string_view key) const {
  if (!is_map()) return {};
  const NodeData& d = doc_->nodes[index_];
  for (std::uint32_t i = 0; i < d.child_count; i += 2) {
    std::uint32_t k = doc_->children[d.first_child + i];
    const NodeData& kd = doc_->nodes[k];
    if (kd.kind == Kind::kScalar && doc_->scalars[kd.scalar] == key)
      return Node(doc_, doc_->children[d.first_child + i + 1]);
  }
  return {};
}

Node Node::item(std::size_t i) const {
  if (!is_sequence() || i >= size()) return {};
  return Node(doc_, doc_->children[doc_->nodes[index_].first_child + i]);
}

Iterator Node::begin() const { return Iterator(this, 0); }
Iterator Node::end() const { return Iterator(this, size()); }

Entry Iterator::operator*() const {
  const Document& doc = *owner_->doc_;
  const NodeData& d = doc.nodes[owner_->index_];
  Entry e;
  if (d.kind == Kind::kMap) {
    e.first = Node(owner_->doc_, doc.children[d.first_child + 2 * position_]);
    e.second = Node(owner_->doc_, doc.children[d.first_child + 2 * position_ + 1]);
  } else {
    static_cast<Node&>(e) = Node(owner_->doc_, doc.children[d.first_child + position_]);
  }
  return e;
}

}  // namespace strata::versions::yaml
