#include "services/signaling/signaling_metrics.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "libs/common/logging.hpp"
#include "libs/common/metrics.hpp"

namespace tandem::signaling {
namespace {

constexpr size_t kTransports = 5;
constexpr size_t kClasses = 6;

/// Unknown methods share one label so that clients cannot inflate the series.
constexpr std::array<std::string_view, 15> kMethods = {
    "INVITE", "ACK",     "BYE",  "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE",
    "NOTIFY", "PUBLISH", "INFO", "REFER",  "MESSAGE", "UPDATE",   "other"};

size_t method_index(std::string_view method) {
  for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == method) return i;
  }
  return kMethods.size() - 1;
}

std::string transport_label(sip::TransportKind kind) { return sip::transport_param(kind); }

/// One histogram per stage, made up front: they are observed several times per REGISTER.
std::array<prometheus::Histogram*, static_cast<size_t>(RegisterStage::count_)>
register_stage_histograms(prometheus::Registry& registry) {
  constexpr std::array<std::string_view, static_cast<size_t>(RegisterStage::count_)> kNames = {
      "parse", "auth", "store", "reply", "total"};
  auto& family = prometheus::BuildHistogram()
                     .Name("tandem_sip_register_stage_seconds")
                     .Help("Time spent handling REGISTER, by stage")
                     .Register(registry);
  std::array<prometheus::Histogram*, static_cast<size_t>(RegisterStage::count_)> histograms{};
  for (size_t i = 0; i < kNames.size(); ++i) {
    histograms[i] = &family.Add({{"stage", std::string(kNames[i])}}, latency_buckets());
  }
  return histograms;
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
      register_stages_(register_stage_histograms(registry)),
      transactions_(prometheus::BuildGauge()
                        .Name("tandem_sip_transactions")
                        .Help("Live SIP transactions, by kind")
                        .Register(registry)),
      connections_(prometheus::BuildGauge()
                       .Name("tandem_sip_connections")
                       .Help("Open SIP connections, by transport (tcp, tls, ws, wss)")
                       .Register(registry)),
      retransmissions_(
          prometheus::BuildCounter()
              .Name("tandem_sip_retransmissions_total")
              .Help(
                  "Requests absorbed as retransmissions (in) and messages resent on a timer (out)")
              .Register(registry)),
      request_series_(2 * kMethods.size() * kTransports),
      response_series_(2 * kClasses * kTransports),
      trace_(trace),
      trace_log_(component_logger("sip.trace")) {}

void SignalingMetrics::on_message(Direction direction, const sip::StartLine& start,
                                  std::string_view bytes, const sip::TransportAddress& peer) {
  const size_t way = direction == Direction::in ? 0 : 1;
  const auto transport = static_cast<size_t>(peer.transport);
  const auto labels = [&](std::string name, std::string value) {
    return std::map<std::string, std::string>{{"direction", way == 0 ? "in" : "out"},
                                              {std::move(name), std::move(value)},
                                              {"transport", transport_label(peer.transport)}};
  };
  if (start.request) {
    const size_t method = method_index(start.method);
    request_series_
        .get((way * kMethods.size() + method) * kTransports + transport,
             [&]() -> auto& {
               return requests_.Add(labels("method", std::string(kMethods[method])));
             })
        .Increment();
  } else {
    const size_t status_class = static_cast<size_t>(std::clamp(start.status / 100, 1, 6) - 1);
    response_series_
        .get((way * kClasses + status_class) * kTransports + transport,
             [&]() -> auto& {
               return responses_.Add(labels("class", std::to_string(status_class + 1) + "xx"));
             })
        .Increment();
  }
  if (trace_) {
    trace_log_->info("{} {} {}:{}\n{}", way == 0 ? "<<" : ">>", transport_label(peer.transport),
                     peer.ip, peer.port, bytes);
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

void SignalingMetrics::observe_register_stage(RegisterStage stage,
                                              std::chrono::steady_clock::duration elapsed) {
  register_stages_[static_cast<size_t>(stage)]->Observe(
      std::chrono::duration<double>(elapsed).count());
}

void SignalingMetrics::on_request_parsed(sip::Method method,
                                         std::chrono::steady_clock::duration elapsed) {
  if (method == sip::Method::register_) observe_register_stage(RegisterStage::parse, elapsed);
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

void SignalingMetrics::set_connections(sip::TransportKind transport, size_t open) {
  connections_.Add({{"transport", transport_label(transport)}}).Set(static_cast<double>(open));
}

}  // namespace tandem::signaling
