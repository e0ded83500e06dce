#include "services/registry/registry_metrics.hpp"

#include <array>
#include <optional>

#include "libs/common/metrics.hpp"

namespace tandem::registry {
namespace {

/// Operations named by the services; anything else is counted without a cached series.
constexpr std::array<std::string_view, 8> kOperations = {
    "bind", "unbind", "lookup", "list", "announce", "withdraw", "list_nodes", "watch"};

std::optional<size_t> operation_index(std::string_view op) {
  for (size_t i = 0; i < kOperations.size(); ++i) {
    if (kOperations[i] == op) return i;
  }
  return std::nullopt;
}

}  // namespace

RegistryMetrics::RegistryMetrics(prometheus::Registry& registry)
    : operations_(prometheus::BuildCounter()
                      .Name("tandem_registry_operations_total")
                      .Help("Registry and directory operations, by operation and result")
                      .Register(registry)),
      store_latency_(prometheus::BuildHistogram()
                         .Name("tandem_registry_store_latency_seconds")
                         .Help("Time the store took to answer, by operation")
                         .Register(registry)),
      bindings_(prometheus::BuildGauge()
                    .Name("tandem_registry_bindings")
                    .Help("Live bindings in the store, counted by the last reaping pass")
                    .Register(registry)
                    .Add({})),
      reaped_(prometheus::BuildCounter()
                  .Name("tandem_registry_reaped_bindings_total")
                  .Help("Expired bindings deleted by reaping passes")
                  .Register(registry)
                  .Add({})),
      directory_nodes_(prometheus::BuildGauge()
                           .Name("tandem_directory_nodes")
                           .Help("Live nodes in the directory, by role")
                           .Register(registry)),
      ok_series_(kOperations.size()),
      latency_series_(kOperations.size()) {}

void RegistryMetrics::count_operation(const std::string& op, std::string_view result) {
  const auto index = operation_index(op);
  if (index && result == "ok") {
    ok_series_
        .get(
            *index,
            [&]() -> auto& {
              return operations_.Add({{"op", op}, {"result", "ok"}});
            })
        .Increment();
    return;
  }
  operations_.Add({{"op", op}, {"result", std::string(result)}}).Increment();
}

void RegistryMetrics::observe_store_latency(const std::string& op,
                                            std::chrono::steady_clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (const auto index = operation_index(op)) {
    latency_series_
        .get(
            *index,
            [&]() -> auto& {
              return store_latency_.Add({{"op", op}}, latency_buckets());
            })
        .Observe(seconds);
    return;
  }
  store_latency_.Add({{"op", op}}, latency_buckets()).Observe(seconds);
}

void RegistryMetrics::set_live_bindings(uint64_t live) { bindings_.Set(static_cast<double>(live)); }

void RegistryMetrics::count_reaped(uint64_t removed) {
  reaped_.Increment(static_cast<double>(removed));
}

void RegistryMetrics::set_directory_nodes(const std::string& role, uint64_t count) {
  directory_nodes_.Add({{"role", role}}).Set(static_cast<double>(count));
}

}  // namespace tandem::registry
