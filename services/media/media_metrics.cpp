#include "services/media/media_metrics.hpp"

#include <algorithm>

namespace tandem::media {
namespace {

prometheus::Family<prometheus::Counter>& counter_family(prometheus::Registry& registry,
                                                        const std::string& name,
                                                        const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

}  // namespace

MediaMetrics::MediaMetrics(prometheus::Registry& registry)
    : ports_(prometheus::BuildGauge()
                 .Name("tandem_media_ports")
                 .Help("RTP ports of the configured range, by state")
                 .Register(registry)),
      packets_(counter_family(registry, "tandem_media_packets_total",
                              "RTP packets received (in) and sent (out)")),
      bytes_(counter_family(registry, "tandem_media_payload_bytes_total",
                            "RTP payload bytes received (in) and sent (out)")),
      dropped_(counter_family(registry, "tandem_media_packets_dropped_total",
                              "Packets received and not forwarded, by reason")),
      endpoints_(prometheus::BuildGauge()
                     .Name("tandem_media_endpoints")
                     .Help("Live media endpoints, by kind")
                     .Register(registry)),
      rtp_endpoints_(endpoints_.Add({{"kind", "rtp"}})),
      audiosocket_endpoints_(endpoints_.Add({{"kind", "audiosocket"}})),
      free_ports_(ports_.Add({{"state", "free"}})),
      used_ports_(ports_.Add({{"state", "used"}})),
      packets_in_(packets_.Add({{"direction", "in"}})),
      packets_out_(packets_.Add({{"direction", "out"}})),
      bytes_in_(bytes_.Add({{"direction", "in"}})),
      bytes_out_(bytes_.Add({{"direction", "out"}})),
      dropped_malformed_(dropped_.Add({{"reason", "malformed"}})),
      dropped_stranger_(dropped_.Add({{"reason", "stranger"}})),
      dropped_other_(dropped_.Add({{"reason", "not_forwarded"}})),
      loss_(prometheus::BuildHistogram()
                .Name("tandem_media_loss_ratio")
                .Help("Share of RTP packets lost over an endpoint's life (RFC 3550 A.3)")
                .Register(registry)
                .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.001, 0.005, 0.01, 0.02,
                                                                 0.05, 0.1, 0.25, 0.5})),
      jitter_(prometheus::BuildHistogram()
                  .Name("tandem_media_jitter_seconds")
                  .Help("Interarrival jitter of an endpoint's stream when it ends (RFC 3550 A.8)")
                  .Register(registry)
                  .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.002, 0.005, 0.01, 0.02,
                                                                   0.05, 0.1, 0.2})) {}

void MediaMetrics::observe_final(const v1::EndpointStats& stats) {
  const double received = static_cast<double>(stats.packets_received());
  const double lost = static_cast<double>(std::max<int64_t>(stats.packets_lost(), 0));
  if (received + lost == 0) return;  // never received anything: nothing to say
  loss_.Observe(lost / (received + lost));
  jitter_.Observe(static_cast<double>(stats.jitter_ms()) / 1000.0);
}

void MediaMetrics::advance(prometheus::Counter& counter, uint64_t total, uint64_t& seen) {
  if (total > seen) counter.Increment(static_cast<double>(total - seen));
  seen = total;
}

void MediaMetrics::refresh(MediaEngine& engine) {
  const auto totals = engine.totals();
  std::lock_guard lock(mutex_);
  const auto audiosocket = engine.audiosocket_endpoints();
  rtp_endpoints_.Set(static_cast<double>(engine.endpoints() - audiosocket));
  audiosocket_endpoints_.Set(static_cast<double>(audiosocket));
  free_ports_.Set(static_cast<double>(engine.free_ports()));
  used_ports_.Set(static_cast<double>(engine.total_ports() - engine.free_ports()));
  advance(packets_in_, totals.packets_received, seen_.packets_received);
  advance(packets_out_, totals.packets_sent, seen_.packets_sent);
  advance(bytes_in_, totals.bytes_received, seen_.bytes_received);
  advance(bytes_out_, totals.bytes_sent, seen_.bytes_sent);
  advance(dropped_malformed_, totals.dropped_malformed, seen_.dropped_malformed);
  advance(dropped_stranger_, totals.dropped_stranger, seen_.dropped_stranger);
  advance(dropped_other_, totals.dropped_other, seen_.dropped_other);
}

}  // namespace tandem::media
