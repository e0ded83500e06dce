#pragma once

#include <boost/container/small_vector.hpp>

#include <string>
#include <string_view>

#include "libs/common/result.hpp"

namespace tandem::sip {

/// The comma-separated values of a header line ("Via: a, b"), split at commas that are
/// outside quoted strings and outside <...> (RFC 3261 7.3.1). Values are trimmed. An empty
/// value (",,") is an error: the message's separators are broken (RFC 4475 badinv01).
using Values = boost::container::small_vector<std::string_view, 4>;
Result<Values> split_values(std::string_view value);

/// One ;name[=value] parameter, views into the header. `value` keeps its quotes when quoted.
struct Param {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

/// Parameter lists live inline: typical headers carry a handful, and a message is parsed on
/// the hot path of every request.
using Params = boost::container::small_vector<Param, 4>;

/// Parameters as written after a value: ";a=1;b;c="x"". Whitespace around ';' and '=' is
/// allowed (RFC 3261 SEMI and EQUAL). An empty parameter (";;") is an error.
Result<Params> parse_params(std::string_view text);
/// The same, appended to `params` in place: the structures that hold parameters are parsed
/// where they live rather than moved, which matters at a million messages a second.
Result<Done> parse_params_into(std::string_view text, Params& params);

/// The first parameter with this name, case-insensitively, or nullptr.
const Param* find_param(const Params& params, std::string_view name);

/// A quoted-string's content with quoted-pairs resolved; other text is returned as is.
std::string unquote(std::string_view text);

/// Where a quoted string that starts at text[0] ends (the index of its closing quote), or
/// npos if it is not terminated.
size_t quoted_string_end(std::string_view text);

}  // namespace tandem::sip
