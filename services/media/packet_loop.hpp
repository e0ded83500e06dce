#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tandem::media {

/// Something with a socket the loop watches.
class Readable {
 public:
  virtual ~Readable() = default;
  /// The socket has data; read until it would block. Runs on the loop thread.
  virtual void on_readable() = 0;
};

/// One epoll thread that owns the packet path: it reads sockets and runs the commands the
/// control path posts, so packet state is only ever touched on this thread and the path
/// takes no lock and makes no allocation per packet. Commands are the only cross-thread
/// traffic, one per control operation.
class PacketLoop {
 public:
  PacketLoop();
  ~PacketLoop();
  PacketLoop(const PacketLoop&) = delete;
  PacketLoop& operator=(const PacketLoop&) = delete;

  void start();
  /// Stops the thread; commands still queued are run first.
  void stop();

  /// Runs `command` on the loop thread, soon. Any thread.
  void post(std::function<void()> command);
  /// Runs `command` on the loop thread and waits for it. Not from the loop thread.
  void run(const std::function<void()>& command);

  /// Watches a socket (loop thread only, i.e. inside a command).
  bool watch(int fd, Readable* reader);
  void unwatch(int fd);
  /// Deletes a reader once the events already taken from epoll are handled: one of them
  /// may still point at it (loop thread only; unwatch its socket first).
  void dispose(std::unique_ptr<Readable> reader);

  /// Calls `tick` on the loop thread every `period` (a timerfd), from start() on. Set it
  /// before start(). What a tick does is decided against the injected clock, so tests
  /// drive the same logic by calling it themselves.
  void every(std::chrono::milliseconds period, std::function<void()> tick);

 private:
  void loop();
  void run_commands();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::function<void()>> commands_;
  std::vector<std::unique_ptr<Readable>> disposed_;
  std::unique_ptr<Readable> ticker_;
};

}  // namespace tandem::media
