#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace tandem::testing {

/// A child process for tests: started with arguments and extra environment, its stdout and
/// stderr captured in a file. Killed on destruction if still running.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::vector<std::string> extra_environment = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  /// Sends a signal (SIGTERM by default).
  void signal(int number);
  /// Waits up to `timeout` for the exit; the exit code, or -signal if killed by one, or
  /// nothing if still running.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  /// Everything the process wrote so far.
  std::string output() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string output_path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs a command to completion (bounded by `timeout`), feeding it `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = "",
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

/// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace tandem::testing

#include <thread>

template <class Condition>
bool tandem::testing::eventually(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}
