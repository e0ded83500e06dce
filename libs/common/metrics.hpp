#pragma once

#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

namespace tandem {

/// Latency buckets in seconds, from 50 microseconds to 5 seconds: one scale for every
/// tandem_*_seconds histogram so that dashboards can compare them.
const prometheus::Histogram::BucketBoundaries& latency_buckets();

/// The Prometheus text exposition of everything in the registry.
std::string render_metrics(prometheus::Registry& registry);

}  // namespace tandem
