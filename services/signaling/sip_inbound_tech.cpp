#include "services/signaling/sip_inbound_tech.hpp"

#include <algorithm>

#include "libs/sip/chars.hpp"
#include "libs/sip/name_addr.hpp"
#include "libs/sip/response_builder.hpp"
#include "services/signaling/dtmf_relay.hpp"

namespace tandem::signaling {

SipInboundTech::SipInboundTech(sip::SipStack& stack, sip::ServerTransactionId invite_transaction,
                               sip::SipMessage invite, sip::TransportAddress source,
                               const LocalSipAddress& local,
                               std::optional<sdp::SessionDescription> offer, sdp::AudioStream audio)
    : stack_(stack),
      transaction_(std::move(invite_transaction)),
      invite_(std::make_unique<const sip::SipMessage>(std::move(invite))),
      source_(std::move(source)),
      local_(&local),
      offer_(offer ? std::make_unique<sdp::SessionDescription>(std::move(*offer)) : nullptr),
      audio_(std::move(audio)),
      origin_(sip::random_token(), local_->host),
      local_tag_(sip::random_token()),
      awaits_answer_(offer_ == nullptr) {}

sdp::AudioStream SipInboundTech::late_offer_audio() {
  sdp::AudioStream audio;
  audio.codecs = {{0, "PCMU", 8000}, {8, "PCMA", 8000}};
  audio.telephone_event = 101;
  return audio;
}

Result<sdp::AudioStream> SipInboundTech::take_answer(std::string_view ack_body) {
  awaits_answer_ = false;
  if (ack_body.empty()) return invalid_argument("the ACK carries no SDP answer to our offer");
  auto description = sdp::parse(ack_body);
  if (!description) return description.failure();
  auto answer = sdp::find_audio(description.value());
  if (!answer) return answer.failure();
  auto& codecs = answer.value().codecs;
  const auto offered = std::find_if(codecs.begin(), codecs.end(), [&](const sdp::AudioCodec& c) {
    return std::any_of(audio_.codecs.begin(), audio_.codecs.end(), [&](const sdp::AudioCodec& o) {
      return o.payload_type == c.payload_type && sip::chars::iequals(o.encoding, c.encoding);
    });
  });
  if (offered == codecs.end()) return invalid_argument("the answer picks no codec we offered");
  std::rotate(codecs.begin(), offered, offered + 1);
  audio_ = answer.value();
  return std::move(answer).value();
}

sip::OutgoingMessage SipInboundTech::response(int status, const channel::LocalMedia* media) {
  auto message = sip::make_response(*invite_, {source_.ip, source_.port}, status,
                                    sip::reason_phrase(status), local_tag_);
  if (status > 100 && status < 300) message.add("Contact", local_->contact);
  if (media == nullptr) return message;
  sdp::LocalAudio local{media->address,           media->port, {}, media->telephone_event,
                        sdp::Direction::sendrecv, true};
  if (offer_) {
    const auto answer = sdp::make_answer(*offer_, audio_, origin_.next(), local, media->codec);
    message.set_body("application/sdp", sdp::format(answer));
  } else if (status >= 200) {
    local.codecs = audio_.codecs;
    local.rtcp_mux = false;
    message.set_body("application/sdp", sdp::format(sdp::make_offer(origin_.next(), local)));
  }
  return message;
}

sip::DialogId SipInboundTech::dialog_id() const {
  auto from = sip::parse_name_addr(invite_->value(sip::HeaderId::from));
  return {std::string(invite_->value(sip::HeaderId::call_id)), local_tag_,
          from ? std::string(sip::tag_of(from.value())) : std::string()};
}

Result<Done> SipInboundTech::ring() {
  if (final_sent_) return Failure{ErrorCode::failed_precondition, "the INVITE is answered"};
  stack_.transactions().respond(transaction_, response(180, nullptr));
  return Done{};
}

Result<Done> SipInboundTech::progress(const channel::LocalMedia& media) {
  if (final_sent_) return Failure{ErrorCode::failed_precondition, "the INVITE is answered"};
  stack_.transactions().respond(transaction_, response(183, &media));
  return Done{};
}

Result<Done> SipInboundTech::answer(const channel::LocalMedia& media) {
  if (final_sent_) return Failure{ErrorCode::failed_precondition, "the INVITE is answered"};
  auto dialog = sip::Dialog::as_uas(*invite_, local_tag_, local_->contact);
  if (!dialog) return dialog.failure();
  const auto ok = response(200, &media);
  if (!stack_.transactions().respond(transaction_, ok))
    return unavailable("the INVITE transaction is gone");
  final_sent_ = true;
  dialog_ = std::move(dialog).value();
  answer_bytes_ = std::make_shared<const std::string>(ok.serialize());
  return Done{};
}

Result<Done> SipInboundTech::answer_reinvite(const sip::ServerTransactionId& transaction,
                                             const sip::SipMessage& reinvite,
                                             sdp::SessionDescription offer, sdp::AudioStream audio,
                                             const channel::LocalMedia& media) {
  offer_ = std::make_unique<sdp::SessionDescription>(std::move(offer));
  audio_ = std::move(audio);
  auto ok = sip::make_response(reinvite, {source_.ip, source_.port}, 200, "OK", local_tag_);
  ok.add("Contact", local_->contact);
  sdp::LocalAudio local{
      media.address, media.port, {}, media.telephone_event, sdp::Direction::sendrecv, true};
  ok.set_body("application/sdp",
              sdp::format(sdp::make_answer(*offer_, audio_, origin_.next(), local, media.codec)));
  if (!stack_.transactions().respond(transaction, ok))
    return unavailable("the re-INVITE transaction is gone");
  answer_bytes_ = std::make_shared<const std::string>(ok.serialize());
  acknowledged_ = false;
  return Done{};
}

void SipInboundTech::acknowledged() {
  acknowledged_ = true;
  answer_bytes_.reset();
  if (final_sent_) {
    offer_.reset();  // a re-INVITE brings its own offer and audio
    audio_ = {};
    invite_.reset();  // every response to the INVITE has been sent
    std::string().swap(transaction_.key);
  }
}

bool SipInboundTech::retransmit_answer() {
  if (acknowledged_ || !answer_bytes_ || sip::reliable(source_.transport)) return false;
  stack_.send(source_, answer_bytes_);
  return true;
}

Result<Done> SipInboundTech::send_dtmf(char key, std::chrono::milliseconds duration) {
  if (!dialog_) return Failure{ErrorCode::failed_precondition, "the call is not answered"};
  auto info = dialog_->request("INFO", fresh_via());
  info.set_body("application/dtmf-relay", dtmf_relay_body(key, duration));
  auto sent = stack_.transactions().send_request(info, source_);
  if (!sent) return sent.failure();
  return Done{};
}

std::string SipInboundTech::fresh_via() const {
  return "SIP/2.0/" + std::string(sip::via_name(source_.transport)) + " " + local_->sent_by +
         ";branch=z9hG4bK" + sip::random_token() + ";rport";
}

void SipInboundTech::hangup(channel::HangupCause cause) {
  if (!final_sent_) {
    final_sent_ = true;
    const int status = cancelled_ ? 487 : channel::sip_status_for(cause);
    auto message = response(status, nullptr);
    if (const auto name = channel::cause_name(cause))
      message.add("Reason", "Q.850;cause=" + std::to_string(static_cast<int>(cause)) + ";text=\"" +
                                std::string(*name) + "\"");
    stack_.transactions().respond(transaction_, message);
    return;
  }
  if (!dialog_) return;
  auto bye = dialog_->request("BYE", fresh_via());
  if (const auto name = channel::cause_name(cause))
    bye.add("Reason", "Q.850;cause=" + std::to_string(static_cast<int>(cause)) + ";text=\"" +
                          std::string(*name) + "\"");
  (void)stack_.transactions().send_request(bye, source_);
}

bool SipInboundTech::accept_in_dialog(const sip::SipMessage& request) {
  return dialog_ && dialog_->receive(request).ok();
}

void SipInboundTech::respond(const sip::ServerTransactionId& transaction,
                             const sip::SipMessage& request, int status) {
  stack_.transactions().respond(transaction,
                                sip::make_response(request, {source_.ip, source_.port}, status,
                                                   sip::reason_phrase(status), local_tag_));
}

}  // namespace tandem::signaling
