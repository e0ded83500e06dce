#pragma once

#include <chrono>
#include <deque>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/media/audiosocket.hpp"
#include "libs/media/telephone_event.hpp"
#include "services/media/media_endpoint.hpp"

namespace tandem::media {

/// A leg that is an AudioSocket service: Tandem is the TCP client, as Asterisk is. The
/// UUID went out when the connection was made (the engine connects). Audio from the
/// bridge peer is decoded from G.711 and sent as 20 ms frames of 8 kHz 16-bit linear,
/// paced by the loop's tick, silence when the peer has nothing; audio from the service is
/// buffered and leaves toward the peer as PCMU, one 20 ms packet per tick. Key presses
/// from the peer go out as DTMF messages. A hangup, a close, a protocol fault or a service
/// silent for the media timeout ends the session with an AudioSocketEnded event.
class AudioSocketEndpoint final : public MediaEndpoint, private Readable {
 public:
  AudioSocketEndpoint(std::string id, std::string call_id, int fd, EventSink sink,
                      const Clock& clock, std::chrono::milliseconds silence_timeout);

  void attach(PacketLoop& loop) override;
  void send_from_peer(std::span<uint8_t> packet, const RtpHeader& header, const RtpCodec& from,
                      uint32_t now) override;
  void tick() override;
  Result<Done> send_dtmf(std::string_view digits, std::chrono::milliseconds duration) override;
  const RtpCodec& codec() const override { return codec_; }

 private:
  static constexpr size_t kFrameSamples = 160;
  /// One second of audio either way; older samples give way (a stalled side must not
  /// grow memory or latency without bound).
  static constexpr size_t kMaxBuffered = 8000;

  /// Reads until the socket would block (a multishot poll reports new data once).
  void on_readable() override;
  void on_message(const audiosocket::Message& message);
  void send_frame_to_service();
  void send_frame_to_peer();
  /// Writes what the socket takes of the messages appended to unsent_.
  void flush();
  void end(bool hangup, const std::string& error);

  const Clock& clock_;
  std::chrono::milliseconds silence_timeout_;
  std::chrono::steady_clock::time_point last_heard_;
  RtpCodec codec_;  // PCMU/0 and events on 101 toward the peer
  audiosocket::Reader reader_;
  std::deque<int16_t> to_service_;
  std::deque<int16_t> to_peer_;
  std::vector<uint8_t> unsent_;   // messages are appended here, then flushed
  std::vector<int16_t> samples_;  // decoding scratch, reused
  TelephoneEventReceiver dtmf_;
  std::vector<DtmfPress> presses_;
  uint32_t ssrc_;
  uint16_t sequence_ = 0;
  uint32_t timestamp_ = 0;
  bool ended_ = false;
};

}  // namespace tandem::media
