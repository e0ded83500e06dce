#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/sip/transaction/transport_address.hpp"
#include "services/signaling/cidr.hpp"

namespace tandem::signaling {

struct AdmissionOptions {
  /// Sources allowed at all (empty: every source), and sources refused whatever `allow` says.
  std::vector<Cidr> allow;
  std::vector<Cidr> deny;
  /// Messages per second one source IP may send, with this burst; 0: no limit.
  double rate = 0;
  double burst = 0;
  /// `ban_failures` failed authentications within `ban_window` ban the source for
  /// `ban_duration`; 0 failures: no bans.
  int ban_failures = 0;
  std::chrono::milliseconds ban_window{std::chrono::minutes(1)};
  std::chrono::milliseconds ban_duration{std::chrono::minutes(10)};
};

/// The interception layer between the transports and every application: decides, before
/// a message is even parsed, whether its source may be heard (RFC 3261 leaves this to
/// policy). Deny and allow lists by CIDR, a token bucket per source IP, and a ban for
/// sources that keep failing authentication. Time comes from the injected clock. Every
/// drop is counted by reason. Thread-safe.
class Admission {
 public:
  Admission(AdmissionOptions options, const Clock& clock, prometheus::Registry& metrics);

  /// Whether to process a message from this source.
  bool admit(const sip::TransportAddress& source);
  /// A failed digest check from this source (may start a ban).
  void record_auth_failure(const sip::TransportAddress& source);

 private:
  struct Source {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled{};
    std::deque<std::chrono::steady_clock::time_point> failures;
    std::chrono::steady_clock::time_point banned_until{};
  };

  bool listed(const std::string& ip) const;
  bool take_token(Source& source, std::chrono::steady_clock::time_point now) const;
  void prune(std::chrono::steady_clock::time_point now);

  AdmissionOptions options_;
  const Clock& clock_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Counter& bans_;
  std::mutex mutex_;
  std::unordered_map<std::string, Source> sources_;
  std::chrono::steady_clock::time_point next_prune_{};
};

}  // namespace tandem::signaling
