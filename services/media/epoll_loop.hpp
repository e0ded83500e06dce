#pragma once

#include <map>
#include <memory>

#include "services/media/packet_loop.hpp"

namespace tandem::media {

/// The packet loop on epoll (level-triggered): a ready UDP socket is read with one
/// recvfrom, a packet sent with one sendto.
class EpollLoop final : public PacketLoop {
 public:
  EpollLoop();
  ~EpollLoop() override;

  LoopKind kind() const override { return LoopKind::epoll; }
  bool watch(int fd, Readable* reader) override;
  bool watch_datagrams(int fd, DatagramReader* reader) override;
  void unwatch(int fd) override;
  void after_release(std::function<void()> then) override { then(); }
  bool send_datagram(int fd, std::span<const uint8_t> packet, const SocketAddress& to) override;

 private:
  /// Reads one datagram per readiness: at 50 packets a second a socket rarely holds two,
  /// so reading until EAGAIN would cost a second, empty system call per packet. The
  /// socket stays ready (level-triggered) while more is waiting.
  struct DatagramSocket final : Readable {
    DatagramSocket(EpollLoop& loop, int fd, DatagramReader* reader)
        : loop(loop), fd(fd), reader(reader) {}
    void on_readable() override;
    EpollLoop& loop;
    int fd;
    DatagramReader* reader;
  };

  void loop() override;

  int epoll_fd_ = -1;
  std::map<int, std::unique_ptr<DatagramSocket>> datagram_sockets_;
  std::array<uint8_t, 2048> buffer_{};
};

}  // namespace tandem::media
