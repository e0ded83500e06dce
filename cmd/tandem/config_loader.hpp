#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cmd/tandem/tandem_config.hpp"

namespace tandem {

/// Reads the command line, the configuration file (or the embedded default), the TANDEM_*
/// environment and the per-key flags, in rising precedence, into `config`. Answers --help,
/// --version, --print-config and --print-default-config itself.
///
/// Returns an exit code when the process should stop now (0 after printing what was asked,
/// 2 after printing every configuration error), or nothing to go on. `warnings` gets what
/// deserves a log line once logging is set up.
std::optional<int> load_config(int argc, char** argv, char** environment, TandemConfig& config,
                               std::vector<std::string>& warnings);

}  // namespace tandem
