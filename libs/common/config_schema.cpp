#include "libs/common/config_schema.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <limits>

#include "libs/common/host_port.hpp"

namespace tandem {
namespace {

using std::chrono::milliseconds;

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<milliseconds> parse_duration(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  const auto number = parse_integer(text.substr(0, digits));
  if (!number) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  if (unit.empty() && *number == 0) return milliseconds{0};
  int64_t scale = 0;
  if (unit == "ms") scale = 1;
  if (unit == "s") scale = 1000;
  if (unit == "m") scale = 60'000;
  if (unit == "h") scale = 3'600'000;
  if (scale == 0 || *number > std::numeric_limits<int64_t>::max() / scale) return std::nullopt;
  return milliseconds{*number * scale};
}

std::string format_duration(milliseconds value) {
  const auto ms = value.count();
  if (ms != 0 && ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms != 0 && ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms != 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string mark_of(const std::string& source, const YAML::Mark& mark) {
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

std::string ConfigError::to_string() const {
  return where + ": " + (path.empty() ? "" : path + ": ") + message;
}

void ConfigSchema::add(std::string path, std::string help, Assign assign,
                       std::function<std::string()> show) {
  fields_.push_back({std::move(path), std::move(help), std::move(assign), std::move(show), {}});
}

void ConfigSchema::add_structured(std::string path, std::string help, NodeAssign assign,
                                  std::function<std::string()> show) {
  NodeAssign from_node = assign;
  Assign from_text = [assign =
                          std::move(assign)](std::string_view text) -> std::optional<std::string> {
    try {
      return assign(YAML::Load(std::string(text)));
    } catch (const YAML::Exception& e) {
      return "not valid YAML: " + e.msg;
    }
  };
  fields_.push_back({std::move(path), std::move(help), std::move(from_text), std::move(show),
                     std::move(from_node)});
}

void ConfigSchema::add_string(std::string path, std::string help, std::string* target) {
  add(
      std::move(path), std::move(help),
      [target](std::string_view text) -> std::optional<std::string> {
        *target = std::string(text);
        return std::nullopt;
      },
      [target] { return *target; });
}

void ConfigSchema::add_secret(std::string path, std::string help, std::string* target) {
  add(
      std::move(path), std::move(help),
      [target](std::string_view text) -> std::optional<std::string> {
        *target = std::string(text);
        return std::nullopt;
      },
      [target] { return std::string(target->empty() ? "" : "(set, not shown)"); });
}

void ConfigSchema::add_choice(std::string path, std::string help, std::string* target,
                              std::vector<std::string> choices) {
  std::string listed;
  for (const auto& choice : choices) listed += (listed.empty() ? "" : "|") + choice;
  add(
      std::move(path), help + " (" + listed + ")",
      [target, choices = std::move(choices)](std::string_view text) -> std::optional<std::string> {
        if (std::find(choices.begin(), choices.end(), text) == choices.end()) {
          std::string list;
          for (const auto& choice : choices) list += (list.empty() ? "" : ", ") + choice;
          return "expected one of " + list + ", got " + quoted(text);
        }
        *target = std::string(text);
        return std::nullopt;
      },
      [target] { return *target; });
}

void ConfigSchema::add_host_port(std::string path, std::string help, std::string* target) {
  add(
      std::move(path), std::move(help),
      [target](std::string_view text) -> std::optional<std::string> {
        auto parsed = parse_host_port(text);
        if (!parsed) return parsed.failure().message + ", got " + quoted(text);
        *target = std::string(text);
        return std::nullopt;
      },
      [target] { return *target; });
}

void ConfigSchema::add_bool(std::string path, std::string help, bool* target) {
  add(
      std::move(path), std::move(help),
      [target](std::string_view text) -> std::optional<std::string> {
        auto value = parse_bool(text);
        if (!value) return "expected true or false, got " + quoted(text);
        *target = *value;
        return std::nullopt;
      },
      [target] { return std::string(*target ? "true" : "false"); });
}

void ConfigSchema::add_int(std::string path, std::string help, int64_t* target, int64_t min,
                           int64_t max) {
  add(
      std::move(path), std::move(help),
      [target, min, max](std::string_view text) -> std::optional<std::string> {
        auto value = parse_integer(text);
        if (!value || *value < min || *value > max) {
          return "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                 ", got " + quoted(text);
        }
        *target = *value;
        return std::nullopt;
      },
      [target] { return std::to_string(*target); });
}

void ConfigSchema::add_duration(std::string path, std::string help, milliseconds* target,
                                milliseconds min, milliseconds max) {
  add(
      std::move(path), std::move(help),
      [target, min, max](std::string_view text) -> std::optional<std::string> {
        auto value = parse_duration(text);
        if (!value || *value < min || *value > max) {
          return "expected a duration from " + format_duration(min) + " to " +
                 format_duration(max) + " (units ms, s, m, h), got " + quoted(text);
        }
        *target = *value;
        return std::nullopt;
      },
      [target] { return format_duration(*target); });
}

const ConfigSchema::Field* ConfigSchema::find(std::string_view path) const {
  for (const auto& field : fields_) {
    if (field.path == path) return &field;
  }
  return nullptr;
}

std::string ConfigSchema::unknown_key_message(std::string_view path) const {
  const Field* best = nullptr;
  size_t best_distance = std::min<size_t>(4, path.size() / 3 + 1);
  for (const auto& field : fields_) {
    const size_t distance = edit_distance(path, field.path);
    if (distance < best_distance) {
      best = &field;
      best_distance = distance;
    }
  }
  std::string message = "unknown key";
  if (best != nullptr) message += " (did you mean " + best->path + "?)";
  return message + "; `tandem --print-config` lists every key";
}

std::optional<ConfigError> ConfigSchema::set(std::string_view path, std::string_view value,
                                             const std::string& where) {
  const Field* field = find(path);
  if (field == nullptr) return ConfigError{where, std::string(path), unknown_key_message(path)};
  if (auto problem = field->assign(value)) return ConfigError{where, field->path, *problem};
  return std::nullopt;
}

namespace {

struct YamlWalk {
  ConfigSchema& schema;
  const std::string& source;
  std::vector<ConfigError> errors;

  bool is_section(const std::string& path) const {
    const std::string prefix = path + ".";
    return std::any_of(schema.fields().begin(), schema.fields().end(),
                       [&](const auto& field) { return field.path.starts_with(prefix); });
  }

  void error(const YAML::Node& at, const std::string& path, std::string message) {
    errors.push_back({mark_of(source, at.Mark()), path, std::move(message)});
  }

  void value(const YAML::Node& key, const YAML::Node& node, const std::string& path) {
    const ConfigSchema::Field* field = schema.find(path);
    if (field != nullptr && field->assign_node) {
      if (auto problem = field->assign_node(node)) error(node, path, *problem);
      return;
    }
    if (node.IsNull()) {
      if (!is_section(path)) error(key, path, "has no value (delete the line to keep the default)");
    } else if (node.IsMap()) {
      if (is_section(path)) return mapping(node, path);
      error(key, path,
            schema.find(path) ? "expected a single value, got a mapping"
                              : "unknown section; `tandem --print-config` lists every key");
    } else if (node.IsSequence()) {
      error(key, path, "expected a single value, got a list");
    } else if (schema.find(path) == nullptr) {
      error(key, path, schema.set(path, "", "")->message);
    } else if (auto problem = schema.set(path, node.Scalar(), "")) {
      error(node, path, problem->message);
    }
  }

  void mapping(const YAML::Node& node, const std::string& prefix) {
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        error(entry.first, prefix, "keys must be plain words");
        continue;
      }
      const std::string key = entry.first.Scalar();
      value(entry.first, entry.second, prefix.empty() ? key : prefix + "." + key);
    }
  }
};

}  // namespace

std::vector<ConfigError> ConfigSchema::load_yaml(std::string_view text,
                                                 const std::string& source_name) {
  YAML::Node document;
  try {
    document = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return {{mark_of(source_name, e.mark), "", "not valid YAML: " + e.msg}};
  }
  YamlWalk walk{*this, source_name, {}};
  if (document.IsNull()) return {};
  if (!document.IsMap()) {
    walk.error(document, "", "the document must be a mapping of keys to values");
  } else {
    walk.mapping(document, "");
  }
  return walk.errors;
}

std::string ConfigSchema::environment_name(std::string_view path) {
  std::string name = "TANDEM_";
  for (char c : path) {
    name += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

std::vector<ConfigError> ConfigSchema::load_environment(char** environment,
                                                        std::vector<std::string>* unknown) {
  std::vector<ConfigError> errors;
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view line(*entry);
    const auto equals = line.find('=');
    if (!line.starts_with("TANDEM_") || equals == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, equals);
    const auto field = std::find_if(fields_.begin(), fields_.end(), [&](const Field& f) {
      return environment_name(f.path) == name;
    });
    if (field == fields_.end()) {
      if (unknown != nullptr) unknown->emplace_back(name);
      continue;
    }
    if (auto problem = field->assign(line.substr(equals + 1))) {
      errors.push_back({"environment " + std::string(name), field->path, *problem});
    }
  }
  return errors;
}

std::string ConfigSchema::to_yaml() const {
  YAML::Node root(YAML::NodeType::Map);
  for (const auto& field : fields_) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t dot = field.path.find('.'); dot != std::string::npos;
         dot = field.path.find('.', start)) {
      parts.push_back(field.path.substr(start, dot - start));
      start = dot + 1;
    }
    parts.push_back(field.path.substr(start));
    std::vector<YAML::Node> chain{root};
    for (size_t i = 0; i + 1 < parts.size(); ++i) chain.push_back(chain.back()[parts[i]]);
    chain.back()[parts.back()] =
        field.assign_node ? YAML::Load(field.show()) : YAML::Node(field.show());
  }
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tandem
