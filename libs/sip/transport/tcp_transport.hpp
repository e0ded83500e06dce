#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/transaction/transport_address.hpp"

namespace tandem::sip {

struct TcpOptions {
  HostPort listen{"127.0.0.1", 5060};
  /// A connection with no traffic for this long is closed.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  /// Connections one source IP may hold open at once.
  size_t max_connections_per_source = 64;
  ParseLimits limits;
};

/// SIP over TCP (RFC 3261 18): persistent connections, messages cut out of the stream by
/// Content-Length (StreamFramer), CRLF keep-alive pongs (RFC 5626), responses sent back on
/// the connection a request came on. A connection whose framing breaks is closed. One I/O
/// thread; handlers run on it and must not block; send() may be called from any thread.
class TcpTransport {
 public:
  /// One framed message and where it came from (`from.connection` names the connection).
  using Handler = std::function<void(std::string bytes, const TransportAddress& from)>;

  TcpTransport(TcpOptions options, Handler handler);
  ~TcpTransport();
  TcpTransport(const TcpTransport&) = delete;
  TcpTransport& operator=(const TcpTransport&) = delete;

  Result<Done> start();
  uint16_t port() const;
  /// Queues bytes on a connection; false if it is gone.
  bool send(uint64_t connection, std::shared_ptr<const std::string> bytes);
  void stop();
  size_t connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::sip
