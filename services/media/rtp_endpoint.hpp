#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/common/result.hpp"
#include "libs/common/socket_address.hpp"
#include "libs/media/dtmf_queue.hpp"
#include "libs/media/outbound_stream.hpp"
#include "libs/media/reception_stats.hpp"
#include "libs/media/rtp_packet.hpp"
#include "libs/media/telephone_event.hpp"
#include "services/media/media_endpoint.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

/// The packet path of one RTP endpoint, owned by the packet loop: its UDP socket, the
/// peer address it latched on (symmetric RTP, RFC 4961), the bridge peer, reception
/// statistics, DTMF detection, and the outgoing stream it keeps continuous. Only the loop
/// thread touches it.
class RtpEndpoint final : public MediaEndpoint, private DatagramReader {
 public:
  /// `media_timeout`: how long without a valid packet before a MediaTimeout event (zero:
  /// never).
  RtpEndpoint(std::string id, std::string call_id, int fd, RtpCodec codec,
              std::optional<SocketAddress> remote, bool strict_source, EventSink sink,
              const Clock& clock, std::chrono::milliseconds media_timeout);

  /// Watches the RTP socket and, when there is one, the RTCP socket.
  void attach(PacketLoop& loop) override;

  /// Once per packet interval (20 ms): sends the next DTMF packet if digits are queued,
  /// and reports a media timeout once per silence.
  void tick() override;
  /// Queues digits to send as RFC 4733 events, `duration` each. While they go out, audio
  /// from the bridge peer toward this endpoint is held back, as phones do.
  Result<Done> send_dtmf(std::string_view digits, std::chrono::milliseconds duration) override;

  /// A packet received on the bridge peer, for this endpoint to send on its wire.
  void send_from_peer(std::span<uint8_t> packet, const RtpHeader& header, const RtpCodec& from,
                      uint32_t now) override;
  void send_rtcp_from_peer(std::span<const uint8_t> packet) override;

  /// The RTCP socket on the port above, when that port could be bound; attach() watches
  /// it with the RTP socket. Takes ownership of `fd`.
  void set_rtcp_socket(int fd);

  void set_remote(const SocketAddress& remote);
  void set_codec(RtpCodec codec) { codec_ = codec; }
  void set_direction(v1::Direction direction) { direction_ = direction; }
  const RtpCodec& codec() const override { return codec_; }
  v1::EndpointStats stats() const override;

 private:
  void on_datagram(std::span<uint8_t> packet, const SocketAddress& source) override;
  void detach() override;
  bool receives() const;
  bool sends() const;
  void on_packet(std::span<uint8_t> packet, const SocketAddress& source,
                 std::chrono::steady_clock::time_point now);
  /// Sends a packet on this endpoint's wire as part of its one outgoing stream.
  void transmit(std::span<uint8_t> packet, const RtpHeader& header, uint8_t payload_type,
                uint32_t now);
  bool accept_source(const RtpHeader& header, const SocketAddress& source);
  /// RTCP that arrived on the RTP port (rtcp-mux, RFC 5761) or on the RTCP port.
  void on_rtcp(std::span<const uint8_t> packet, const SocketAddress& source, bool muxed);

  /// Receives the RTCP port's datagrams for its endpoint.
  struct RtcpSocket final : DatagramReader {
    explicit RtcpSocket(RtpEndpoint& owner) : owner(owner) {}
    ~RtcpSocket() override;
    void on_datagram(std::span<uint8_t> packet, const SocketAddress& source) override;
    RtpEndpoint& owner;
    int fd = -1;
  };
  void detect_dtmf(const RtpHeader& header, std::span<const uint8_t> payload);

  RtpCodec codec_;
  std::optional<SocketAddress> signaled_;
  std::optional<SocketAddress> remote_;
  bool strict_source_;
  bool latched_ = false;
  uint32_t latched_ssrc_ = 0;
  const Clock& clock_;
  v1::Direction direction_ = v1::DIRECTION_SENDRECV;
  ReceptionStats reception_;
  OutboundStream outbound_;
  TelephoneEventReceiver dtmf_;
  std::vector<DtmfPress> presses_;
  DtmfQueue dtmf_out_;
  uint32_t own_ssrc_;
  uint16_t own_sequence_ = 0;
  std::chrono::milliseconds media_timeout_;
  std::chrono::steady_clock::time_point last_packet_;
  bool timed_out_ = false;
  RtcpSocket rtcp_{*this};
  bool rtcp_muxed_ = false;
  std::optional<SocketAddress> rtcp_remote_;
};

}  // namespace tandem::media
