#include "services/media/media_role.hpp"

#include "libs/common/logging.hpp"

namespace tandem::media {
namespace {

/// Events go to WatchEvents callers, and to the log at debug level.
EventSink publish_to(MediaEventHub& hub, MediaMetrics& metrics) {
  return [&hub, &metrics, log = component_logger("media")](v1::MediaEvent event) {
    if (event.has_dtmf()) {
      log->debug("DTMF {} on {} (call {})", event.dtmf().digit(), event.endpoint_id(),
                 event.call_id());
    } else if (event.has_timeout()) {
      log->debug("no RTP on {} (call {}) for {} ms", event.endpoint_id(), event.call_id(),
                 event.timeout().silent_ms());
    } else if (event.has_destroyed()) {
      metrics.observe_final(event.destroyed().final_stats());
    }
    hub.publish(event);
  };
}

}  // namespace

MediaRole::MediaRole(const MediaConfig& config, caf::actor_system& actors,
                     prometheus::Registry& metrics, const Health& health, const Clock& clock)
    : metrics_(metrics),
      node_(actors,
            {config.rtp_host, static_cast<uint16_t>(config.rtp_first_port),
             static_cast<uint16_t>(config.rtp_last_port), config.rtp_timeout, config.stats_interval,
             config.io == "io_uring" ? LoopKind::io_uring : LoopKind::epoll},
            clock, publish_to(events_, metrics_)),
      service_(node_, events_, health) {}

void MediaRole::register_services(GrpcServer& grpc) {
  grpc.add_service(&service_, "tandem.v1.Media");
}

void MediaRole::describe(v1::Node& node) const {
  const auto& engine = node_.engine();
  const auto total = engine.total_ports();
  const auto free = engine.free_ports();
  (*node.mutable_gauges())["free_ports"] = static_cast<int64_t>(free);
  (*node.mutable_gauges())["active_endpoints"] = static_cast<int64_t>(engine.endpoints());
  node.set_load(total == 0 ? 1.0 : 1.0 - static_cast<double>(free) / static_cast<double>(total));
}

}  // namespace tandem::media
