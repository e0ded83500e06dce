#include "libs/common/heap_metrics.hpp"

#include <malloc.h>

#include <cstdint>
#include <optional>

// jemalloc's control interface, when the binary links jemalloc (tandem does, except in
// sanitizer builds): weak, so that without it the glibc figures are used.
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length, void* new_value,
                       size_t new_length) __attribute__((weak));

namespace tandem {
namespace {

/// jemalloc's stats.allocated (refreshed by bumping its epoch), or nothing without jemalloc.
std::optional<size_t> jemalloc_allocated() {
  if (mallctl == nullptr) return std::nullopt;
  uint64_t epoch = 1;
  size_t length = sizeof(epoch);
  if (mallctl("epoch", &epoch, &length, &epoch, length) != 0) return std::nullopt;
  size_t allocated = 0;
  length = sizeof(allocated);
  if (mallctl("stats.allocated", &allocated, &length, nullptr, 0) != 0) return std::nullopt;
  return allocated;
}

}  // namespace

HeapMetrics::HeapMetrics(prometheus::Registry& registry)
    : in_use_(prometheus::BuildGauge()
                  .Name("tandem_heap_bytes_in_use")
                  .Help("Bytes the allocator has handed out and not had back")
                  .Register(registry)
                  .Add({})) {}

void HeapMetrics::refresh() {
  if (const auto allocated = jemalloc_allocated()) {
    in_use_.Set(static_cast<double>(*allocated));
    return;
  }
  const struct mallinfo2 info = mallinfo2();
  in_use_.Set(static_cast<double>(info.uordblks + info.hblkhd));
}

}  // namespace tandem
