#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/sip/message.hpp"
#include "services/signaling/sip_outbound_tech.hpp"

namespace tandem::signaling {

/// The SIP side of outbound legs that ended while their INVITE could still be answered: a
/// forking proxy passes on the 2xx of every fork (RFC 3261 13.2.2.4), also after the leg
/// that took the first is gone (a Dial's loser, finished on the 2xx that crossed its
/// CANCEL). Each is kept by its INVITE's key for `linger` (64*T1) after the leg ended, so
/// that every such 2xx still gets its ACK and, from another fork, a BYE. Thread-safe.
class LateForks {
 public:
  LateForks(const Clock& clock, std::chrono::milliseconds linger);

  /// Keeps an ended leg's tech; nothing when its INVITE is over (settled) or got no 2xx.
  void keep(std::unique_ptr<SipOutboundTech> tech);
  /// Hands a response to the INVITE `key` to a kept tech; false when none is kept.
  bool on_response(const std::string& key, const sip::SipMessage& response);
  size_t kept() const;

 private:
  void expire(std::chrono::steady_clock::time_point now);

  const Clock& clock_;
  const std::chrono::milliseconds linger_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<SipOutboundTech>> techs_;  // by INVITE key
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>>
      expiries_;  // oldest first
};

}  // namespace tandem::signaling
