#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace tandem {

struct LogOptions {
  /// trace, debug, info, warn, error, critical or off.
  std::string level = "info";
  /// "text" for people, "json" (one object per line) for log collectors.
  std::string format = "text";
};

/// Sends every component's log lines to stderr in the chosen format. Call once, early in
/// main; loggers created before or after share the settings.
void setup_logging(const LogOptions& options);

/// The logger of one component ("registry", "redis", "grpc", ...), created on first use.
/// Thread-safe.
std::shared_ptr<spdlog::logger> component_logger(const std::string& component);

}  // namespace tandem
