#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/transaction/transport_address.hpp"

namespace tandem::sip {

struct StreamOptions {
  /// tcp, tls, ws or wss.
  TransportKind kind = TransportKind::tcp;
  HostPort listen{"127.0.0.1", 5060};
  /// A connection with no traffic for this long is closed. WebSocket connections are pinged
  /// halfway through, so a live peer keeps its connection.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(10)};
  /// Time a new connection has to finish its TLS and WebSocket handshakes.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
  /// Connections one source IP may hold open at once.
  size_t max_connections_per_source = 64;
  ParseLimits limits;
  /// PEM files for tls and wss: the certificate chain (leaf first) and its private key.
  std::string certificate_file;
  std::string private_key_file;
};

/// SIP over a connection-oriented transport: TCP and TLS (RFC 3261 18, messages cut out of
/// the stream by Content-Length, CRLF keep-alive pongs per RFC 5626) or WebSocket and secure
/// WebSocket (RFC 7118, one SIP message per WebSocket message, the "sip" subprotocol).
/// Connections persist; responses go back on the connection a request came on, and a
/// connection whose framing breaks is closed. One I/O thread; handlers run on it and must not
/// block; send() may be called from any thread.
class StreamTransport {
 public:
  /// One whole message and where it came from (`from.connection` names the connection).
  using Handler = std::function<void(std::string bytes, const TransportAddress& from)>;

  StreamTransport(StreamOptions options, Handler handler);
  ~StreamTransport();
  StreamTransport(const StreamTransport&) = delete;
  StreamTransport& operator=(const StreamTransport&) = delete;

  /// Loads the TLS identity (tls, wss), binds and starts accepting.
  Result<Done> start();
  TransportKind kind() const;
  uint16_t port() const;
  /// The open connection from a peer (ip, port), if any: where requests to a phone that
  /// registered over it go (RFC 5626 5: connection reuse).
  std::optional<uint64_t> connection_to(const std::string& ip, uint16_t port) const;
  /// Queues bytes on a connection; false if it is gone.
  bool send(uint64_t connection, std::shared_ptr<const std::string> bytes);
  void stop();
  size_t connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::sip
