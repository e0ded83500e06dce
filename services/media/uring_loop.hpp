#pragma once

#include <liburing.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/media/packet_loop.hpp"

namespace tandem::media {

/// The packet loop on io_uring: each UDP socket has one multishot recvmsg that fills
/// buffers from a provided-buffer ring, sends are queued as SEND requests, and one
/// io_uring_enter per wake-up submits them all and collects what arrived. Readiness
/// watches (TCP, timers) are multishot polls. The ring is SINGLE_ISSUER|DEFER_TASKRUN:
/// only the loop thread touches it.
class UringLoop final : public PacketLoop {
 public:
  /// Why a ring cannot be set up here (no kernel support, a seccomp profile, a memlock
  /// limit), or nothing when it can.
  static std::optional<std::string> unavailable_because();

  UringLoop();
  ~UringLoop() override;

  LoopKind kind() const override { return LoopKind::io_uring; }
  bool watch(int fd, Readable* reader) override;
  bool watch_datagrams(int fd, DatagramReader* reader) override;
  void unwatch(int fd) override;
  void after_release(std::function<void()> then) override;
  bool send_datagram(int fd, std::span<const uint8_t> packet, const SocketAddress& to) override;

 private:
  static constexpr size_t kBufferSize = 2048;
  static constexpr unsigned kReceiveBuffers = 4096;  // a power of two (the ring's mask)
  static constexpr unsigned kSendSlots = 4096;
  static constexpr uint16_t kBufferGroup = 1;

  /// One watched socket and its outstanding multishot request. It outlives unwatch()
  /// until the kernel's last completion for it: the request's user data points here.
  struct Release {
    size_t waiting = 0;
    std::function<void()> then;
  };
  struct Watch {
    int fd = -1;
    Readable* readable = nullptr;               // a readiness watch, or
    DatagramReader* datagram_reader = nullptr;  // a datagram watch
    bool live = true;
    bool armed = false;
    std::shared_ptr<Release> release = nullptr;  // told when this watch retires
  };
  /// A datagram waiting to be sent, or in flight: the kernel reads it until completion.
  struct SendSlot {
    std::array<uint8_t, kBufferSize> data;
    sockaddr_storage to;
  };

  void loop() override;
  void before_commands() override;
  io_uring_sqe* next_sqe();
  bool add(std::unique_ptr<Watch> watch);
  void arm(Watch& watch);
  void on_completion(const io_uring_cqe& cqe);
  void on_datagram_completion(Watch& watch, const io_uring_cqe& cqe);
  void give_back(uint16_t buffer_id);

  bool ready_ = false;  // the ring exists (created on the loop thread)
  io_uring ring_{};
  io_uring_buf_ring* buffer_ring_ = nullptr;
  std::vector<uint8_t> receive_memory_;
  msghdr receive_template_{};
  std::map<int, std::unique_ptr<Watch>> watches_;
  std::vector<std::unique_ptr<Watch>> retiring_;  // unwatched, awaiting their last completion
  std::vector<Watch*> to_arm_;                    // watched before the ring existed
  std::vector<Watch*> unwatched_;                 // retiring since the last after_release()
  std::vector<SendSlot> send_slots_;
  std::vector<uint32_t> free_send_slots_;
};

}  // namespace tandem::media
