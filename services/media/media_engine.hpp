#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/common/result.hpp"
#include "services/media/packet_loop.hpp"
#include "services/media/port_pool.hpp"
#include "services/media/rtp_endpoint.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

struct MediaEngineOptions {
  /// The address RTP sockets bind to and that endpoints announce.
  std::string host = "127.0.0.1";
  uint16_t first_port = 20000;
  uint16_t last_port = 29999;
  /// No valid RTP for this long: a MediaTimeout event (zero: never).
  std::chrono::milliseconds media_timeout{0};
};

/// The media node's control surface over its packet loop: endpoints and bridges by id.
/// Every operation runs as a command on the loop thread, so packet state needs no locks.
/// Thread-safe; errors are values with a code the gRPC layer maps (NOT_FOUND, ...).
class MediaEngine {
 public:
  MediaEngine(MediaEngineOptions options, const Clock& clock, EventSink sink);
  ~MediaEngine();

  /// A new RTP endpoint on a free port; the codec chosen from the offer.
  Result<v1::CreateEndpointResponse> create_endpoint(const v1::CreateEndpointRequest& request);
  Result<Done> update_endpoint(const v1::UpdateEndpointRequest& request);
  Result<v1::EndpointStats> destroy_endpoint(const std::string& id);
  Result<std::string> bridge(const std::string& a, const std::string& b);
  Result<Done> unbridge(const std::string& bridge_id);
  Result<v1::EndpointStats> stats(const std::string& id);
  /// Queues RFC 4733 events toward the endpoint's remote: `duration` per digit.
  Result<Done> send_dtmf(const std::string& id, const std::string& digits,
                         std::chrono::milliseconds duration);

  /// Counters summed over every endpoint this engine ever had.
  EndpointCounters totals();
  size_t endpoints() const { return endpoint_count_; }
  size_t audiosocket_endpoints() const { return audiosocket_count_; }
  size_t free_ports() const { return ports_.free_ports(); }
  size_t total_ports() const { return ports_.total_ports(); }

 private:
  struct Bridge {
    std::string a;
    std::string b;
  };

  Result<int> open_socket(uint16_t port);
  Result<v1::CreateEndpointResponse> create_audiosocket(const v1::CreateEndpointRequest& request);
  /// Hands a new endpoint to the loop; `port` 0 when it holds none from the pool.
  void adopt(std::unique_ptr<MediaEndpoint> endpoint, uint16_t port);
  MediaEndpoint* find(const std::string& id);
  void unbridge_on_loop(const std::string& bridge_id);

  MediaEngineOptions options_;
  const Clock& clock_;
  EventSink sink_;
  PortPool ports_;
  PacketLoop loop_;
  std::atomic<uint64_t> next_id_{1};
  std::atomic<size_t> endpoint_count_{0};
  std::atomic<size_t> audiosocket_count_{0};
  // Loop thread only.
  struct Entry {
    std::unique_ptr<MediaEndpoint> endpoint;
    uint16_t port = 0;
    std::string bridge_id;
  };
  std::map<std::string, Entry> endpoints_;
  std::map<std::string, Bridge> bridges_;
  EndpointCounters destroyed_totals_;
};

}  // namespace tandem::media
