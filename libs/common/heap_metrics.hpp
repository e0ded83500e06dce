#pragma once

#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace tandem {

/// tandem_heap_bytes_in_use: what the allocator has handed out and not had back
/// (jemalloc's stats.allocated; glibc's mallinfo2 where jemalloc is not linked). Resident
/// memory keeps pages that were freed (a burst of transactions leaves them behind), so this
/// is the figure that says what the live state costs. Refresh before a scrape.
class HeapMetrics {
 public:
  explicit HeapMetrics(prometheus::Registry& registry);
  void refresh();

 private:
  prometheus::Gauge& in_use_;
};

}  // namespace tandem
