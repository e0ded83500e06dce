#pragma once

#include <caf/all.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "libs/common/clock.hpp"

namespace tandem::signaling {

/// The timers of a node's channel actors (Wait, the 2xx retransmissions, a Dial's
/// timeout...), on the injected clock: CAF's delayed_send runs on CAF's own clock, which a
/// test cannot move. A message is delivered to its actor once the clock's monotonic time
/// reaches its deadline; an actor that is gone by then is skipped. fire_due() delivers what
/// is due: start() runs it every 10 ms, a test calls it after moving a ManualClock.
/// Thread-safe.
class ChannelTimers {
 public:
  explicit ChannelTimers(const Clock& clock) : clock_(clock) {}
  ~ChannelTimers();
  ChannelTimers(const ChannelTimers&) = delete;
  ChannelTimers& operator=(const ChannelTimers&) = delete;

  void start();
  void stop();

  /// Delivers `message` to `to` after `delay` (as if sent by nobody).
  void after(std::chrono::milliseconds delay, const caf::actor& to, caf::message message);
  /// Delivers every message that is due; returns how many actors got theirs.
  size_t fire_due();
  size_t pending() const;

 private:
  struct Timer {
    std::chrono::steady_clock::time_point deadline;
    uint64_t order;  // equal deadlines fire in the order they were set
    caf::actor_addr to;
    caf::message message;
    bool operator>(const Timer& other) const {
      return deadline != other.deadline ? deadline > other.deadline : order > other.order;
    }
  };

  const Clock& clock_;
  mutable std::mutex mutex_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  uint64_t next_order_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tandem::signaling
