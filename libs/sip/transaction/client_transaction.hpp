#pragma once

#include <memory>
#include <string>

#include "libs/sip/message.hpp"
#include "libs/sip/transaction/effects.hpp"

namespace tandem::sip {

/// The client side of one transaction (RFC 3261 17.1, with RFC 6026 for INVITE): sending and
/// retransmitting the request, passing responses up, acknowledging non-2xx finals to an
/// INVITE, and giving up on Timer B or F. Plain state; not thread-safe on its own.
class ClientTransaction {
 public:
  enum class State { calling, trying, proceeding, completed, accepted, terminated };

  /// `request` is the serialized request and `parsed` the same bytes parsed (to build ACKs).
  ClientTransaction(SipMessage parsed, std::shared_ptr<const std::string> request, bool reliable,
                    const TimerConfig& timers);

  /// Sends the request and starts its timers.
  Effects start();
  /// A response matched this transaction.
  Effects on_response(const SipMessage& response);
  Effects on_timer(TimerKind kind);

  State state() const { return state_; }
  bool invite() const { return invite_; }

 private:
  Effects invite_response(const SipMessage& response);
  Effects non_invite_response(int status);
  Effects retransmit(TimerKind kind);

  SipMessage request_;
  std::shared_ptr<const std::string> bytes_;
  std::shared_ptr<const std::string> ack_;
  bool invite_;
  bool reliable_;
  TimerConfig timers_;
  State state_;
  std::chrono::milliseconds retransmit_interval_;
};

/// The ACK for a non-2xx final response to `invite` (RFC 3261 17.1.1.3): same Request-URI,
/// top Via, From, Call-ID and CSeq number as the INVITE, the To of the response, its Routes.
std::string make_ack_for_failure(const SipMessage& invite, const SipMessage& response);

}  // namespace tandem::sip
