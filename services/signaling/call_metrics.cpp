#include "services/signaling/call_metrics.hpp"

#include "libs/common/metrics.hpp"

namespace tandem::signaling {
namespace {

constexpr std::array<std::string_view, static_cast<size_t>(SetupStage::count_)> kStages = {
    "route", "media", "registry_lookup", "first_provisional", "answer"};
constexpr std::array<std::string_view, static_cast<size_t>(CallResult::count_)> kResults = {
    "answered", "busy", "no_answer", "cancelled", "failed"};

}  // namespace

CallResult call_result(bool answered, bool cancelled, channel::HangupCause cause) {
  if (answered) return CallResult::answered;
  if (cancelled) return CallResult::cancelled;
  switch (cause) {
    case channel::HangupCause::user_busy: return CallResult::busy;
    case channel::HangupCause::no_answer:
    case channel::HangupCause::no_user_response: return CallResult::no_answer;
    default: return CallResult::failed;
  }
}

CallMetrics::CallMetrics(prometheus::Registry& registry)
    : channels_(prometheus::BuildGauge()
                    .Name("tandem_channels")
                    .Help("Live channels (call legs) by technology and state")
                    .Register(registry)),
      duration_(prometheus::BuildHistogram()
                    .Name("tandem_call_duration_seconds")
                    .Help("How long answered calls lasted, from the answer to the hangup")
                    .Register(registry)
                    .Add({}, prometheus::Histogram::BucketBoundaries{1, 5, 10, 30, 60, 120, 300,
                                                                     600, 1800, 3600})),
      dtmf_rfc4733_(prometheus::BuildCounter()
                        .Name("tandem_call_dtmf_total")
                        .Help("Key presses on calls, by how they came")
                        .Register(registry)
                        .Add({{"source", "rfc4733"}})),
      dtmf_info_(prometheus::BuildCounter()
                     .Name("tandem_call_dtmf_total")
                     .Help("Key presses on calls, by how they came")
                     .Register(registry)
                     .Add({{"source", "info"}})) {
  auto& setup = prometheus::BuildHistogram()
                    .Name("tandem_call_setup_seconds")
                    .Help("Time from the INVITE to each stage of call setup")
                    .Register(registry);
  for (size_t i = 0; i < kStages.size(); ++i) {
    setup_[i] = &setup.Add({{"stage", std::string(kStages[i])}}, latency_buckets());
  }
  auto& results = prometheus::BuildCounter()
                      .Name("tandem_calls_total")
                      .Help("Calls that ended, by result")
                      .Register(registry);
  for (size_t i = 0; i < kResults.size(); ++i) {
    results_[i] = &results.Add({{"result", std::string(kResults[i])}});
  }
}

void CallMetrics::moved(std::string_view tech, std::optional<channel::ChannelState> from,
                        std::optional<channel::ChannelState> to) {
  const auto series = [&](channel::ChannelState state) -> prometheus::Gauge& {
    return channels_.Add(
        {{"tech", std::string(tech)}, {"state", std::string(channel::state_name(state))}});
  };
  if (from) series(*from).Decrement();
  if (to) series(*to).Increment();
}

void CallMetrics::setup(SetupStage stage, std::chrono::steady_clock::duration since_invite) {
  setup_[static_cast<size_t>(stage)]->Observe(std::chrono::duration<double>(since_invite).count());
}

void CallMetrics::dtmf(std::string_view source) {
  (source == "info" ? dtmf_info_ : dtmf_rfc4733_).Increment();
}

void CallMetrics::ended(CallResult result,
                        std::optional<std::chrono::steady_clock::duration> talked) {
  results_[static_cast<size_t>(result)]->Increment();
  if (talked) duration_.Observe(std::chrono::duration<double>(*talked).count());
}

}  // namespace tandem::signaling
