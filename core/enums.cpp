#include "core/enums.h"

#include <cctype>

#include "core/version_edits.h"

namespace strata::core {

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> enum_reference(const std::string& table_schema,
                                                                  const std::string& type) {
  auto dot = type.find('.');
  std::string schema = dot == std::string::npos ? table_schema : type.substr(0, dot);
  std::string name = dot == std::string::npos ? type : type.substr(dot + 1);
  if ((dot != std::string::npos && !is_identifier(schema)) || !is_identifier(name)) return std::nullopt;
  if (schema == "public") schema.clear();
  return std::make_pair(schema, name);
}

std::optional<EnumType> find_enum(const TableLookup& lookup, const std::string& table_schema,
                                  const std::string& type) {
  auto ref = enum_reference(table_schema, type);
  if (!ref) return std::nullopt;
  return lookup.enum_type(ref->first, ref->second);
}

EnumRegistry::EnumRegistry(const std::vector<EnumType>& enums) {
  for (const auto& e : enums) enums_[{e.schema, e.name}] = e;
}

void EnumRegistry::apply(const Op& op) {
  if (auto* c = std::get_if<CreateEnum>(&op)) enums_[{c->schema, c->name}] = {c->name, c->schema, c->values};
  else if (auto* d = std::get_if<DropEnum>(&op)) enums_.erase({d->schema, d->name});
  else if (auto* a = std::get_if<AlterEnum>(&op)) enums_[{a->schema, a->name}] = {a->name, a->schema, a->values};
}

std::optional<EnumType> EnumRegistry::find(const std::string& schema, const std::string& name) const {
  auto it = enums_.find({schema == "public" ? "" : schema, name});
  if (it == enums_.end()) return std::nullopt;
  return it->second;
}

std::vector<EnumType> EnumRegistry::all() const {
  std::vector<EnumType> out;
  for (const auto& [key, e] : enums_) out.push_back(e);
  return out;
}

std::optional<Table> SchemaLookup::table(const std::string& schema, const std::string& name) const {
  for (const auto& t : schema_.tables)
    if (t.schema == schema && t.name == name) return t;
  return std::nullopt;
}

std::vector<EnumType> enums_at(const RevisionGraph& graph, const ScriptStore& store,
                               const std::vector<std::string>& upto) {
  EnumRegistry enums;
  HeadTracker tracker(graph, {});
  for (const auto& target : upto)
    for (const auto& step : graph.upgrade_path(tracker.heads(), target)) {
      for (const auto& op : store.load_body(graph.get(step.revision)).upgrade) enums.apply(op);
      tracker.apply(step);
    }
  return enums.all();
}

}  // namespace strata::core
