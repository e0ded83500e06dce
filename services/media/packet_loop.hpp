#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/common/socket_address.hpp"

namespace tandem::media {

/// Something with a socket the loop watches for readiness (a TCP connection, a timer).
class Readable {
 public:
  virtual ~Readable() = default;
  /// The socket has data: read what is there (until it would block). Loop thread.
  virtual void on_readable() = 0;
};

/// Something that receives the datagrams of a UDP socket the loop reads for it.
class DatagramReader {
 public:
  virtual ~DatagramReader() = default;
  /// One datagram; `packet` may be changed in place and is only valid during the call.
  virtual void on_datagram(std::span<uint8_t> packet, const SocketAddress& source) = 0;
};

/// How a loop waits for and moves packets.
enum class LoopKind {
  epoll,     // readiness, then recvfrom and sendto: two system calls per packet
  io_uring,  // multishot receives into provided buffers, sends queued: about 0.15 per packet
};

/// The name of a kind as the configuration spells it ("epoll", "io_uring").
std::string_view loop_kind_name(LoopKind kind);

/// One thread that owns the packet path: it receives and sends datagrams and runs the
/// commands the control path posts, so packet state is only ever touched on this thread
/// and the path takes no lock and makes no allocation per packet. Commands are the only
/// cross-thread traffic, one per control operation.
class PacketLoop {
 public:
  virtual ~PacketLoop();
  PacketLoop(const PacketLoop&) = delete;
  PacketLoop& operator=(const PacketLoop&) = delete;

  virtual LoopKind kind() const = 0;

  void start();
  /// Stops the thread; commands still queued are run first.
  void stop();

  /// Runs `command` on the loop thread, soon, in the order posted. Any thread.
  void post(std::function<void()> command);
  /// Runs `command` on the loop thread and waits for it. Not from the loop thread.
  void run(const std::function<void()>& command);

  // Loop thread only (inside a command), or before start().
  /// Calls `reader` whenever `fd` is readable.
  virtual bool watch(int fd, Readable* reader) = 0;
  /// Receives the datagrams of UDP socket `fd` for `reader`.
  virtual bool watch_datagrams(int fd, DatagramReader* reader) = 0;
  /// Stops watching `fd` (close it after); its reader is not called again.
  virtual void unwatch(int fd) = 0;
  /// Runs `then` once the sockets unwatched since the last call are really released by
  /// the kernel (closed by then): only then may their ports be bound again. io_uring
  /// holds a socket until its request is cancelled, a moment after unwatch().
  virtual void after_release(std::function<void()> then) = 0;
  /// Sends a datagram from `fd` (loop thread only). False if it could not be sent or queued.
  virtual bool send_datagram(int fd, std::span<const uint8_t> packet, const SocketAddress& to) = 0;
  /// Deletes something a reader belongs to once the packets in hand are handled: one of
  /// them may still lead to it (loop thread only; unwatch its sockets first).
  void dispose(std::shared_ptr<void> object) { disposed_.push_back(std::move(object)); }

  /// Calls `tick` on the loop thread every `period` (a timerfd), from start() on. Set it
  /// before start(). What a tick does is decided against the injected clock, so tests
  /// drive the same logic by calling it themselves.
  void every(std::chrono::milliseconds period, std::function<void()> tick);

 protected:
  PacketLoop();
  /// The thread's body: wait, dispatch, collect_disposed(), until stopping(); then
  /// finish() while sockets can still be used.
  virtual void loop() = 0;
  /// Runs the commands still queued and deletes what was disposed.
  void finish();
  /// Called before queued commands run (which may close sockets).
  virtual void before_commands() {}
  bool stopping() const { return stopping_; }
  /// Reads the wake-up eventfd and runs the commands queued; the loop watches
  /// wake_fd() with this reader.
  Readable* waker() { return &waker_; }
  int wake_fd() const { return wake_fd_; }
  void collect_disposed() { disposed_.clear(); }
  /// Runs the commands queued so far. A loop calls it after each wait, before it hands out
  /// what arrived: a command posted before a packet was sent (a bridge's link) then
  /// applies to that packet whatever order the kernel reports the two wake-ups in.
  void run_commands();

 private:
  struct Waker final : Readable {
    explicit Waker(PacketLoop& loop) : loop(loop) {}
    void on_readable() override;
    PacketLoop& loop;
  };

  int wake_fd_ = -1;
  Waker waker_{*this};
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<std::function<void()>> commands_;
  /// Set under the mutex when commands_ gets one: a wait that brought only packets (most
  /// of them) skips the lock.
  std::atomic<bool> commands_queued_{false};
  std::vector<std::shared_ptr<void>> disposed_;
  std::unique_ptr<Readable> ticker_;
};

/// A loop of that kind; io_uring fails with the reason when the kernel or a seccomp
/// profile refuses it.
Result<std::unique_ptr<PacketLoop>> make_packet_loop(LoopKind kind);

}  // namespace tandem::media
