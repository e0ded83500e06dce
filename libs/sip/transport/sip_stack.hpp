#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/stream_transport.hpp"
#include "libs/sip/transport/udp_transport.hpp"

namespace tandem::sip {

struct SipStackOptions {
  /// Empty disables the transport.
  std::optional<UdpOptions> udp;
  /// TCP, TLS, WS, WSS: at most one of each kind.
  std::vector<StreamOptions> streams;
  ParseLimits limits;
  TimerConfig timers;
  size_t transaction_shards = 16;
};

/// Sees every message in and out, for metrics and the SIP trace. Thread-safe; must not block.
class StackObserver {
 public:
  enum class Direction { in, out };
  virtual ~StackObserver() = default;
  /// A message that parsed (in), or one we sent (out).
  virtual void on_message(Direction direction, const StartLine& start, std::string_view bytes,
                          const TransportAddress& peer) = 0;
  /// A message refused before it reached a transaction, and why.
  virtual void on_refused(const ParseError& error, const TransportAddress& peer) = 0;
  /// A send that failed (the peer's connection is gone, the kernel refused).
  virtual void on_send_failed(const TransportAddress& peer) = 0;
  /// A request that parsed and passed inspection, and how long both took.
  virtual void on_request_parsed(Method method, std::chrono::steady_clock::duration elapsed) = 0;
};

/// Decides whether a source may be heard at all (allow/deny lists, rate limits, bans);
/// called for every message before parsing. Thread-safe; must not block.
using AdmitFunction = std::function<bool(const TransportAddress& source)>;

/// The SIP stack of a signaling node, below the applications: transports, parsing,
/// inspection, the transaction layer. Requests that cannot be inspected are answered here,
/// statelessly (400 with a reason naming the fault, 416, 505, 513); malformed responses are
/// dropped. Everything else goes to the transaction layer and from there to the TU.
class SipStack final : public MessageSender {
 public:
  SipStack(SipStackOptions options, const Clock& clock, TransactionUser& user,
           StackObserver& observer, AdmitFunction admit);
  ~SipStack() override;

  Result<Done> start();
  void stop();

  TransactionLayer& transactions() { return *transactions_; }
  /// The port a transport listens on; 0 when it is not enabled.
  uint16_t port(TransportKind kind) const;
  /// Open connections of a connection-oriented transport; 0 when it is not enabled.
  size_t connections(TransportKind kind) const;

  /// Where a request to a peer goes over `kind`: UDP always; a connection-oriented transport
  /// only over a connection the peer opened (RFC 5626 connection reuse). Nothing when there
  /// is none (the transport is off, or the peer's connection is gone).
  std::optional<TransportAddress> route_to(TransportKind kind, const std::string& ip,
                                           uint16_t port) const;
  void send(const TransportAddress& to, std::shared_ptr<const std::string> bytes) override;
  /// Answers a request outside any transaction (for failures found before one exists).
  void respond_statelessly(const SipMessage& request, const TransportAddress& source, int status,
                           std::string_view reason);

 private:
  void on_bytes(std::string_view bytes, Framing framing, bool truncated,
                const TransportAddress& from);
  void refuse(const ParseResult& parsed, const ParseError& error, const TransportAddress& from);
  void run_timers();
  StreamTransport* stream(TransportKind kind) const;

  SipStackOptions options_;
  StackObserver& observer_;
  AdmitFunction admit_;
  std::unique_ptr<TransactionLayer> transactions_;
  std::unique_ptr<UdpTransport> udp_;
  std::vector<std::unique_ptr<StreamTransport>> streams_;
  std::atomic<bool> stopping_{false};
  std::thread timer_thread_;
};

/// A random token for tags and branches: 16 hex digits.
std::string random_token();

}  // namespace tandem::sip
