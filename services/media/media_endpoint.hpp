#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "libs/common/result.hpp"
#include "libs/media/rtp_packet.hpp"
#include "services/media/packet_loop.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

/// G.711 laws an endpoint can speak; what its peer receives is transcoded when they differ.
enum class Law { ulaw, alaw };

/// The payload types an endpoint uses toward its bridge peer and on its wire.
struct RtpCodec {
  Law law = Law::ulaw;
  uint8_t payload_type = 0;
  uint8_t telephone_event_type = 101;
  bool telephone_events = true;  // false: the peer did not agree on RFC 4733 events
};

/// The RTP clock of every payload Tandem speaks (G.711, telephone events).
inline constexpr uint32_t kClockRate = 8000;

/// A time in units of that clock: one per 125 microseconds, wrapping modulo 2^32 as RTP
/// timestamps do.
inline uint32_t rtp_units(std::chrono::steady_clock::time_point time) {
  static_assert(1'000'000 % kClockRate == 0);
  const auto since = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch());
  return static_cast<uint32_t>(since.count() / (1'000'000 / kClockRate));
}

/// Whether every character is a DTMF key ('0'-'9', '*', '#', 'A'-'D'); the failure names
/// the string.
Result<Done> check_dtmf_digits(std::string_view digits);

/// Who to tell about DTMF and other endpoint events; called on the loop thread.
using EventSink = std::function<void(v1::MediaEvent)>;

/// Counters of one endpoint, and why packets were dropped.
struct EndpointCounters {
  EndpointCounters& operator+=(const EndpointCounters& other);

  uint64_t packets_received = 0;
  uint64_t bytes_received = 0;
  uint64_t packets_sent = 0;
  uint64_t bytes_sent = 0;
  uint64_t dropped_malformed = 0;
  uint64_t dropped_stranger = 0;  // from an address the endpoint is not latched on
  uint64_t dropped_other = 0;     // not receiving, unknown payload type, RTCP, nowhere to send
};

/// One leg's media on this node, as the engine and a bridge see it: RTP toward a phone,
/// or an AudioSocket connection. Bridge peers hand each other RTP packets; an endpoint
/// that does not speak RTP on its wire converts. Loop thread only.
class MediaEndpoint {
 public:
  /// `sink` hears this endpoint's events (DTMF, timeouts, stats), on the loop thread.
  MediaEndpoint(std::string id, std::string call_id, int fd, EventSink sink)
      : id_(std::move(id)), call_id_(std::move(call_id)), fd_(fd), sink_(std::move(sink)) {}
  virtual ~MediaEndpoint() { close(); }
  MediaEndpoint(const MediaEndpoint&) = delete;
  MediaEndpoint& operator=(const MediaEndpoint&) = delete;

  /// Starts receiving: the loop watches the endpoint's sockets and carries what it sends.
  virtual void attach(PacketLoop& loop) = 0;

  /// An RTP packet from the bridge peer, whose payload types are `from`, to send on.
  virtual void send_from_peer(std::span<uint8_t> packet, const RtpHeader& header,
                              const RtpCodec& from, uint32_t now) = 0;
  /// An RTCP packet from the bridge peer's leg, to pass on; endpoints without RTCP on their
  /// wire drop it.
  virtual void send_rtcp_from_peer(std::span<const uint8_t> packet) { (void)packet; }
  /// Once per packet interval (20 ms): pacing, generated DTMF, timeouts.
  virtual void tick() = 0;
  virtual Result<Done> send_dtmf(std::string_view digits, std::chrono::milliseconds duration) = 0;
  /// What the bridge peer receives from this endpoint.
  virtual const RtpCodec& codec() const = 0;
  virtual v1::EndpointStats stats() const;
  const EndpointCounters& counters() const { return counters_; }

  /// Sends the current stats as an event (the periodic stats report).
  void report_stats();

  void set_peer(MediaEndpoint* peer) { peer_ = peer; }
  MediaEndpoint* peer() const { return peer_; }
  const std::string& id() const { return id_; }
  const std::string& call_id() const { return call_id_; }
  int fd() const { return fd_; }
  /// Stops watching and closes the sockets, and stops all reading and sending: the
  /// endpoint is on its way out, and a port it held may be bound again at once.
  void close();

 protected:
  bool closed() const { return fd_ < 0; }
  /// Stops watching the sockets, before close() closes them.
  virtual void detach() {
    if (loop_ != nullptr) loop_->unwatch(fd_);
  }
  /// An event about this endpoint, with its ids filled in.
  v1::MediaEvent new_event() const;
  void report(v1::MediaEvent event) { sink_(std::move(event)); }

  MediaEndpoint* peer_ = nullptr;
  PacketLoop* loop_ = nullptr;  // set by attach()
  EndpointCounters counters_;

 private:
  std::string id_;
  std::string call_id_;
  int fd_;
  EventSink sink_;
};

}  // namespace tandem::media
