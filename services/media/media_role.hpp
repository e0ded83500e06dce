#pragma once

#include <caf/all.hpp>
#include <prometheus/registry.h>

#include <memory>

#include "libs/common/clock.hpp"
#include "libs/common/grpc_server.hpp"
#include "services/media/media_config.hpp"
#include "services/media/media_event_hub.hpp"
#include "services/media/media_metrics.hpp"
#include "services/media/media_node.hpp"
#include "services/media/media_service.hpp"
#include "tandem/v1/registry.pb.h"

namespace tandem::media {

/// The media role of a process: the node (control actors over the packet engine), the
/// Media gRPC service and the tandem_media_* metrics. Lifetime: construct, register_services()
/// before the gRPC server starts, then stop() (or destroy) after it stopped.
class MediaRole {
 public:
  MediaRole(const MediaConfig& config, caf::actor_system& actors, prometheus::Registry& metrics,
            const Health& health, const Clock& clock);

  void register_services(GrpcServer& grpc);
  /// Copies live figures into metrics; call before a scrape.
  void refresh_metrics() { metrics_.refresh(node_.engine()); }
  /// What the directory shows of this node's media: free ports, live endpoints, the load
  /// signaling compares (share of ports in use).
  void describe(v1::Node& node) const;
  size_t active_endpoints() const { return node_.engine().endpoints(); }
  /// Ends every endpoint and event stream; call before the gRPC server shuts down.
  void stop() {
    node_.stop();
    events_.close();
  }

 private:
  MediaEventHub events_;
  MediaMetrics metrics_;
  MediaNode node_;
  MediaService service_;
};

}  // namespace tandem::media
