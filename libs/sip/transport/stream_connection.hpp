#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <type_traits>

#include "libs/common/boost_beast.hpp"
#include "libs/sip/transaction/transport_address.hpp"
#include "libs/sip/transport/stream_transport.hpp"

namespace tandem::sip {

/// Whether a connection's socket is a TLS stream rather than plain TCP.
template <class Socket>
constexpr bool kEncrypted = !std::is_same_v<Socket, boost::asio::ip::tcp::socket>;

/// One accepted connection of a StreamTransport, whatever its protocol.
class StreamConnection {
 public:
  virtual ~StreamConnection() = default;
  /// Begins handshakes, then reading. Called once, on the I/O thread.
  virtual void start() = 0;
  /// Queues one message for sending; any thread.
  virtual void queue(std::shared_ptr<const std::string> bytes) = 0;
  /// Closes the socket; the connection then tells its host it is finished. I/O thread.
  virtual void close() = 0;
};

/// What a connection needs from the transport that accepted it.
class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  virtual boost::asio::io_context& io() = 0;
  virtual const StreamOptions& options() const = 0;
  virtual spdlog::logger& log() = 0;
  /// Hands one whole message up.
  virtual void deliver(std::string bytes, const TransportAddress& from) = 0;
  /// The connection is closed and must be dropped from the table.
  virtual void finished(const TransportAddress& peer) = 0;
};

}  // namespace tandem::sip
