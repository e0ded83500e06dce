#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace tandem::testing {

enum class StreamProtocol { tcp, tls, ws, wss };

/// A SIP client over one TCP, TLS, WebSocket or secure WebSocket connection to 127.0.0.1,
/// for tests: it sends whole messages and receives them one at a time, framed as the
/// protocol frames them. TLS does not verify the server: tests check the handshake, not PKI.
class SipStreamClient {
 public:
  /// Connects and finishes the TLS and WebSocket handshakes (offering `subprotocol`); throws
  /// std::runtime_error naming the step that failed.
  SipStreamClient(StreamProtocol protocol, uint16_t port, std::string subprotocol = "sip");
  ~SipStreamClient();
  SipStreamClient(const SipStreamClient&) = delete;
  SipStreamClient& operator=(const SipStreamClient&) = delete;

  /// Sends one message (one WebSocket message on ws/wss); false if the connection failed.
  bool send(const std::string& message);
  /// The next whole message, or nullopt when none came within `wait` or the peer closed.
  std::optional<std::string> receive(std::chrono::milliseconds wait);
  /// The next response with a final status (skipping 1xx), or nullopt.
  std::optional<std::string> final_response(std::chrono::milliseconds wait);
  /// Whether the peer has closed the connection (waits up to `wait` to find out).
  bool closed_by_peer(std::chrono::milliseconds wait);
  uint16_t local_port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::testing
