#include "versions/yaml_scalars.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <string>

namespace strata::versions::yaml {

namespace {

// WORD in lower case, UPPER case or Capitalised.
bool flexible_case(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  if (text == word) return true;
  bool upper = true, capital = std::toupper(static_cast<unsigned char>(word[0])) == text[0];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char up = static_cast<char>(std::toupper(static_cast<unsigned char>(word[i])));
    if (text[i] != up) upper = false;
    if (i > 0 && text[i] != word[i]) capital = false;
  }
  return upper || capital;
}

bool all_digits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = base == 16 ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                               : (c >= '0' && c < static_cast<char>('0' + base));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<bool> decode_bool(std::string_view text) {
  for (std::string_view w : {"true", "yes", "on", "y"})
    if (flexible_case(text, w)) return true;
  for (std::string_view w : {"false", "no", "off", "n"})
    if (flexible_case(text, w)) return false;
  return std::nullopt;
}

std::optional<long long> decode_integer(std::string_view text) {
  bool negative = false;
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
    if (digits.size() != text.size()) return std::nullopt;  // YAML 1.2 has no signed hex or octal
    base = digits[1] == 'x' ? 16 : 8;
    digits.remove_prefix(2);
  }
  if (!all_digits(digits, base)) return std::nullopt;
  unsigned long long magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  constexpr auto kMax = static_cast<unsigned long long>(std::numeric_limits<long long>::max());
  if (negative) {
    if (magnitude > kMax + 1) return std::nullopt;
    return magnitude == kMax + 1 ? std::numeric_limits<long long>::min() : -static_cast<long long>(magnitude);
  }
  if (magnitude > kMax) return std::nullopt;
  return static_cast<long long>(magnitude);
}

std::optional<double> decode_double(std::string_view text) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF")
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  // [0-9]* ( . [0-9]* )? ( [eE] [-+]? [0-9]+ )?, with at least one digit before the exponent.
  std::size_t i = 0, mantissa_digits = 0;
  while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mantissa_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return std::nullopt;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
    std::size_t exponent_digits = 0;
    while (i < body.size() && std::isdigit(static_cast<unsigned char>(body[i]))) ++i, ++exponent_digits;
    if (exponent_digits == 0) return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (end != body.data() + body.size()) return std::nullopt;
  // Out of range (1e999, 1e-999): what strtod gives, infinity or a denormal/zero.
  if (ec == std::errc::result_out_of_range) value = std::strtod(std::string(body).c_str(), nullptr);
  else if (ec != std::errc()) return std::nullopt;
  return negative ? -value : value;
}

}  // namespace strata::versions::yaml
