#pragma once

#include <caf/all.hpp>

#include "services/signaling/channel/channel_tech.hpp"

namespace tandem::signaling {

/// The technology of a Local channel's second half (`Local/600@default-0000001f;2`), the
/// one that runs the dialplan: what happens to it is told to its first half, which passes
/// it on to the channel that dialed the pair. The halves share the dialing channel's media
/// endpoint (Asterisk's optimised Local channel), so answering needs no media of its own.
class LocalTech final : public channel::ChannelTech {
 public:
  explicit LocalTech(caf::actor first_half) : first_half_(std::move(first_half)) {}

  std::string_view name() const override { return "Local"; }
  Result<Done> ring() override;
  Result<Done> progress(const channel::LocalMedia& media) override;
  Result<Done> answer(const channel::LocalMedia& media) override;
  /// Keys toward a Local half are played on the endpoint the halves share.
  Result<Done> send_dtmf(char key, std::chrono::milliseconds duration) override;
  void hangup(channel::HangupCause cause) override;

 private:
  caf::actor first_half_;
};

}  // namespace tandem::signaling
