#pragma once

#include "cmd/tandem/tandem_config.hpp"

namespace tandem {

/// Starts every service the configured role runs, serves until SIGINT or SIGTERM, then shuts
/// down in order: not ready, out of the directory, gRPC (calls in flight get the grace
/// period), background actors, stores. Returns the process exit code: 0 after a clean
/// shutdown, 1 when a service could not start.
int run_server(const TandemConfig& config);

}  // namespace tandem
