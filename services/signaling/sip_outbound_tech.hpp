#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libs/sdp/offer_answer.hpp"
#include "libs/sip/dialog.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/channel/channel_tech.hpp"
#include "services/signaling/sip_inbound_tech.hpp"

namespace tandem::signaling {

/// Where an outbound leg's INVITE goes: a registered contact of the dialed user.
struct OutboundTarget {
  std::string request_uri;         // the contact URI
  std::string to;                  // <sip:bob@example.com>: the dialed address of record
  std::vector<std::string> route;  // the binding's Path (RFC 3327), as Route headers
  sip::TransportAddress address;   // where the bytes go
};

/// What a response to the INVITE means for the leg.
struct InviteOutcome {
  enum class Kind { nothing, ringing, early_media, answered, failed };
  Kind kind = Kind::nothing;
  int status = 0;
  /// The far end's audio, from the SDP of a 183 or a 2xx (absent or unusable: nothing).
  std::optional<sdp::AudioStream> audio;
};

/// The SIP side of an outbound leg: Tandem as the UAC of an INVITE it places for Dial
/// (RFC 3261 13.2, 12.1.2). The INVITE's client transaction retransmits it and ACKs a
/// failure; the ACK of a 2xx is ours (13.2.2.4). A CANCEL waits for a provisional response
/// (9.1); a 2xx that crosses it is acknowledged and ended with a BYE.
class SipOutboundTech final : public channel::ChannelTech {
 public:
  /// `from` is the caller as the callee sees it, a name-addr without a tag.
  SipOutboundTech(sip::SipStack& stack, OutboundTarget target, const LocalSipAddress& local,
                  std::string from);

  std::string_view name() const override { return "SIP"; }
  /// The far end rings, has early media and answers; Tandem does not do it for it.
  Result<Done> ring() override;
  Result<Done> progress(const channel::LocalMedia& media) override;
  Result<Done> answer(const channel::LocalMedia& media) override;
  /// Before the answer: CANCEL (once a provisional response came); after: BYE.
  void hangup(channel::HangupCause cause) override;

  /// The contact called (kept for the call record).
  const std::string& request_uri() const { return target_.request_uri; }
  /// The key of the INVITE's client transaction, known before invite() sends it.
  const std::string& invite_key() const { return invite_key_; }
  /// Sends the INVITE with an offer of `media`.
  Result<Done> call(const channel::LocalMedia& media) override;
  /// An INFO with application/dtmf-relay in the answered dialog.
  Result<Done> send_dtmf(char key, std::chrono::milliseconds duration) override;
  /// A response to the INVITE (retransmitted 2xx included: acknowledged again).
  InviteOutcome on_response(const sip::SipMessage& response);

  /// The answered INVITE is over (64*T1 after its 2xx, no retransmission of it can come):
  /// what only the INVITE needed is let go (a held call costs memory for hours).
  void settle();

  /// Answers a re-INVITE of the callee (RFC 3264 8: hold, a new address): 200 with the
  /// answer to its offer for `media`, sent again over UDP until its ACK.
  Result<Done> answer_reinvite(const sip::ServerTransactionId& transaction,
                               const sip::SipMessage& reinvite,
                               const sdp::SessionDescription& offer, const sdp::AudioStream& audio,
                               const channel::LocalMedia& media);
  /// Sends that 200 again over UDP unless it was acknowledged; false when nothing is left
  /// to do (acknowledged, or a reliable transport).
  bool retransmit_answer();
  /// The ACK of that 200 arrived.
  void acknowledged() { answer_.reset(); }

  /// Checks an in-dialog request of the callee against the dialog (a lower CSeq: 500).
  bool accept_in_dialog(const sip::SipMessage& request);
  void respond(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
               int status);

  const std::optional<sip::Dialog>& dialog() const { return dialog_; }
  bool answered() const { return dialog_.has_value(); }
  /// A final response came (or the leg was answered): nothing is pending on the INVITE.
  bool finished() const { return final_received_; }

 private:
  /// The INVITE's Via (its CANCEL repeats it).
  std::string invite_via() const;
  /// The INVITE's headers with `method`: the INVITE itself, or its CANCEL.
  sip::OutgoingMessage outside_dialog(std::string_view method) const;
  void send_cancel();
  void send_bye(channel::HangupCause cause);
  /// A 2xx of another fork (its own To tag): acknowledged, and its dialog ended with a BYE
  /// (RFC 3261 13.2.2.4), once per fork.
  void end_fork(const sip::SipMessage& response);
  /// A Via with a branch of its own: a 2xx's ACK and a BYE are transactions apart.
  std::string fresh_via() const;

  sip::SipStack& stack_;
  OutboundTarget target_;
  const LocalSipAddress* local_;  // the node's, which outlives every call
  std::string from_;
  std::string local_tag_;
  std::string call_id_;
  std::string branch_;
  std::string invite_key_;
  uint32_t sequence_ = 1;
  std::unique_ptr<const sip::SipMessage> invite_;  // as sent, for the dialog and the CANCEL
  std::optional<sip::Dialog> dialog_;
  std::shared_ptr<const std::string> ack_;
  std::shared_ptr<const std::string> answer_;  // a re-INVITE's 200 until its ACK
  std::vector<std::string> ended_forks_;       // To tags of the other forks' dialogs
  sdp::OriginCounter origin_;
  bool provisional_received_ = false;
  bool final_received_ = false;
  bool cancel_pending_ = false;
  bool cancel_sent_ = false;
  bool hung_up_ = false;
  channel::HangupCause cancel_cause_ = channel::HangupCause::normal_clearing;
};

}  // namespace tandem::signaling
