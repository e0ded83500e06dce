#pragma once

#include <CLI/CLI.hpp>

#include "cmd/tandemctl/client.hpp"

namespace tandem::ctl {

/// `tandemctl registrations list|get|delete`: the registry's AOR -> contact bindings.
void add_registrations_command(CLI::App& app, Options& options);

}  // namespace tandem::ctl
