#pragma once

#include <memory>
#include <optional>
#include <string>

#include "libs/sdp/offer_answer.hpp"
#include "libs/sip/dialog.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/channel/channel_tech.hpp"

namespace tandem::signaling {

/// Where this node is reached over the transport a call came in on: the Via sent-by and
/// Contact it puts in what it sends.
struct LocalSipAddress {
  std::string host;     // without IPv6 brackets, as SDP writes it
  std::string sent_by;  // host:port
  std::string contact;  // <sip:tandem@host:port;transport=tcp>
};

/// The SIP side of an inbound call: Tandem as the UAS of the caller's INVITE (RFC 3261
/// 13.3, 12.1.1). Responses go through the INVITE's server transaction; the 2xx is the
/// UAS core's to retransmit over UDP until the ACK (RFC 6026); a BYE after the answer
/// goes where the INVITE came from.
///
/// An INVITE without SDP is a late offer (RFC 3261 13.2.1): the 2xx carries Tandem's offer
/// and the ACK the caller's answer. An unreliable 183 carries no offer, so such a caller
/// hears no early media.
class SipInboundTech final : public channel::ChannelTech {
 public:
  /// `offer` absent: a late offer; `audio` is then what Tandem will offer (late_offer_audio).
  SipInboundTech(sip::SipStack& stack, sip::ServerTransactionId invite_transaction,
                 sip::SipMessage invite, sip::TransportAddress source, const LocalSipAddress& local,
                 std::optional<sdp::SessionDescription> offer, sdp::AudioStream audio);

  /// What Tandem offers a caller that sent no offer: PCMU, PCMA and telephone-event 101.
  static sdp::AudioStream late_offer_audio();

  std::string_view name() const override { return "SIP"; }
  Result<Done> ring() override;
  Result<Done> progress(const channel::LocalMedia& media) override;
  Result<Done> answer(const channel::LocalMedia& media) override;
  /// An INFO with application/dtmf-relay in the answered dialog.
  Result<Done> send_dtmf(char key, std::chrono::milliseconds duration) override;
  void hangup(channel::HangupCause cause) override;

  /// The caller cancelled: the INVITE is answered 487 (RFC 3261 9.2).
  void cancelled() { cancelled_ = true; }
  /// The ACK of our 2xx arrived: no more retransmissions, and what was kept for them and
  /// for the INVITE's responses is let go (a held call costs memory for hours).
  void acknowledged();
  /// Sends the 2xx again over UDP unless it was acknowledged; false when nothing is left
  /// to do (acknowledged, or a reliable transport).
  bool retransmit_answer();
  /// Answers a re-INVITE of the answered call (RFC 3264 8): 200 with the answer to its
  /// offer for `media`, sent again over UDP until its ACK.
  Result<Done> answer_reinvite(const sip::ServerTransactionId& transaction,
                               const sip::SipMessage& reinvite, sdp::SessionDescription offer,
                               sdp::AudioStream audio, const channel::LocalMedia& media);
  /// Answers an in-dialog request of the caller (BYE, INFO, ...), after checking it
  /// against the dialog (a lower CSeq: 500).
  bool accept_in_dialog(const sip::SipMessage& request);
  void respond(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
               int status);

  /// The INVITE had no offer and the ACK with the caller's answer has not come yet.
  bool awaits_answer() const { return awaits_answer_; }
  /// The caller's answer, from the ACK of a late offer's 2xx: its audio, with the codec it
  /// chose from Tandem's offer first. Fails when there is none or it picks nothing offered
  /// (RFC 3261 13.2.2.4 wants an answer in that ACK; the call is then ended with a BYE).
  Result<sdp::AudioStream> take_answer(std::string_view ack_body);

  /// The INVITE's server-transaction key, under which Calls finds the call for a CANCEL;
  /// empty once the ACK of the answer came.
  const std::string& invite_key() const { return transaction_.key; }
  /// The dialog the answer forms, known before it is sent (so that the ACK finds it).
  sip::DialogId dialog_id() const;
  /// The caller's audio from its offer (or answer), until the ACK of the 2xx.
  const sdp::AudioStream& offered_audio() const { return audio_; }
  bool answered() const { return dialog_.has_value(); }
  bool was_cancelled() const { return cancelled_; }
  const std::optional<sip::Dialog>& dialog() const { return dialog_; }

 private:
  sip::OutgoingMessage response(int status, const channel::LocalMedia* media);
  /// A Via with a branch of its own, for a request Tandem sends in the dialog.
  std::string fresh_via() const;

  sip::SipStack& stack_;
  sip::ServerTransactionId transaction_;
  std::unique_ptr<const sip::SipMessage> invite_;  // until the ACK of the final 2xx
  sip::TransportAddress source_;
  const LocalSipAddress* local_;                    // the node's, which outlives every call
  std::unique_ptr<sdp::SessionDescription> offer_;  // until the ACK: a held call needs none
  sdp::AudioStream audio_;
  sdp::OriginCounter origin_;
  std::string local_tag_;
  std::optional<sip::Dialog> dialog_;
  std::shared_ptr<const std::string> answer_bytes_;
  bool cancelled_ = false;
  bool acknowledged_ = false;
  bool final_sent_ = false;
  bool awaits_answer_ = false;
};

}  // namespace tandem::signaling
