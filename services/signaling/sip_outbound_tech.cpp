#include "services/signaling/sip_outbound_tech.hpp"

#include <algorithm>

#include "libs/sip/name_addr.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/response_builder.hpp"
#include "libs/sip/via.hpp"
#include "services/signaling/dtmf_relay.hpp"

namespace tandem::signaling {
namespace {

constexpr const char* kAllow = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO";

std::string reason_header(channel::HangupCause cause) {
  const auto name = channel::cause_name(cause);
  if (!name) return {};
  return "Q.850;cause=" + std::to_string(static_cast<int>(cause)) + ";text=\"" +
         std::string(*name) + "\"";
}

}  // namespace

SipOutboundTech::SipOutboundTech(sip::SipStack& stack, OutboundTarget target,
                                 const LocalSipAddress& local, std::string from)
    : stack_(stack),
      target_(std::move(target)),
      local_(&local),
      from_(std::move(from)),
      local_tag_(sip::random_token()),
      call_id_(sip::random_token() + sip::random_token()),
      branch_(std::string(sip::kMagicCookie) + sip::random_token()),
      invite_key_(sip::client_key(branch_, "INVITE")),
      origin_(sip::random_token(), local.host) {}

std::string SipOutboundTech::invite_via() const {
  return "SIP/2.0/" + std::string(sip::via_name(target_.address.transport)) + " " +
         local_->sent_by + ";branch=" + branch_ + ";rport";
}

Result<Done> SipOutboundTech::ring() {
  return Failure{ErrorCode::failed_precondition, "an outbound leg is rung by the far end"};
}

Result<Done> SipOutboundTech::progress(const channel::LocalMedia&) {
  return Failure{ErrorCode::failed_precondition, "an outbound leg's early media is the far end's"};
}

Result<Done> SipOutboundTech::answer(const channel::LocalMedia&) {
  return Failure{ErrorCode::failed_precondition, "an outbound leg is answered by the far end"};
}

sip::OutgoingMessage SipOutboundTech::outside_dialog(std::string_view method) const {
  auto message = sip::OutgoingMessage::request(method, target_.request_uri);
  message.add("Via", invite_via());
  message.add("Max-Forwards", "70");
  for (const auto& route : target_.route) message.add("Route", route);
  message.add("From", from_ + ";tag=" + local_tag_);
  message.add("To", target_.to);
  message.add("Call-ID", call_id_);
  message.add("CSeq", std::to_string(sequence_) + " " + std::string(method));
  return message;
}

Result<Done> SipOutboundTech::call(const channel::LocalMedia& media) {
  const sdp::LocalAudio offered{
      media.address, media.port, {media.codec}, media.telephone_event, sdp::Direction::sendrecv,
      false};
  auto message = outside_dialog("INVITE");
  message.add("Contact", local_->contact);
  message.add("Allow", kAllow);
  message.set_body("application/sdp", sdp::format(sdp::make_offer(origin_.next(), offered)));
  auto parsed = sip::parse_message(message.serialize(), sip::Framing::datagram);
  if (!parsed.ok()) return invalid_argument("the INVITE does not parse: " + parsed.error->reason);
  invite_ = std::make_unique<const sip::SipMessage>(std::move(*parsed.message));
  auto sent = stack_.transactions().send_request(message, target_.address);
  if (!sent) return sent.failure();
  return Done{};
}

InviteOutcome SipOutboundTech::on_response(const sip::SipMessage& response) {
  const int status = response.status();
  InviteOutcome outcome;
  outcome.status = status;
  const auto audio_of = [&]() -> std::optional<sdp::AudioStream> {
    if (response.body().empty()) return std::nullopt;
    auto description = sdp::parse(response.body());
    if (!description) return std::nullopt;
    auto audio = sdp::find_audio(description.value());
    if (!audio) return std::nullopt;
    return std::move(audio).value();
  };
  if (status < 200) {
    if (final_received_) return outcome;  // overtaken by the final response
    // RFC 3261 9.1: any provisional response, 100 included, lets a CANCEL go.
    provisional_received_ = true;
    if (cancel_pending_) send_cancel();
    if (status == 100) return outcome;
    if (hung_up_) return outcome;
    outcome.audio = audio_of();
    outcome.kind = outcome.audio ? InviteOutcome::Kind::early_media : InviteOutcome::Kind::ringing;
    return outcome;
  }
  if (status >= 300) {
    final_received_ = true;
    if (!hung_up_) outcome.kind = InviteOutcome::Kind::failed;
    return outcome;
  }
  // A 2xx: the first forms the dialog; every one (retransmissions too) is acknowledged.
  final_received_ = true;
  if (!dialog_) {
    auto dialog = sip::Dialog::as_uac(*invite_, response, local_->contact);
    if (!dialog) {
      outcome.kind = InviteOutcome::Kind::failed;
      outcome.status = 502;
      return outcome;
    }
    dialog_ = std::move(dialog).value();
    ack_ = std::make_shared<const std::string>(dialog_->ack(sequence_, fresh_via()).serialize());
    stack_.send(target_.address, ack_);
    invite_.reset();  // the dialog has what later requests need
    if (hung_up_) {
      send_bye(channel::HangupCause::normal_clearing);
      return outcome;
    }
    outcome.kind = InviteOutcome::Kind::answered;
    outcome.audio = audio_of();
    return outcome;
  }
  const auto to = sip::parse_name_addr(response.value(sip::HeaderId::to));
  if (to && sip::tag_of(to.value()) != dialog_->id().remote_tag) {
    end_fork(response);
  } else if (ack_) {
    stack_.send(target_.address, ack_);
  }
  return outcome;
}

void SipOutboundTech::end_fork(const sip::SipMessage& response) {
  auto forked = dialog_->forked_by(response);
  if (!forked) return;
  auto& fork = forked.value();
  stack_.send(target_.address,
              std::make_shared<const std::string>(fork.ack(sequence_, fresh_via()).serialize()));
  const auto& tag = fork.id().remote_tag;
  if (std::find(ended_forks_.begin(), ended_forks_.end(), tag) != ended_forks_.end()) return;
  ended_forks_.push_back(tag);
  auto bye = fork.request("BYE", fresh_via());
  bye.add("Reason", "SIP;cause=200;text=\"Call completed elsewhere\"");
  (void)stack_.transactions().send_request(bye, target_.address);
}

std::string SipOutboundTech::fresh_via() const {
  return "SIP/2.0/" + std::string(sip::via_name(target_.address.transport)) + " " +
         local_->sent_by + ";branch=z9hG4bK" + sip::random_token() + ";rport";
}

void SipOutboundTech::send_cancel() {
  if (cancel_sent_ || !invite_) return;
  cancel_sent_ = true;
  cancel_pending_ = false;
  // RFC 3261 9.1: the INVITE's Request-URI, Call-ID, From, To, CSeq number, top Via and
  // Route headers.
  auto cancel = outside_dialog("CANCEL");
  // RFC 3326: a phone cancelled because another answered shows no missed call.
  if (cancel_cause_ == channel::HangupCause::answered_elsewhere) {
    cancel.add("Reason", "SIP;cause=200;text=\"Call completed elsewhere\"");
  } else if (const auto reason = reason_header(cancel_cause_); !reason.empty()) {
    cancel.add("Reason", reason);
  }
  (void)stack_.transactions().send_request(cancel, target_.address);
}

void SipOutboundTech::send_bye(channel::HangupCause cause) {
  auto bye = dialog_->request("BYE", fresh_via());
  if (const auto reason = reason_header(cause); !reason.empty()) bye.add("Reason", reason);
  (void)stack_.transactions().send_request(bye, target_.address);
}

Result<Done> SipOutboundTech::send_dtmf(char key, std::chrono::milliseconds duration) {
  if (!dialog_) return Failure{ErrorCode::failed_precondition, "the leg is not answered"};
  auto info = dialog_->request("INFO", fresh_via());
  info.set_body("application/dtmf-relay", dtmf_relay_body(key, duration));
  auto sent = stack_.transactions().send_request(info, target_.address);
  if (!sent) return sent.failure();
  return Done{};
}

void SipOutboundTech::hangup(channel::HangupCause cause) {
  if (hung_up_) return;
  hung_up_ = true;
  cancel_cause_ = cause;
  if (dialog_) return send_bye(cause);
  if (final_received_ || !invite_) return;
  // RFC 3261 9.1: no CANCEL before a provisional response; it goes when one comes.
  if (provisional_received_) {
    send_cancel();
  } else {
    cancel_pending_ = true;
  }
}

void SipOutboundTech::settle() {
  if (!dialog_) return;
  ack_.reset();
  for (auto* text : {&from_, &call_id_, &branch_, &invite_key_, &target_.to})
    std::string().swap(*text);
  std::vector<std::string>().swap(target_.route);
}

Result<Done> SipOutboundTech::answer_reinvite(const sip::ServerTransactionId& transaction,
                                              const sip::SipMessage& reinvite,
                                              const sdp::SessionDescription& offer,
                                              const sdp::AudioStream& audio,
                                              const channel::LocalMedia& media) {
  auto ok = sip::make_response(reinvite, {target_.address.ip, target_.address.port}, 200, "OK",
                               dialog_->id().local_tag);
  ok.add("Contact", local_->contact);
  const sdp::LocalAudio local{
      media.address, media.port, {}, media.telephone_event, sdp::Direction::sendrecv, true};
  ok.set_body("application/sdp",
              sdp::format(sdp::make_answer(offer, audio, origin_.next(), local, media.codec)));
  if (!stack_.transactions().respond(transaction, ok))
    return unavailable("the re-INVITE transaction is gone");
  answer_ = std::make_shared<const std::string>(ok.serialize());
  return Done{};
}

bool SipOutboundTech::retransmit_answer() {
  if (!answer_ || sip::reliable(target_.address.transport)) return false;
  stack_.send(target_.address, answer_);
  return true;
}

bool SipOutboundTech::accept_in_dialog(const sip::SipMessage& request) {
  return dialog_ && dialog_->receive(request).ok();
}

void SipOutboundTech::respond(const sip::ServerTransactionId& transaction,
                              const sip::SipMessage& request, int status) {
  stack_.transactions().respond(
      transaction, sip::make_response(request, {target_.address.ip, target_.address.port}, status,
                                      sip::reason_phrase(status), local_tag_));
}

}  // namespace tandem::signaling
