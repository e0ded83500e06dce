#include "libs/common/signals.hpp"

#include <pthread.h>
#include <signal.h>

#include <cerrno>

namespace tandem {
namespace {

sigset_t termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void block_termination_signals() {
  const sigset_t set = termination_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination_signal() {
  const sigset_t set = termination_signals();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  return signal_number;
}

std::optional<int> wait_for_termination_signal(std::chrono::milliseconds timeout) {
  const sigset_t set = termination_signals();
  timespec wait{};
  wait.tv_sec = timeout.count() / 1000;
  wait.tv_nsec = (timeout.count() % 1000) * 1'000'000;
  for (;;) {
    const int signal_number = sigtimedwait(&set, nullptr, &wait);
    if (signal_number > 0) return signal_number;
    if (errno != EINTR) return std::nullopt;  // EAGAIN: the time ran out
  }
}

}  // namespace tandem
