#pragma once

#include <prometheus/registry.h>

#include <memory>

#include "libs/common/clock.hpp"
#include "libs/common/grpc_server.hpp"
#include "services/media/media_config.hpp"
#include "services/media/media_engine.hpp"
#include "services/media/media_event_hub.hpp"
#include "services/media/media_metrics.hpp"
#include "services/media/media_service.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::media {

/// The media role of a process: the engine and its packet loop, the Media gRPC service and
/// the tandem_media_* metrics. Lifetime: construct, register_services() before the gRPC
/// server starts, then stop() (or destroy) after it stopped.
class MediaRole {
 public:
  MediaRole(const MediaConfig& config, prometheus::Registry& metrics, const Health& health,
            const Clock& clock);

  void register_services(GrpcServer& grpc);
  /// Copies live figures into metrics; call before a scrape.
  void refresh_metrics() { metrics_.refresh(engine_); }
  /// What the directory shows of this node's media: free ports, live endpoints, the load
  /// signaling compares (share of ports in use).
  void describe(v1::Node& node) const;
  /// Ends every event stream; call before the gRPC server shuts down.
  void stop() { events_.close(); }

 private:
  MediaEventHub events_;
  MediaMetrics metrics_;
  MediaEngine engine_;
  MediaService service_;
};

}  // namespace tandem::media
