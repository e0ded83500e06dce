#pragma once

#include <chrono>
#include <optional>

namespace tandem {

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later, so that
/// only wait_for_termination_signal sees them. Call first thing in main.
void block_termination_signals();

/// Waits until SIGINT or SIGTERM arrives and returns its number.
int wait_for_termination_signal();

/// The same, for at most `timeout`: nothing if no signal came.
std::optional<int> wait_for_termination_signal(std::chrono::milliseconds timeout);

}  // namespace tandem
