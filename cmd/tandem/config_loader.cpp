#include "cmd/tandem/config_loader.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace tandem {
namespace {

struct CommandLine {
  std::string config_file;
  bool print_config = false;
  bool print_default_config = false;
  bool version = false;
  std::vector<std::string> values;  // one per schema field, in schema order
};

void add_key_flags(CLI::App& app, const ConfigSchema& schema, CommandLine& line) {
  line.values.resize(schema.fields().size());
  for (size_t i = 0; i < schema.fields().size(); ++i) {
    const auto& field = schema.fields()[i];
    app.add_option("--" + field.path, line.values[i], field.help)
        ->group("Configuration keys (also TANDEM_<KEY> variables)")
        ->option_text("VALUE");
  }
}

std::optional<std::string> read_file(const std::string& path, std::string& text) {
  std::ifstream in(path);
  if (!in) return "cannot read --config " + path + ": " + std::strerror(errno);
  std::stringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return std::nullopt;
}

std::vector<ConfigError> apply_flags(CLI::App& app, ConfigSchema& schema, const CommandLine& line) {
  std::vector<ConfigError> errors;
  for (size_t i = 0; i < schema.fields().size(); ++i) {
    const auto& path = schema.fields()[i].path;
    if (app.count("--" + path) == 0) continue;
    if (auto error = schema.set(path, line.values[i], "flag --" + path)) errors.push_back(*error);
  }
  return errors;
}

int report(const std::vector<ConfigError>& errors, const std::vector<std::string>& problems) {
  for (const auto& error : errors)
    std::cerr << "tandem: config error: " << error.to_string() << "\n";
  for (const auto& problem : problems) std::cerr << "tandem: config error: " << problem << "\n";
  std::cerr << "tandem: not started; fix the configuration (tandem --help, "
               "tandem --print-default-config)\n";
  return 2;
}

std::vector<ConfigError> load_sources(CLI::App& app, ConfigSchema& schema, const CommandLine& line,
                                      char** environment, std::vector<std::string>& warnings) {
  std::string text(default_config_text());
  std::string source = "embedded default config";
  if (!line.config_file.empty()) {
    if (auto problem = read_file(line.config_file, text)) return {{line.config_file, "", *problem}};
    source = line.config_file;
  }
  auto errors = schema.load_yaml(text, source);
  std::vector<std::string> unknown;
  auto environment_errors = schema.load_environment(environment, &unknown);
  errors.insert(errors.end(), environment_errors.begin(), environment_errors.end());
  for (const auto& name : unknown) {
    warnings.push_back("ignoring environment variable " + name + ": it names no configuration key");
  }
  auto flag_errors = apply_flags(app, schema, line);
  errors.insert(errors.end(), flag_errors.begin(), flag_errors.end());
  return errors;
}

}  // namespace

std::optional<int> load_config(int argc, char** argv, char** environment, TandemConfig& config,
                               std::vector<std::string>& warnings) {
  ConfigSchema schema;
  describe_tandem_config(schema, config);
  CommandLine line;
  CLI::App app{"tandem: the Tandem SIP/RTP gateway (one binary for every role)", "tandem"};
  app.add_option("--config", line.config_file, "YAML configuration file (default: embedded)")
      ->option_text("FILE");
  app.add_flag("--print-config", line.print_config, "print the effective configuration and exit");
  app.add_flag("--print-default-config", line.print_default_config,
               "print the commented default configuration and exit");
  app.add_flag("--version", line.version, "print the version and exit");
  add_key_flags(app, schema, line);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (line.version) {
    std::cout << "tandem " << TANDEM_VERSION << "\n";
    return 0;
  }
  if (line.print_default_config) {
    std::cout << default_config_text();
    return 0;
  }
  const auto errors = load_sources(app, schema, line, environment, warnings);
  const auto problems =
      errors.empty() ? validate_tandem_config(config) : std::vector<std::string>{};
  if (!errors.empty() || !problems.empty()) return report(errors, problems);
  if (line.print_config) {
    std::cout << schema.to_yaml();
    return 0;
  }
  return std::nullopt;
}

}  // namespace tandem
