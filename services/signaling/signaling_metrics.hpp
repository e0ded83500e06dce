#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <spdlog/logger.h>

#include <array>
#include <chrono>
#include <mutex>

#include "libs/common/metrics.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"

namespace tandem::signaling {

/// The stages of REGISTER handling that tandem_sip_register_stage_seconds splits out:
/// parse (and inspect), digest check, registry call, sending the reply, and the total
/// from the transaction layer handing the request over to the reply leaving.
enum class RegisterStage { parse, auth, store, reply, total, count_ };

/// The signaling role's metrics (tandem_sip_*), and the SIP trace: as the stack's observer
/// it sees every message. Thread-safe.
class SignalingMetrics final : public sip::StackObserver {
 public:
  SignalingMetrics(prometheus::Registry& registry, bool trace);

  void on_message(Direction direction, const sip::StartLine& start, std::string_view bytes,
                  const sip::TransportAddress& peer) override;
  void on_refused(const sip::ParseError& error, const sip::TransportAddress& peer) override;
  void on_send_failed(const sip::TransportAddress& peer) override;
  void on_request_parsed(sip::Method method, std::chrono::steady_clock::duration elapsed) override;

  /// A digest check that did not pass, by reason (see DigestAuthenticator::Outcome).
  void count_auth_failure(const std::string& reason);
  /// Time spent in one stage of REGISTER handling.
  void observe_register_stage(RegisterStage stage, std::chrono::steady_clock::duration elapsed);
  /// Copies the transaction layer's counters into gauges and counters; call before a scrape.
  void refresh(const sip::TransactionStats& stats);
  /// How many connections a connection-oriented transport holds open.
  void set_connections(sip::TransportKind transport, size_t open);

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Counter>& responses_;
  prometheus::Family<prometheus::Counter>& refused_;
  prometheus::Counter& send_failures_;
  prometheus::Family<prometheus::Counter>& auth_failures_;
  std::array<prometheus::Histogram*, static_cast<size_t>(RegisterStage::count_)> register_stages_;
  prometheus::Family<prometheus::Gauge>& transactions_;
  prometheus::Family<prometheus::Gauge>& connections_;
  prometheus::Family<prometheus::Counter>& retransmissions_;
  SeriesCache<prometheus::Counter> request_series_;
  SeriesCache<prometheus::Counter> response_series_;
  bool trace_;
  std::shared_ptr<spdlog::logger> trace_log_;
  std::mutex refresh_mutex_;
  uint64_t absorbed_seen_ = 0;
  uint64_t retransmitted_seen_ = 0;
};

}  // namespace tandem::signaling
