#pragma once

#include <caf/all.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/common/result.hpp"
#include "services/media/media_endpoint.hpp"
#include "services/media/media_engine.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

/// The control plane of a media node: one actor per endpoint and per bridge, and the node
/// actor that knows them by id, over one packet engine. Every operation is asynchronous:
/// `reply` is called once, on an actor thread, with the result or the failure to answer
/// (NOT_FOUND, INVALID_ARGUMENT naming the field, RESOURCE_EXHAUSTED, ...).
/// Construct, use from any thread, then stop() (or destroy).
class MediaNode {
 public:
  template <class T>
  using Reply = std::function<void(Result<T>)>;

  /// `publish` gets every endpoint's events, on actor threads.
  MediaNode(caf::actor_system& actors, MediaEngineOptions options, const Clock& clock,
            EventSink publish);
  ~MediaNode();
  MediaNode(const MediaNode&) = delete;
  MediaNode& operator=(const MediaNode&) = delete;

  void create_endpoint(const v1::CreateEndpointRequest& request,
                       Reply<v1::CreateEndpointResponse> reply);
  void update_endpoint(const v1::UpdateEndpointRequest& request, Reply<Done> reply);
  void destroy_endpoint(const std::string& id, Reply<v1::EndpointStats> reply);
  void bridge(const std::string& a, const std::string& b, Reply<std::string> reply);
  void unbridge(const std::string& bridge_id, Reply<Done> reply);
  /// Bridges an endpoint with itself: its media goes back where it came from.
  void echo(const std::string& id, Reply<std::string> reply);
  void stats(const std::string& id, Reply<v1::EndpointStats> reply);
  /// Queues RFC 4733 events toward the endpoint's remote: `duration` per digit.
  void send_dtmf(const std::string& id, const std::string& digits,
                 std::chrono::milliseconds duration, Reply<Done> reply);

  /// Ends every endpoint and bridge (their sockets close) and waits until they are gone.
  void stop();

  /// The packet side, for figures (metrics, the directory).
  MediaEngine& engine() { return *engine_; }
  const MediaEngine& engine() const { return *engine_; }

 private:
  template <class T, class... Ts>
  void ask(Reply<T> reply, Ts... request);

  caf::actor_system& actors_;
  std::shared_ptr<MediaEngine> engine_;
  caf::actor node_;
};

}  // namespace tandem::media
