#include "services/registry/registry_role.hpp"

#include "libs/common/logging.hpp"
#include "services/registry/binding_reaper.hpp"
#include "services/registry/memory_binding_store.hpp"
#include "services/registry/memory_node_store.hpp"
#include "services/registry/node_watch_hub.hpp"
#include "services/registry/redis_binding_store.hpp"
#include "services/registry/redis_node_store.hpp"
#include "services/registry/registry_atoms.hpp"

namespace tandem::registry {
namespace {

RedisOptions redis_options(const RedisConfig& config) {
  RedisOptions options;
  options.address = parse_host_port(config.address).value();
  options.password = config.password;
  options.connect_timeout = config.connect_timeout;
  options.command_timeout = config.command_timeout;
  options.reconnect_initial = config.reconnect_min;
  options.reconnect_max = config.reconnect_max;
  return options;
}

RegistryPolicy policy_of(const RegistryConfig& config) {
  return {config.min_expires, config.max_expires,
          static_cast<uint32_t>(config.max_contacts_per_aor)};
}

}  // namespace

RegistryRole::RegistryRole(const RegistryConfig& config, caf::actor_system& actors,
                           prometheus::Registry& metrics, Health& health, const Clock& clock)
    : actors_(actors), metrics_(metrics) {
  if (config.store == "redis") {
    redis_ = std::make_shared<RedisClient>(redis_options(config.redis), metrics);
    bindings_ = std::make_unique<RedisBindingStore>(*redis_, config.redis.key_prefix);
    nodes_ = std::make_unique<RedisNodeStore>(*redis_, config.redis.key_prefix);
    health.add_readiness_check(
        "registry store",
        [redis = std::weak_ptr<RedisClient>(redis_)]() -> std::optional<std::string> {
          if (auto client = redis.lock()) return client->problem();
          return "the registry has stopped";
        });
    component_logger("registry")
        ->info("bindings and directory in redis at {}", config.redis.address);
  } else {
    bindings_ = std::make_unique<MemoryBindingStore>(clock);
    nodes_ = std::make_unique<MemoryNodeStore>(clock);
    component_logger("registry")->info("bindings and directory in memory (lost on restart)");
  }
  hub_ = spawn_node_watch_hub(actors, *nodes_, config.watch_interval, metrics_);
  reaper_ = spawn_binding_reaper(actors, *bindings_, config.reap_interval, metrics_);
  registry_service_ = std::make_unique<RegistryService>(*bindings_, policy_of(config), metrics_);
  directory_service_ = std::make_unique<DirectoryService>(*nodes_, hub_, metrics_);
}

RegistryRole::~RegistryRole() {
  stop();
  // The Redis client's thread may still be running store callbacks (a reap pass walks the
  // index in chunks); it must be gone before the stores those callbacks belong to.
  redis_.reset();
}

void RegistryRole::register_services(GrpcServer& server) {
  server.add_service(registry_service_.get(), "tandem.v1.Registry");
  server.add_service(directory_service_.get(), "tandem.v1.Directory");
}

void RegistryRole::stop() {
  if (hub_ == nullptr) return;
  directory_service_->stop_watches();
  caf::anon_send(hub_, close_atom::value);
  caf::anon_send_exit(reaper_, caf::exit_reason::user_shutdown);
  // The actors use the stores; they must be gone before the stores are destroyed.
  caf::scoped_actor waiter{actors_};
  waiter->wait_for(hub_, reaper_);
  hub_ = nullptr;
  reaper_ = nullptr;
}

}  // namespace tandem::registry
