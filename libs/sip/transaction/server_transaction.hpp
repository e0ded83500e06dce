#pragma once

#include <memory>
#include <string>

#include "libs/sip/transaction/effects.hpp"

namespace tandem::sip {

/// The server side of one transaction (RFC 3261 17.2, with RFC 6026 for INVITE): what to do
/// when the request is retransmitted, when the TU answers, when an ACK arrives and when a
/// timer fires. Plain state; not thread-safe on its own.
class ServerTransaction {
 public:
  enum class State { trying, proceeding, completed, accepted, confirmed, terminated };

  ServerTransaction(bool invite, bool reliable, const TimerConfig& timers);

  /// The request arrived again: resend what was last sent, if anything.
  Effects on_retransmission();
  /// The TU sends a response (the bytes are kept for retransmissions).
  Effects on_response(int status, std::shared_ptr<const std::string> bytes);
  /// An ACK matched this INVITE transaction (non-2xx final; RFC 3261 17.2.1).
  Effects on_ack();
  Effects on_timer(TimerKind kind);

  State state() const { return state_; }
  bool invite() const { return invite_; }

 private:
  Effects invite_response(int status);
  Effects non_invite_response(int status);

  bool invite_;
  bool reliable_;
  TimerConfig timers_;
  State state_;
  std::shared_ptr<const std::string> last_response_;
  std::chrono::milliseconds retransmit_interval_;
};

}  // namespace tandem::sip
