// Column type strings (SPEC §4) parsed into a value the dialects map to SQL.
// A type is either one of SQLAlchemy's portable names, written
// case-insensitively (`integer`, `string(255)`, `numeric(10,2)`,
// `datetime(timezone=true)`, `enum(a,b,c)`, ...), or anything else, which is
// a database-native type passed to the database as written (`jsonb`,
// `varchar(20)[]`, `time with time zone`). Pure: no dialect knowledge here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::core {

struct PortableType {
  enum class Kind {
    kInteger, kBigInteger, kSmallInteger, kString, kText, kBoolean, kDateTime, kDate, kTime,
    kNumeric, kFloat, kJson, kUuid, kBinary, kEnum,
    kNative,  ///< not a portable name: `native` holds the type as written
  };
  Kind kind = Kind::kNative;
  std::optional<int> length;             ///< string(n); unset: `string`
  std::optional<int> precision;          ///< numeric(p) / numeric(p,s)
  std::optional<int> scale;              ///< numeric(p,s)
  bool timezone = false;                 ///< datetime(timezone=true)
  std::vector<std::string> enum_values;  ///< enum(a,b,c), in the order written
  std::string native;                    ///< kNative: the type text, trimmed
  bool operator==(const PortableType&) const = default;

  /// The integer kind of an integer type, the kinds that can auto-increment:
  /// integer, biginteger, smallinteger, or a native SQL spelling of one
  /// (`bigint`, `int8`, `smallint`, `int`, `serial`, ... as the databases
  /// reflect them). Unset for any other type.
  std::optional<Kind> integer_kind() const;
  bool is_integer() const { return integer_kind().has_value(); }
};

/// Parses TEXT. A portable name followed by anything but an argument list
/// (`integer[]`, `time with time zone`), or an argument list on a portable
/// name that takes none (`time(6)`, `float(24)`), is native. Malformed
/// arguments of string/numeric/datetime/enum (`string(abc)`, `enum()`,
/// `datetime(timezone=maybe)`), unbalanced parentheses or an empty type throw
/// ScriptError naming the type.
PortableType parse_column_type(std::string_view text);

}  // namespace strata::core
