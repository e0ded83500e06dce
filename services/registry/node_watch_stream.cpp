#include "services/registry/node_watch_stream.hpp"

#include "libs/common/watch_stream.hpp"
#include "services/registry/registry_atoms.hpp"

namespace tandem::registry {

grpc::ServerWriteReactor<v1::NodeEvent>* start_node_watch(const caf::actor& hub,
                                                          v1::NodeRole role) {
  auto [stream, subscriber] = WatchStream<v1::NodeEvent>::create(
      "the registry is shutting down; watch again to reach another replica");
  NodeEventSink sink = std::move(subscriber);
  caf::anon_send(hub, subscribe_atom::value, std::move(sink), static_cast<int32_t>(role));
  return stream;
}

}  // namespace tandem::registry
