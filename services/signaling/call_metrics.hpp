#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <chrono>
#include <string_view>

#include "services/signaling/channel/channel_state.hpp"
#include "services/signaling/channel/hangup_cause.hpp"

namespace tandem::signaling {

/// Where the time to set a call up goes (tandem_call_setup_seconds{stage}), each from the
/// INVITE's arrival: the dialplan routed it, its media was anchored, Dial found the callee's
/// contacts, the first provisional response, the answer.
enum class SetupStage { route, media, registry_lookup, first_provisional, answer, count_ };

/// How a call ended, for tandem_calls_total{result}.
enum class CallResult { answered, busy, no_answer, cancelled, failed, count_ };

/// The result of a call that ended with `cause`: answered if it was, else by the cause
/// (USER_BUSY is busy, NO_ANSWER and NO_USER_RESPONSE no answer), cancelled when the
/// caller gave up first.
CallResult call_result(bool answered, bool cancelled, channel::HangupCause cause);

/// The call metrics of a signaling node: channels by technology and state, calls by
/// result, setup latency by stage, duration. Thread-safe (prometheus-cpp series are).
class CallMetrics {
 public:
  explicit CallMetrics(prometheus::Registry& registry);

  /// A channel of `tech` left `from` for `to` (nothing when it is new, or destroyed).
  void moved(std::string_view tech, std::optional<channel::ChannelState> from,
             std::optional<channel::ChannelState> to);
  void setup(SetupStage stage, std::chrono::steady_clock::duration since_invite);
  /// A key press on a call, by how it came: "rfc4733" (RTP events, via the media node) or
  /// "info" (SIP INFO, application/dtmf-relay or application/dtmf).
  void dtmf(std::string_view source);
  /// The call record: how it ended and, if answered, how long it lasted.
  void ended(CallResult result, std::optional<std::chrono::steady_clock::duration> talked);

 private:
  prometheus::Family<prometheus::Gauge>& channels_;
  std::array<prometheus::Histogram*, static_cast<size_t>(SetupStage::count_)> setup_{};
  std::array<prometheus::Counter*, static_cast<size_t>(CallResult::count_)> results_{};
  prometheus::Histogram& duration_;
  prometheus::Counter& dtmf_rfc4733_;
  prometheus::Counter& dtmf_info_;
};

}  // namespace tandem::signaling
