#include "services/signaling/channel_timers.hpp"

namespace tandem::signaling {

namespace {
constexpr auto kTick = std::chrono::milliseconds(10);
}  // namespace

ChannelTimers::~ChannelTimers() { stop(); }

void ChannelTimers::start() {
  stopping_ = false;
  thread_ = std::thread([this] {
    while (!stopping_) {
      fire_due();
      std::this_thread::sleep_for(kTick);
    }
  });
}

void ChannelTimers::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void ChannelTimers::after(std::chrono::milliseconds delay, const caf::actor& to,
                          caf::message message) {
  std::lock_guard lock(mutex_);
  timers_.push({clock_.monotonic_now() + delay, next_order_++, to.address(), std::move(message)});
}

size_t ChannelTimers::fire_due() {
  std::vector<Timer> due;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.monotonic_now();
    while (!timers_.empty() && timers_.top().deadline <= now) {
      due.push_back(timers_.top());
      timers_.pop();
    }
  }
  size_t delivered = 0;
  for (auto& timer : due) {
    if (auto actor = caf::actor_cast<caf::actor>(timer.to)) {
      actor->enqueue(nullptr, caf::make_message_id(), std::move(timer.message), nullptr);
      ++delivered;
    }
  }
  return delivered;
}

size_t ChannelTimers::pending() const {
  std::lock_guard lock(mutex_);
  return timers_.size();
}

}  // namespace tandem::signaling
