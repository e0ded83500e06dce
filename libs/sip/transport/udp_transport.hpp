#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"
#include "libs/sip/transaction/transport_address.hpp"

namespace tandem::sip {

struct UdpOptions {
  HostPort listen{"127.0.0.1", 5060};
  /// Threads receiving from the socket; each takes datagrams in batches (recvmmsg).
  size_t receive_threads = 2;
  /// Kernel socket buffers, bytes: large buffers ride out bursts instead of dropping.
  int receive_buffer = 8 * 1024 * 1024;
  int send_buffer = 4 * 1024 * 1024;
  /// Datagrams larger than this are truncated by the kernel and refused as too large.
  size_t max_datagram = 65535;
};

/// SIP over UDP (RFC 3261 18): one socket, datagrams handed to `on_datagram` on the receive
/// threads (so the handler must be thread-safe), sends from any thread.
class UdpTransport {
 public:
  /// Called for every datagram; `truncated` means it was larger than max_datagram.
  using Handler =
      std::function<void(std::string_view bytes, bool truncated, const TransportAddress& from)>;

  UdpTransport(UdpOptions options, Handler handler);
  ~UdpTransport();
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  /// Binds and starts the receive threads.
  Result<Done> start();
  /// The bound port (useful with port 0).
  uint16_t port() const { return port_; }
  /// Sends one datagram; false if the kernel refused it (logged by the caller).
  bool send(const std::string& ip, uint16_t port, std::string_view bytes);
  /// Stops receiving and joins the threads. Idempotent.
  void stop();

  uint64_t received() const { return received_; }

 private:
  void receive_loop();

  UdpOptions options_;
  Handler handler_;
  int socket_ = -1;
  bool ipv6_ = false;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> received_{0};
  std::vector<std::thread> threads_;
};

}  // namespace tandem::sip
