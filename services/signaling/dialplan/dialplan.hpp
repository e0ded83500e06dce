#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"
#include "services/signaling/dialplan/extension_pattern.hpp"

namespace tandem::dialplan {

/// One priority of an extension: an application and its arguments, as written (variables
/// are substituted when it runs).
struct Step {
  std::string application;  // the canonical name: "Dial", "Answer", ...
  std::string arguments;    // the text between the parentheses
  int line = 0;             // where it was written
};

struct Extension {
  ExtensionPattern pattern;
  std::vector<Step> steps;  // priority 1 is steps[0]
};

/// The applications a dialplan can run, by canonical name.
const std::vector<std::string_view>& known_applications();

/// Contexts of extensions of priorities, as Asterisk's extensions.conf has them, written
/// in YAML:
///
///   default:                 # a context
///     "600": [Answer, Echo]  # an extension and its priorities, in order
///     _1XX:
///       - Dial(SIP/${EXTEN},30)
///
/// Everything that can be checked before a call is checked at load: application names,
/// arguments that are not variables, patterns, and Goto targets that name a context.
class Dialplan {
 public:
  /// `source` names the file for error messages; each error reads
  /// "<source>:<line>: dialplan.<context>.<extension>: <reason>", or
  /// "line <line>: ..." without a source.
  static Result<Dialplan> parse(const YAML::Node& root, std::string_view source);

  /// The extension that handles `extension` in `context`: an exact match, else the most
  /// specific pattern that matches. Nothing if none does or the context is unknown.
  const Extension* find(std::string_view context, std::string_view extension) const;
  bool has_context(std::string_view context) const;
  size_t contexts() const { return contexts_.size(); }

 private:
  std::map<std::string, std::vector<Extension>, std::less<>> contexts_;
};

}  // namespace tandem::dialplan
