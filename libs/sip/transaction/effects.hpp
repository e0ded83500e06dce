#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "libs/sip/transaction/timers.hpp"

namespace tandem::sip {

/// What a transaction state machine asks for after an event. The machines are plain code;
/// the transaction layer carries the effects out (sends, timers, calls to the TU).
struct Effects {
  /// Bytes to send to the transaction's peer, in order.
  std::vector<std::shared_ptr<const std::string>> sends;
  struct Timer {
    TimerKind kind;
    std::chrono::milliseconds after;
  };
  std::vector<Timer> timers;
  /// Hand the message that caused this to the transaction user.
  bool to_user = false;
  /// The transaction gave up: Timer B, F or H fired (the TU hears of it).
  bool timed_out = false;
  /// The transaction is over; forget it.
  bool terminated = false;

  void send(std::shared_ptr<const std::string> bytes) { sends.push_back(std::move(bytes)); }
  void start(TimerKind kind, std::chrono::milliseconds after) { timers.push_back({kind, after}); }
};

}  // namespace tandem::sip
