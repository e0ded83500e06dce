#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <mutex>

#include "services/media/media_engine.hpp"

namespace tandem::media {

/// The media role's metrics (tandem_media_*). Packet counters live in the endpoints, on the
/// packet loop; refresh() copies them in before a scrape, so the packet path never touches
/// a metric.
class MediaMetrics {
 public:
  explicit MediaMetrics(prometheus::Registry& registry);

  void refresh(MediaEngine& engine);
  /// Loss and jitter of an RTP endpoint's whole life, when it is destroyed.
  void observe_final(const v1::EndpointStats& stats);

 private:
  void advance(prometheus::Counter& counter, uint64_t total, uint64_t& seen);

  prometheus::Family<prometheus::Gauge>& ports_;
  prometheus::Family<prometheus::Counter>& packets_;
  prometheus::Family<prometheus::Counter>& bytes_;
  prometheus::Family<prometheus::Counter>& dropped_;
  prometheus::Family<prometheus::Gauge>& endpoints_;
  prometheus::Gauge& rtp_endpoints_;
  prometheus::Gauge& audiosocket_endpoints_;
  prometheus::Gauge& free_ports_;
  prometheus::Gauge& used_ports_;
  prometheus::Counter& packets_in_;
  prometheus::Counter& packets_out_;
  prometheus::Counter& bytes_in_;
  prometheus::Counter& bytes_out_;
  prometheus::Counter& dropped_malformed_;
  prometheus::Counter& dropped_stranger_;
  prometheus::Counter& dropped_other_;
  prometheus::Histogram& loss_;
  prometheus::Histogram& jitter_;
  std::mutex mutex_;
  EndpointCounters seen_;
};

}  // namespace tandem::media
