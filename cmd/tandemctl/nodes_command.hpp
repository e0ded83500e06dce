#pragma once

#include <CLI/CLI.hpp>

#include "cmd/tandemctl/client.hpp"

namespace tandem::ctl {

/// `tandemctl nodes list`: the cluster's node directory.
void add_nodes_command(CLI::App& app, Options& options);

}  // namespace tandem::ctl
