#include "services/signaling/dialplan/dialplan.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "services/signaling/channel/hangup_cause.hpp"

namespace tandem::dialplan {
namespace {

struct Location {
  std::string_view source;
  std::string context;
  std::string extension;
};

Failure error_at(const Location& where, const YAML::Node& node, const std::string& reason) {
  std::string path = "dialplan";
  if (!where.context.empty()) path += "." + where.context;
  if (!where.extension.empty()) path += "." + where.extension;
  const std::string line = std::to_string(node.Mark().line + 1);
  if (where.source.empty()) return invalid_argument("line " + line + ": " + path + ": " + reason);
  return invalid_argument(std::string(where.source) + ":" + line + ": " + path + ": " + reason);
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool has_variable(std::string_view text) { return text.find("${") != std::string_view::npos; }

/// Splits on commas that are not inside ${...}.
std::vector<std::string_view> split_arguments(std::string_view text) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') ++depth;
    if (text[i] == '}' && depth > 0) --depth;
    if (text[i] == ',' && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

bool is_number(std::string_view text, bool fraction_allowed) {
  if (text.empty()) return false;
  bool dot = false;
  for (const char c : text) {
    if (c == '.' && fraction_allowed && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

/// What is wrong with an application's arguments, checked where they hold no variable.
std::optional<std::string> check_arguments(std::string_view app, std::string_view arguments) {
  const auto parts = split_arguments(arguments);
  const auto first = parts.front();
  if (app == "Wait") {
    if (!has_variable(first) && !is_number(first, true))
      return "Wait(seconds) needs a number of seconds, got '" + std::string(first) + "'";
  } else if (app == "Set") {
    if (first.find('=') == std::string_view::npos || first.front() == '=')
      return "Set(name=value) needs a name and '=', got '" + std::string(arguments) + "'";
  } else if (app == "Goto") {
    if (arguments.empty() || parts.size() > 3)
      return "Goto needs [[context,]extension,]priority, got '" + std::string(arguments) + "'";
    if (!has_variable(parts.back()) && !is_number(parts.back(), false))
      return "Goto: the priority must be a number, got '" + std::string(parts.back()) + "'";
  } else if (app == "Dial") {
    if (first.empty()) return "Dial needs a target such as SIP/alice";
    size_t start = 0;
    while (start <= first.size()) {
      const size_t end = std::min(first.find('&', start), first.size());
      const auto target = first.substr(start, end - start);
      if (!has_variable(target) && target.find('/') == std::string_view::npos)
        return "Dial: '" + std::string(target) + "' is not technology/resource (SIP/alice)";
      start = end + 1;
    }
    if (parts.size() > 1 && !parts[1].empty() && !has_variable(parts[1]) &&
        !is_number(parts[1], false))
      return "Dial: the timeout must be whole seconds, got '" + std::string(parts[1]) + "'";
  } else if (app == "AudioSocket") {
    if (!has_variable(first) && first.rfind(':') == std::string_view::npos)
      return "AudioSocket needs host:port, got '" + std::string(first) + "'";
  } else if (app == "Stasis") {
    if (first.empty()) return "Stasis needs an application name";
  } else if (app == "Hangup") {
    if (!first.empty() && !has_variable(first) && !channel::parse_cause(first))
      return "Hangup: '" + std::string(first) +
             "' is not a cause (a Q.850 number or a name "
             "such as USER_BUSY)";
  }
  return std::nullopt;
}

Result<Step> parse_step(const YAML::Node& node, const Location& where) {
  if (!node.IsScalar()) return error_at(where, node, "a priority must be text such as Answer()");
  const std::string text = node.Scalar();
  const size_t open = text.find('(');
  std::string name = text.substr(0, open);
  std::string arguments;
  if (open != std::string::npos) {
    if (text.back() != ')')
      return error_at(where, node, "'" + text + "': the arguments must end with ')'");
    arguments = text.substr(open + 1, text.size() - open - 2);
  }
  for (const auto known : known_applications()) {
    if (equal_ignoring_case(name, known)) {
      if (auto problem = check_arguments(known, arguments)) return error_at(where, node, *problem);
      return Step{std::string(known), std::move(arguments), node.Mark().line + 1};
    }
  }
  std::string list;
  for (const auto known : known_applications())
    list += (list.empty() ? "" : ", ") + std::string(known);
  return error_at(where, node, "unknown application '" + name + "' (known: " + list + ")");
}

}  // namespace

const std::vector<std::string_view>& known_applications() {
  static const std::vector<std::string_view> names = {
      "Answer", "Ringing",     "Progress", "Wait",   "Set",   "Goto",
      "Dial",   "AudioSocket", "Echo",     "Stasis", "Hangup"};
  return names;
}

Result<Dialplan> Dialplan::parse(const YAML::Node& root, std::string_view source) {
  Location where{source, "", ""};
  if (!root.IsMap()) return error_at(where, root, "must map context names to extensions");
  Dialplan plan;
  for (const auto& context : root) {
    where.context = context.first.Scalar();
    where.extension.clear();
    if (!context.second.IsMap()) {
      return error_at(where, context.second, "a context must map extensions to priorities");
    }
    auto& extensions = plan.contexts_[where.context];
    for (const auto& entry : context.second) {
      where.extension = entry.first.Scalar();
      auto pattern = ExtensionPattern::parse(where.extension);
      if (!pattern) return error_at(where, entry.first, pattern.failure().message);
      const auto& steps = entry.second;
      if (!steps.IsSequence() && !steps.IsScalar())
        return error_at(where, steps, "an extension needs a list of priorities");
      Extension extension{std::move(pattern).value(), {}};
      if (steps.IsScalar()) {
        auto step = parse_step(steps, where);
        if (!step) return step.failure();
        extension.steps.push_back(std::move(step).value());
      } else {
        if (steps.size() == 0) return error_at(where, steps, "an extension needs a priority");
        for (const auto& item : steps) {
          auto step = parse_step(item, where);
          if (!step) return step.failure();
          extension.steps.push_back(std::move(step).value());
        }
      }
      extensions.push_back(std::move(extension));
    }
    std::sort(extensions.begin(), extensions.end(), [](const Extension& a, const Extension& b) {
      return a.pattern.more_specific_than(b.pattern);
    });
  }
  // A Goto to a named context is checked once every context is known.
  for (const auto& context : root) {
    for (const auto& entry : context.second) {
      const YAML::Node steps = entry.second;
      const auto check = [&](const YAML::Node& item) -> std::optional<Failure> {
        const std::string text = item.Scalar();
        const size_t open = text.find('(');
        if (open == std::string::npos || !equal_ignoring_case(text.substr(0, open), "Goto"))
          return std::nullopt;
        const auto parts =
            split_arguments(std::string_view(text).substr(open + 1, text.size() - open - 2));
        if (parts.size() == 3 && !has_variable(parts[0]) && !plan.has_context(parts[0])) {
          return error_at({source, context.first.Scalar(), entry.first.Scalar()}, item,
                          "Goto: there is no context '" + std::string(parts[0]) + "'");
        }
        return std::nullopt;
      };
      if (steps.IsScalar()) {
        if (auto failure = check(steps)) return *failure;
      } else {
        for (const auto& item : steps) {
          if (auto failure = check(item)) return *failure;
        }
      }
    }
  }
  return plan;
}

const Extension* Dialplan::find(std::string_view context, std::string_view extension) const {
  const auto found = contexts_.find(context);
  if (found == contexts_.end()) return nullptr;
  // Sorted most specific first, literals ahead of patterns.
  for (const auto& candidate : found->second) {
    if (candidate.pattern.matches(extension)) return &candidate;
  }
  return nullptr;
}

bool Dialplan::has_context(std::string_view context) const { return contexts_.contains(context); }

}  // namespace tandem::dialplan
