#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <string>

#include "libs/common/metrics.hpp"

namespace tandem::registry {

/// The registry's metrics (all prefixed tandem_registry_ or tandem_directory_). Thread-safe.
class RegistryMetrics {
 public:
  explicit RegistryMetrics(prometheus::Registry& registry);

  /// One finished operation: op is "bind", "lookup", ...; result "ok" or an error label.
  void count_operation(const std::string& op, std::string_view result);
  /// How long one store call took.
  void observe_store_latency(const std::string& op, std::chrono::steady_clock::duration elapsed);
  /// Results of a reaping pass.
  void set_live_bindings(uint64_t live);
  void count_reaped(uint64_t removed);
  /// How many live nodes hold `role` ("signaling", "media", "registry").
  void set_directory_nodes(const std::string& role, uint64_t count);

 private:
  prometheus::Family<prometheus::Counter>& operations_;
  prometheus::Family<prometheus::Histogram>& store_latency_;
  prometheus::Gauge& bindings_;
  prometheus::Counter& reaped_;
  prometheus::Family<prometheus::Gauge>& directory_nodes_;
  // Successful operations and store latencies are on every request's path; errors are not.
  SeriesCache<prometheus::Counter> ok_series_;
  SeriesCache<prometheus::Histogram> latency_series_;
};

}  // namespace tandem::registry
