#include "services/media/packet_loop.hpp"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <future>
#include <stdexcept>

#include "services/media/epoll_loop.hpp"
#include "services/media/uring_loop.hpp"

namespace tandem::media {
namespace {

/// A timerfd the loop watches.
class Ticker final : public Readable {
 public:
  static constexpr uint64_t kMaxCatchUp = 5;

  Ticker(std::chrono::milliseconds period, std::function<void()> tick)
      : fd_(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)), tick_(std::move(tick)) {
    itimerspec spec{};
    spec.it_interval.tv_sec = period.count() / 1000;
    spec.it_interval.tv_nsec = (period.count() % 1000) * 1'000'000;
    spec.it_value = spec.it_interval;
    timerfd_settime(fd_, 0, &spec, nullptr);
  }
  ~Ticker() override { close(fd_); }
  int fd() const { return fd_; }

  void on_readable() override {
    uint64_t expirations = 0;
    if (read(fd_, &expirations, sizeof expirations) != sizeof expirations) return;
    // A loop that fell behind owes a tick per period missed: paced streams catch up rather
    // than lose a frame. A stall longer than kMaxCatchUp periods is let go.
    for (uint64_t i = 0; i < std::min<uint64_t>(expirations, kMaxCatchUp); ++i) tick_();
  }

 private:
  int fd_;
  std::function<void()> tick_;
};

}  // namespace

std::string_view loop_kind_name(LoopKind kind) {
  return kind == LoopKind::io_uring ? "io_uring" : "epoll";
}

PacketLoop::PacketLoop() : wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (wake_fd_ < 0) throw std::runtime_error("eventfd unavailable");
}

PacketLoop::~PacketLoop() {
  // The derived loop stopped the thread in its own destructor.
  close(wake_fd_);
}

void PacketLoop::start() {
  thread_ = std::thread([this] { loop(); });
}

void PacketLoop::stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
  thread_.join();
}

void PacketLoop::post(std::function<void()> command) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(command));
    commands_queued_.store(true, std::memory_order_release);
  }
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

void PacketLoop::run(const std::function<void()>& command) {
  std::promise<void> done;
  post([&] {
    command();
    done.set_value();
  });
  done.get_future().wait();
}

void PacketLoop::every(std::chrono::milliseconds period, std::function<void()> tick) {
  auto ticker = std::make_unique<Ticker>(period, std::move(tick));
  watch(ticker->fd(), ticker.get());
  ticker_ = std::move(ticker);
}

void PacketLoop::Waker::on_readable() {
  uint64_t count = 0;
  (void)!read(loop.wake_fd_, &count, sizeof count);
  loop.run_commands();
}

void PacketLoop::finish() {
  run_commands();
  collect_disposed();
}

void PacketLoop::run_commands() {
  if (!commands_queued_.load(std::memory_order_acquire)) return;
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(commands_);
    commands_queued_.store(false, std::memory_order_relaxed);
  }
  if (batch.empty()) return;
  before_commands();
  for (auto& command : batch) command();
}

Result<std::unique_ptr<PacketLoop>> make_packet_loop(LoopKind kind) {
  if (kind == LoopKind::epoll) return std::unique_ptr<PacketLoop>(std::make_unique<EpollLoop>());
  if (auto problem = UringLoop::unavailable_because()) {
    return unavailable("io_uring cannot be used here: " + *problem);
  }
  return std::unique_ptr<PacketLoop>(std::make_unique<UringLoop>());
}

}  // namespace tandem::media
