// A YAML document as a read-only tree, parsed by libyaml (Debian's libyaml,
// the reference C implementation). strata only reads YAML into its own
// structures, so the tree is built once in flat arrays and never edited:
// loading a 1 MB models.yaml takes milliseconds, where yaml-cpp's general
// node graph took half a second (docs/decisions.md, "YAML reader").
//
// What the tree keeps is what strata's readers ask: each node's kind, a
// scalar's text and whether it was written quoted (or as a block scalar),
// and where the node starts. Anchors and aliases work (an alias shares its
// anchor's node); a document whose aliases would expand past a bound, that
// nests too deep, or that holds a second document is refused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata::versions::yaml {

/// 0-based line and column of a node's start; -1 when unknown.
struct Mark {
  int line = -1;
  int column = -1;
};

enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };

struct Document;
class Iterator;

/// A handle on one node of a parsed document (shared ownership, cheap to
/// copy). A default-constructed Node is "undefined": what a lookup of a
/// missing key returns; it converts to false.
class Node {
 public:
  Node() = default;

  explicit operator bool() const { return doc_ != nullptr; }
  bool is_null() const { return doc_ && kind() == Kind::kNull; }
  bool is_scalar() const { return doc_ && kind() == Kind::kScalar; }
  bool is_sequence() const { return doc_ && kind() == Kind::kSequence; }
  bool is_map() const { return doc_ && kind() == Kind::kMap; }

  /// A scalar's text; "" for every other node.
  const std::string& scalar() const;
  /// True for a scalar written quoted, as a block scalar, or tagged !!str:
  /// the author meant a string, whatever the text looks like.
  bool quoted() const;
  Mark mark() const;

  /// Items of a sequence, pairs of a map, 0 otherwise.
  std::size_t size() const;
  /// The value of KEY in a map (the first, if the key repeats); undefined
  /// when absent or when this is not a map.
  Node operator[](std::string_view key) const;
  /// Item I of a sequence; undefined when out of range or not a sequence.
  Node item(std::size_t i) const;

  Iterator begin() const;
  Iterator end() const;

 private:
  friend class Iterator;
  friend Node parse(const std::string& text, const std::string& file);
  Node(std::shared_ptr<const Document> doc, std::uint32_t index) : doc_(std::move(doc)), index_(index) {}
  Kind kind() const;

  std::shared_ptr<const Document> doc_;
  std::uint32_t index_ = 0;
};

/// What iterating a node yields: for a sequence, the item itself (an Entry
/// is a Node); for a map, `first` (the key) and `second` (the value).
struct Entry : Node {
  Node first;
  Node second;
};

class Iterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Entry;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Entry;

  Entry operator*() const;
  Iterator& operator++() {
    ++position_;
    return *this;
  }
  bool operator==(const Iterator& other) const { return position_ == other.position_; }
  bool operator!=(const Iterator& other) const { return position_ != other.position_; }

 private:
  friend class Node;
  Iterator(const Node* owner, std::size_t position) : owner_(owner), position_(position) {}
  const Node* owner_ = nullptr;
  std::size_t position_ = 0;
};

/// Parses TEXT, the contents of FILE. An empty stream gives a null node with
/// no mark. Throws core::ScriptError "FILE:LINE:COLUMN: invalid YAML: ..."
/// (1-based, as editors count) for text that is not YAML or that the limits
/// above refuse.
Node parse(const std::string& text, const std::string& file);

/// Limits (exposed for the tests).
inline constexpr int kMaxDepth = 256;
inline constexpr std::uint64_t kMaxAliasExpansion = 1'000'000;

}  // namespace strata::versions::yaml
