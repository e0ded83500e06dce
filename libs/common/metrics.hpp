#pragma once

#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <mutex>
#include <string>
#include <vector>

namespace tandem {

/// The series of one metric family reached by a dense index (e.g. method x transport)
/// instead of a label map, so that counting a message neither allocates nor locks. Each
/// series is created on first use by `create` (which calls Family::Add). Thread-safe.
template <class Metric>
class SeriesCache {
 public:
  explicit SeriesCache(size_t size) : series_(size) {}

  template <class Create>
  Metric& get(size_t index, Create&& create) {
    if (Metric* found = series_[index].load(std::memory_order_acquire)) return *found;
    std::lock_guard lock(mutex_);
    Metric* found = series_[index].load(std::memory_order_relaxed);
    if (found == nullptr) {
      found = &create();
      series_[index].store(found, std::memory_order_release);
    }
    return *found;
  }

 private:
  std::vector<std::atomic<Metric*>> series_;
  std::mutex mutex_;
};

/// Latency buckets in seconds, from 50 microseconds to 5 seconds: one scale for every
/// tandem_*_seconds histogram so that dashboards can compare them.
const prometheus::Histogram::BucketBoundaries& latency_buckets();

/// The Prometheus text exposition of everything in the registry.
std::string render_metrics(prometheus::Registry& registry);

}  // namespace tandem
