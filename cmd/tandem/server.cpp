#include "cmd/tandem/server.hpp"

#include <caf/all.hpp>
#include <prometheus/gauge.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "libs/common/clock.hpp"
#include "libs/common/grpc_server.hpp"
#include "libs/common/health.hpp"
#include "libs/common/http_server.hpp"
#include "libs/common/logging.hpp"
#include "libs/common/metrics.hpp"
#include "libs/common/node_announcer.hpp"
#include "libs/common/signals.hpp"
#include "services/registry/registry_role.hpp"

namespace tandem {
namespace {

constexpr auto kWithdrawTimeout = std::chrono::seconds(1);

std::string hostname() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

std::string node_id(const TandemConfig& config, int grpc_port) {
  if (!config.node.id.empty()) return config.node.id;
  return hostname() + "-" + std::to_string(grpc_port);
}

std::string advertise_host(const TandemConfig& config, const HostPort& listen) {
  if (!config.node.advertise_host.empty()) return config.node.advertise_host;
  if (listen.host == "0.0.0.0" || listen.host == "::") return hostname();
  return listen.host;
}

v1::Node describe_node(const TandemConfig& config, const HostPort& grpc, const HostPort& http) {
  v1::Node node;
  node.set_node_id(node_id(config, grpc.port));
  node.add_roles(v1::NODE_ROLE_REGISTRY);
  const std::string host = advertise_host(config, grpc);
  (*node.mutable_addresses())["grpc"] = HostPort{host, grpc.port}.to_string();
  (*node.mutable_addresses())["http"] = HostPort{host, http.port}.to_string();
  node.set_version(TANDEM_VERSION);
  return node;
}

void export_build_info(prometheus::Registry& metrics, const std::string& role) {
  prometheus::BuildGauge()
      .Name("tandem_build_info")
      .Help("Always 1; the labels say which version runs which role")
      .Register(metrics)
      .Add({{"version", TANDEM_VERSION}, {"role", role}})
      .Set(1);
}

HttpServer::Handler metrics_handler(prometheus::Registry& metrics) {
  return [&metrics] {
    return HttpServer::Response{200, "text/plain; version=0.0.4; charset=utf-8",
                                render_metrics(metrics)};
  };
}

int workers(const TandemConfig& config) {
  if (config.workers > 0) return static_cast<int>(config.workers);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

int run_server(const TandemConfig& config) {
  auto log = component_logger("tandem");
  prometheus::Registry metrics;
  export_build_info(metrics, config.role);
  Health health;
  SystemClock clock;
  caf::actor_system_config actor_config;
  actor_config.set("scheduler.max-threads", workers(config));
  caf::actor_system actors{actor_config};

  GrpcServer grpc(metrics);
  auto registry =
      std::make_unique<registry::RegistryRole>(config.registry, actors, metrics, health, clock);
  registry->register_services(grpc);
  const HostPort grpc_listen = parse_host_port(config.grpc_listen).value();
  if (auto started = grpc.start(grpc_listen); !started) {
    log->error("{}", started.failure().message);
    return 1;
  }
  HttpServer http({{"/metrics", metrics_handler(metrics)},
                   {"/healthz", [&health] { return health.healthz(); }},
                   {"/readyz", [&health] { return health.readyz(); }}});
  const HostPort http_listen = parse_host_port(config.http_listen).value();
  if (auto started = http.start(http_listen); !started) {
    log->error("{}", started.failure().message);
    registry->stop();
    grpc.shutdown(std::chrono::milliseconds{0});
    return 1;
  }

  const HostPort grpc_bound{grpc_listen.host, static_cast<uint16_t>(grpc.port())};
  const HostPort http_bound{http_listen.host, http.port()};
  auto node = describe_node(config, grpc_bound, http_bound);
  const auto directory = grpc.in_process_channel();
  auto announcer =
      spawn_node_announcer(actors, directory,
                           {node, std::chrono::duration_cast<std::chrono::seconds>(config.node_ttl),
                            config.announce_interval},
                           health);
  log->info("tandem {} running role '{}' as node {}", TANDEM_VERSION, config.role, node.node_id());
  log->info("gRPC (Registry, Directory, health, reflection) on {}", grpc_bound.to_string());
  log->info("HTTP on {}: /metrics /healthz /readyz", http_bound.to_string());

  const int signal_number = wait_for_termination_signal();
  log->info("{} received: draining and shutting down",
            signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  health.start_draining();
  grpc.set_serving(false);
  stop_node_announcer(actors, announcer, kWithdrawTimeout);
  withdraw_node(directory, node.node_id(), kWithdrawTimeout);
  registry->stop();
  grpc.shutdown(config.grpc_shutdown_grace);
  http.stop();
  registry.reset();
  log->info("stopped");
  return 0;
}

}  // namespace tandem
