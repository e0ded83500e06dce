#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::dialplan {

/// Looks a variable up by name ("EXTEN", "CALLERID(num)", "foo"); nothing when unset.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Replaces every ${NAME} in `text` with its value, as Asterisk does: an unset variable
/// is empty, ${NAME:offset} and ${NAME:offset:length} take part of the value (a negative
/// offset counts from the end), and ${...} may nest (${${PREFIX}_NUMBER}). A `$` not
/// followed by `{`, and an unclosed ${, stay as written.
std::string substitute(std::string_view text, const VariableLookup& lookup);

}  // namespace tandem::dialplan
