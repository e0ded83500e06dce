#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "libs/common/clock.hpp"
#include "libs/common/result.hpp"
#include "libs/common/socket_address.hpp"
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
  /// Every endpoint reports its stats as an event this often (zero: never).
  std::chrono::milliseconds stats_interval{0};
  /// How the packet loop moves datagrams; io_uring falls back to epoll, with a warning,
  /// where the kernel refuses it.
  LoopKind io = LoopKind::epoll;
};

/// What UpdateEndpoint changes, checked.
struct EndpointUpdate {
  std::optional<SocketAddress> remote;
  std::optional<RtpCodec> codec;
  v1::Direction direction = v1::DIRECTION_UNSPECIFIED;
  v1::TelephoneEvents telephone_events = v1::TELEPHONE_EVENTS_UNCHANGED;
};

/// Checks an UpdateEndpoint request; the failure names the field.
Result<EndpointUpdate> parse_update(const v1::UpdateEndpointRequest& request);

/// The packet plane of a media node: its packet loop, the sockets and port pool, and the
/// endpoints the loop owns, by id. It keeps no control state (which endpoint belongs to
/// which call or bridge): the control actors do, and tell it what to change.
///
/// Every change is posted to the loop as a command and returns at once; commands run in
/// the order they were posted. What needs an answer from the loop takes a callback, which
/// runs on the loop thread. Thread-safe.
class MediaEngine {
 public:
  MediaEngine(MediaEngineOptions options, const Clock& clock);
  ~MediaEngine();
  MediaEngine(const MediaEngine&) = delete;
  MediaEngine& operator=(const MediaEngine&) = delete;

  /// A new RTP endpoint `id` on a free port, with the codec chosen from the offer; its
  /// events go to `sink`, on the loop thread.
  Result<v1::CreateEndpointResponse> create_rtp(const std::string& id,
                                                const v1::CreateEndpointRequest& request,
                                                EventSink sink);
  /// A new AudioSocket endpoint `id` on an AudioSocket connection already made.
  v1::CreateEndpointResponse adopt_audiosocket(const std::string& id, const std::string& call_id,
                                               int fd, EventSink sink);

  /// Applies an update to an RTP endpoint (nothing if it is gone).
  void update(const std::string& id, EndpointUpdate update);
  /// Runs `work` on the loop with the endpoint, or with nullptr when it is gone.
  void with_endpoint(const std::string& id, std::function<void(MediaEndpoint*)> work);
  /// Closes an endpoint and frees its port; `done` gets its final stats, or nothing when
  /// it was gone already. Unlinks it from its bridge peer first.
  void release(const std::string& id,
               std::function<void(std::optional<v1::EndpointStats>)> done = nullptr);
  /// Makes two endpoints each other's bridge peer: packets flow between them. Nothing if
  /// either is gone (released after the bridge was decided).
  void link(const std::string& a, const std::string& b);
  /// Undoes link(a, b), if they are still each other's peer.
  void unlink(const std::string& a, const std::string& b);

  /// Counters summed over every endpoint this engine ever had. Blocks on the loop: not
  /// from the loop thread nor from an actor.
  EndpointCounters totals();
  size_t endpoints() const { return endpoint_count_; }
  size_t audiosocket_endpoints() const { return audiosocket_count_; }
  size_t free_ports() const { return ports_.free_ports(); }
  size_t total_ports() const { return ports_.total_ports(); }
  const MediaEngineOptions& options() const { return options_; }
  /// The loop actually in use (io_uring may have fallen back to epoll).
  LoopKind io() const { return loop_->kind(); }

 private:
  Result<int> open_socket(uint16_t port);
  /// Hands a new endpoint to the loop; `port` 0 when it holds none from the pool.
  void adopt(std::unique_ptr<MediaEndpoint> endpoint, uint16_t port);
  MediaEndpoint* find(const std::string& id);
  void tick();

  MediaEngineOptions options_;
  const Clock& clock_;
  PortPool ports_;
  std::unique_ptr<PacketLoop> loop_;
  std::atomic<size_t> endpoint_count_{0};
  std::atomic<size_t> audiosocket_count_{0};
  // Loop thread only.
  struct Entry {
    std::unique_ptr<MediaEndpoint> endpoint;
    uint16_t port = 0;
  };
  std::map<std::string, Entry> endpoints_;
  EndpointCounters released_totals_;
  std::chrono::steady_clock::time_point next_stats_;
};

}  // namespace tandem::media
