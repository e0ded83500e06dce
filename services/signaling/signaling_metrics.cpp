#include "services/signaling/signaling_metrics.hpp"

#include <array>

#include "libs/common/logging.hpp"
#include "libs/common/metrics.hpp"

namespace tandem::signaling {
namespace {

std::string transport_label(sip::TransportKind kind) {
  std::string name = sip::via_name(kind);
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

/// Unknown methods share one label so that clients cannot inflate the series.
std::string method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 14> known = {
      "INVITE",    "ACK",    "BYE",     "CANCEL", "OPTIONS", "REGISTER", "PRACK",
      "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO",   "REFER",   "MESSAGE",  "UPDATE"};
  for (auto name : known) {
    if (name == method) return std::string(name);
  }
  return "other";
}

}  // namespace

SignalingMetrics::SignalingMetrics(prometheus::Registry& registry, bool trace)
    : requests_(prometheus::BuildCounter()
                    .Name("tandem_sip_requests_total")
                    .Help("SIP requests, by direction, method and transport")
                    .Register(registry)),
      responses_(prometheus::BuildCounter()
                     .Name("tandem_sip_responses_total")
                     .Help("SIP responses, by direction, status class and transport")
                     .Register(registry)),
      refused_(prometheus::BuildCounter()
                   .Name("tandem_sip_refused_total")
                   .Help("Messages refused before reaching a transaction, by reason")
                   .Register(registry)),
      send_failures_(prometheus::BuildCounter()
                         .Name("tandem_sip_send_failures_total")
                         .Help("Messages that could not be sent")
                         .Register(registry)
                         .Add({})),
      auth_failures_(prometheus::BuildCounter()
                         .Name("tandem_sip_auth_failures_total")
                         .Help("Digest checks that did not pass, by reason")
                         .Register(registry)),
      register_stages_(prometheus::BuildHistogram()
                           .Name("tandem_sip_register_stage_seconds")
                           .Help("Time spent handling REGISTER, by stage")
                           .Register(registry)),
      transactions_(prometheus::BuildGauge()
                        .Name("tandem_sip_transactions")
                        .Help("Live SIP transactions, by kind")
                        .Register(registry)),
      retransmissions_(
          prometheus::BuildCounter()
              .Name("tandem_sip_retransmissions_total")
              .Help(
                  "Requests absorbed as retransmissions (in) and messages resent on a timer (out)")
              .Register(registry)),
      trace_(trace),
      trace_log_(component_logger("sip.trace")) {}

void SignalingMetrics::on_message(Direction direction, const sip::StartLine& start,
                                  std::string_view bytes, const sip::TransportAddress& peer) {
  const std::string way = direction == Direction::in ? "in" : "out";
  const auto transport = transport_label(peer.transport);
  if (start.request) {
    requests_
        .Add({{"direction", way}, {"method", method_label(start.method)}, {"transport", transport}})
        .Increment();
  } else {
    responses_
        .Add({{"direction", way},
              {"class", std::to_string(start.status / 100) + "xx"},
              {"transport", transport}})
        .Increment();
  }
  if (trace_) {
    trace_log_->info("{} {} {}:{}\n{}", way == "in" ? "<<" : ">>", transport, peer.ip, peer.port,
                     bytes);
  }
}

void SignalingMetrics::on_refused(const sip::ParseError& error, const sip::TransportAddress& peer) {
  refused_.Add({{"reason", error.reason}}).Increment();
  if (trace_)
    trace_log_->info("refused from {}:{}: {} {}", peer.ip, peer.port, error.status, error.reason);
}

void SignalingMetrics::on_send_failed(const sip::TransportAddress&) { send_failures_.Increment(); }

void SignalingMetrics::count_auth_failure(const std::string& reason) {
  auth_failures_.Add({{"reason", reason}}).Increment();
}

void SignalingMetrics::observe_register_stage(const std::string& stage,
                                              std::chrono::steady_clock::duration elapsed) {
  register_stages_.Add({{"stage", stage}}, latency_buckets())
      .Observe(std::chrono::duration<double>(elapsed).count());
}

void SignalingMetrics::refresh(const sip::TransactionStats& stats) {
  transactions_.Add({{"kind", "server_invite"}}).Set(static_cast<double>(stats.server_invite));
  transactions_.Add({{"kind", "server_non_invite"}})
      .Set(static_cast<double>(stats.server_non_invite));
  transactions_.Add({{"kind", "client_invite"}}).Set(static_cast<double>(stats.client_invite));
  transactions_.Add({{"kind", "client_non_invite"}})
      .Set(static_cast<double>(stats.client_non_invite));
  std::lock_guard lock(refresh_mutex_);
  const uint64_t absorbed = stats.absorbed;
  const uint64_t retransmitted = stats.retransmitted;
  retransmissions_.Add({{"direction", "in"}})
      .Increment(static_cast<double>(absorbed - absorbed_seen_));
  retransmissions_.Add({{"direction", "out"}})
      .Increment(static_cast<double>(retransmitted - retransmitted_seen_));
  absorbed_seen_ = absorbed;
  retransmitted_seen_ = retransmitted;
}

}  // namespace tandem::signaling
