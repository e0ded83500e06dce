#include "cmd/tandem/server.hpp"

#include <caf/all.hpp>
#include <prometheus/gauge.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <functional>
#include <thread>

#include "libs/common/clock.hpp"
#include "libs/common/grpc_server.hpp"
#include "libs/common/health.hpp"
#include "libs/common/heap_metrics.hpp"
#include "libs/common/http_server.hpp"
#include "libs/common/logging.hpp"
#include "libs/common/metrics.hpp"
#include "libs/common/node_announcer.hpp"
#include "libs/common/signals.hpp"
#include "services/media/media_role.hpp"
#include "services/registry/registry_role.hpp"
#include "services/signaling/signaling_role.hpp"

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

constexpr std::array kSipTransports = {sip::TransportKind::udp, sip::TransportKind::tcp,
                                       sip::TransportKind::tls, sip::TransportKind::ws,
                                       sip::TransportKind::wss};

/// sip_port(kind) is the port a SIP transport listens on, 0 when it is off.
v1::Node describe_node(const TandemConfig& config, const HostPort& grpc, const HostPort& http,
                       const std::function<uint16_t(sip::TransportKind)>& sip_port) {
  v1::Node node;
  node.set_node_id(node_id(config, grpc.port));
  if (config.runs_registry()) node.add_roles(v1::NODE_ROLE_REGISTRY);
  if (config.runs_signaling()) node.add_roles(v1::NODE_ROLE_SIGNALING);
  if (config.runs_media()) node.add_roles(v1::NODE_ROLE_MEDIA);
  const std::string host = advertise_host(config, grpc);
  auto& addresses = *node.mutable_addresses();
  addresses["grpc"] = HostPort{host, grpc.port}.to_string();
  addresses["http"] = HostPort{host, http.port}.to_string();
  for (const auto kind : kSipTransports) {
    if (const auto port = sip_port(kind); port != 0) {
      addresses[std::string("sip_") + sip::transport_param(kind)] =
          HostPort{host, port}.to_string();
    }
  }
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

int workers(const TandemConfig& config) {
  if (config.workers > 0) return static_cast<int>(config.workers);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

/// One process: the roles the configuration asks for, their shared gRPC and HTTP servers,
/// and the order in which they start and stop.
class Server {
 public:
  explicit Server(const TandemConfig& config)
      : config_(config), actors_(actor_config(config)), grpc_(metrics_) {
    export_build_info(metrics_, config.role);
  }

  int run() {
    if (!start()) {
      stop();
      return 1;
    }
    const int signal_number = wait_for_termination_signal();
    log_->info("{} received: draining (a second signal stops at once)",
               signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
    drain();
    stop();
    log_->info("stopped");
    return 0;
  }

 private:
  static caf::actor_system_config& actor_config(const TandemConfig& config) {
    static caf::actor_system_config settings;
    settings.set("scheduler.max-threads", workers(config));
    return settings;
  }

  bool failed(const Failure& failure) {
    log_->error("{}", failure.message);
    return false;
  }

  bool start() {
    if (config_.runs_registry()) {
      registry_ = std::make_unique<registry::RegistryRole>(config_.registry, actors_, metrics_,
                                                           health_, clock_);
      registry_->register_services(grpc_);
    }
    if (config_.runs_media()) {
      media_ =
          std::make_unique<media::MediaRole>(config_.media, actors_, metrics_, health_, clock_);
      media_->register_services(grpc_);
      log_->info("RTP on {} ports {}-{}", config_.media.rtp_host, config_.media.rtp_first_port,
                 config_.media.rtp_last_port);
    }
    const HostPort grpc_listen = parse_host_port(config_.grpc_listen).value();
    if (auto started = grpc_.start(grpc_listen); !started) return failed(started.failure());
    grpc_bound_ = {grpc_listen.host, static_cast<uint16_t>(grpc_.port())};
    // The registry of this process is reached in-process; otherwise over the network.
    registry_channel_ =
        config_.runs_registry()
            ? grpc_.in_process_channel()
            : grpc::CreateChannel(config_.registry_address, grpc::InsecureChannelCredentials());
    if (config_.runs_signaling() && !start_signaling()) return false;
    if (!start_http()) return false;
    announce();
    return true;
  }

  bool start_signaling() {
    // The media role of this process, if any, is reached in-process too.
    signaling_ = std::make_unique<signaling::SignalingRole>(
        config_.signaling, actors_, registry_channel_,
        media_ ? grpc_.in_process_channel() : std::shared_ptr<grpc::Channel>{},
        node_id(config_, grpc_bound_.port), metrics_, health_, clock_);
    if (auto started = signaling_->start(); !started) return failed(started.failure());
    for (const auto kind : kSipTransports) {
      if (const auto port = signaling_->port(kind); port != 0) {
        log_->info("SIP on {} port {}", sip::via_name(kind), port);
      }
    }
    return true;
  }

  bool start_http() {
    http_ = std::make_unique<HttpServer>(std::map<std::string, HttpServer::Handler>{
        {"/metrics", [this] { return metrics_page(); }},
        {"/healthz", [this] { return health_.healthz(); }},
        {"/readyz", [this] { return health_.readyz(); }}});
    const HostPort http_listen = parse_host_port(config_.http_listen).value();
    if (auto started = http_->start(http_listen); !started) return failed(started.failure());
    http_bound_ = {http_listen.host, http_->port()};
    return true;
  }

  HttpServer::Response metrics_page() {
    heap_metrics_.refresh();
    if (signaling_) signaling_->refresh_metrics();
    if (media_) media_->refresh_metrics();
    return {200, "text/plain; version=0.0.4; charset=utf-8", render_metrics(metrics_)};
  }

  void announce() {
    node_ = describe_node(config_, grpc_bound_, http_bound_, [this](sip::TransportKind kind) {
      return signaling_ ? signaling_->port(kind) : uint16_t{0};
    });
    announcer_ = spawn_node_announcer(
        actors_, registry_channel_,
        {node_, std::chrono::duration_cast<std::chrono::seconds>(config_.node_ttl),
         config_.announce_interval,
         [this](v1::Node& node) {
           if (media_) media_->describe(node);
         }},
        health_);
    log_->info("tandem {} running role '{}' as node {}", TANDEM_VERSION, config_.role,
               node_.node_id());
    log_->info("gRPC on {}; HTTP on {}: /metrics /healthz /readyz", grpc_bound_.to_string(),
               http_bound_.to_string());
  }

  /// Takes no new work and waits until the work in hand is done (the last media endpoint
  /// is destroyed), cluster.drain_timeout runs out, or a second signal comes.
  void drain() {
    health_.start_draining();
    const auto deadline = std::chrono::steady_clock::now() + config_.drain_timeout;
    auto next_report = std::chrono::steady_clock::now();
    while (const size_t left = work_in_hand()) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        log_->warn("drain timeout: stopping with {} calls and media endpoints left", left);
        return;
      }
      if (now >= next_report) {
        log_->info("draining: waiting for {} calls and media endpoints", left);
        next_report = now + std::chrono::seconds(5);
      }
      if (wait_for_termination_signal(std::chrono::milliseconds(100))) {
        log_->info("second signal: stopping now with {} calls and media endpoints left", left);
        return;
      }
    }
  }

  size_t work_in_hand() const {
    return (media_ ? media_->active_endpoints() : 0) +
           (signaling_ ? signaling_->active_calls() : 0);
  }

  void stop() {
    health_.start_draining();
    grpc_.set_serving(false);
    if (announcer_ != nullptr) {
      stop_node_announcer(actors_, announcer_, kWithdrawTimeout);
      withdraw_node(registry_channel_, node_.node_id(), kWithdrawTimeout);
      announcer_ = nullptr;
    }
    if (signaling_) signaling_->stop();
    if (media_) media_->stop();
    if (registry_) registry_->stop();
    grpc_.shutdown(config_.grpc_shutdown_grace);
    if (http_) http_->stop();
    signaling_.reset();
    media_.reset();
    registry_.reset();
  }

  const TandemConfig& config_;
  std::shared_ptr<spdlog::logger> log_ = component_logger("tandem");
  prometheus::Registry metrics_;
  HeapMetrics heap_metrics_{metrics_};
  Health health_;
  SystemClock clock_;
  caf::actor_system actors_;
  GrpcServer grpc_;
  std::unique_ptr<registry::RegistryRole> registry_;
  std::shared_ptr<grpc::Channel> registry_channel_;
  std::unique_ptr<signaling::SignalingRole> signaling_;
  std::unique_ptr<media::MediaRole> media_;
  std::unique_ptr<HttpServer> http_;
  HostPort grpc_bound_;
  HostPort http_bound_;
  v1::Node node_;
  caf::actor announcer_;
};

}  // namespace

int run_server(const TandemConfig& config) { return Server(config).run(); }

}  // namespace tandem
