#include "services/registry/registry_metrics.hpp"

#include "libs/common/metrics.hpp"

namespace tandem::registry {

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
                           .Register(registry)) {}

void RegistryMetrics::count_operation(const std::string& op, std::string_view result) {
  operations_.Add({{"op", op}, {"result", std::string(result)}}).Increment();
}

void RegistryMetrics::observe_store_latency(const std::string& op,
                                            std::chrono::steady_clock::duration elapsed) {
  store_latency_.Add({{"op", op}}, latency_buckets())
      .Observe(std::chrono::duration<double>(elapsed).count());
}

void RegistryMetrics::set_live_bindings(uint64_t live) { bindings_.Set(static_cast<double>(live)); }

void RegistryMetrics::count_reaped(uint64_t removed) {
  reaped_.Increment(static_cast<double>(removed));
}

void RegistryMetrics::set_directory_nodes(const std::string& role, uint64_t count) {
  directory_nodes_.Add({{"role", role}}).Set(static_cast<double>(count));
}

}  // namespace tandem::registry
