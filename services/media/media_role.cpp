#include "services/media/media_role.hpp"

#include "libs/common/logging.hpp"

namespace tandem::media {
namespace {

EventSink log_events() {
  return [log = component_logger("media")](v1::MediaEvent event) {
    if (event.has_dtmf()) {
      log->debug("DTMF {} on {} (call {})", event.dtmf().digit(), event.endpoint_id(),
                 event.call_id());
    }
  };
}

}  // namespace

MediaRole::MediaRole(const MediaConfig& config, prometheus::Registry& metrics, const Clock& clock)
    : engine_({config.rtp_host, static_cast<uint16_t>(config.rtp_first_port),
               static_cast<uint16_t>(config.rtp_last_port)},
              clock, log_events()),
      service_(engine_),
      metrics_(metrics) {}

void MediaRole::register_services(GrpcServer& grpc) {
  grpc.add_service(&service_, "tandem.v1.Media");
}

void MediaRole::describe(v1::Node& node) const {
  const auto total = engine_.total_ports();
  const auto free = engine_.free_ports();
  (*node.mutable_gauges())["free_ports"] = static_cast<int64_t>(free);
  (*node.mutable_gauges())["active_endpoints"] = static_cast<int64_t>(engine_.endpoints());
  node.set_load(total == 0 ? 1.0 : 1.0 - static_cast<double>(free) / static_cast<double>(total));
}

}  // namespace tandem::media
