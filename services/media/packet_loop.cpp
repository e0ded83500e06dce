#include "services/media/packet_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <future>
#include <stdexcept>

namespace tandem::media {
namespace {

/// A timerfd in the loop's epoll set.
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

PacketLoop::PacketLoop()
    : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)), wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("epoll or eventfd unavailable");
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;  // the wake-up descriptor
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event);
}

PacketLoop::~PacketLoop() {
  stop();
  close(wake_fd_);
  close(epoll_fd_);
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

bool PacketLoop::watch(int fd, Readable* reader) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = reader;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0;
}

void PacketLoop::unwatch(int fd) { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

void PacketLoop::every(std::chrono::milliseconds period, std::function<void()> tick) {
  auto ticker = std::make_unique<Ticker>(period, std::move(tick));
  watch(ticker->fd(), ticker.get());
  ticker_ = std::move(ticker);
}

void PacketLoop::dispose(std::unique_ptr<Readable> reader) {
  disposed_.push_back(std::move(reader));
}

void PacketLoop::loop() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  while (!stopping_) {
    const int ready = epoll_wait(epoll_fd_, events, kMaxEvents, -1);
    for (int i = 0; i < ready; ++i) {
      if (events[i].data.ptr == nullptr) {
        uint64_t count = 0;
        (void)!read(wake_fd_, &count, sizeof count);
        run_commands();
      } else {
        static_cast<Readable*>(events[i].data.ptr)->on_readable();
      }
    }
    disposed_.clear();
  }
  run_commands();
  disposed_.clear();
}

void PacketLoop::run_commands() {
  std::vector<std::function<void()>> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(commands_);
  }
  for (auto& command : batch) command();
}

}  // namespace tandem::media
