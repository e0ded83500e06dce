#include "libs/sip/transaction/client_transaction.hpp"

#include <algorithm>

#include "libs/sip/cseq.hpp"
#include "libs/sip/header_values.hpp"
#include "libs/sip/outgoing_message.hpp"
#include "libs/sip/response_builder.hpp"

namespace tandem::sip {

using std::chrono::milliseconds;

std::string make_ack_for_failure(const SipMessage& invite, const SipMessage& response) {
  auto ack = OutgoingMessage::request("ACK", invite.request_uri());
  if (const auto* via = invite.find(HeaderId::via)) {
    auto values = split_values(via->value);
    ack.add("Via", values && !values.value().empty() ? unfold(values.value().front())
                                                     : unfold(via->value));
  }
  for (const auto& header : invite.headers()) {
    if (header.id == HeaderId::route) ack.add("Route", unfold(header.value));
  }
  ack.add("Max-Forwards", "70");
  ack.add("From", unfold(invite.value(HeaderId::from)));
  ack.add("To", unfold(response.value(HeaderId::to)));
  ack.add("Call-ID", invite.value(HeaderId::call_id));
  auto cseq = parse_cseq(invite.value(HeaderId::cseq));
  ack.add("CSeq", std::to_string(cseq ? cseq.value().number : 0) + " ACK");
  return ack.serialize();
}

ClientTransaction::ClientTransaction(SipMessage parsed, std::shared_ptr<const std::string> request,
                                     bool reliable, const TimerConfig& timers)
    : request_(std::move(parsed)),
      bytes_(std::move(request)),
      invite_(request_.method() == Method::invite),
      reliable_(reliable),
      timers_(timers),
      state_(invite_ ? State::calling : State::trying),
      retransmit_interval_(timers.t1) {}

Effects ClientTransaction::start() {
  Effects effects;
  effects.send(bytes_);
  if (!reliable_) effects.start(invite_ ? TimerKind::A : TimerKind::E, timers_.t1);
  effects.start(invite_ ? TimerKind::B : TimerKind::F, timers_.timeout());
  return effects;
}

Effects ClientTransaction::on_response(const SipMessage& response) {
  Effects effects = invite_ ? invite_response(response) : non_invite_response(response.status());
  return effects;
}

Effects ClientTransaction::invite_response(const SipMessage& response) {
  Effects effects;
  const int status = response.status();
  if (state_ == State::calling || state_ == State::proceeding) {
    effects.to_user = true;
    if (status < 200) {
      state_ = State::proceeding;
    } else if (status < 300) {
      // RFC 6026 8.4: Accepted, passing 2xx retransmissions up until Timer M.
      state_ = State::accepted;
      effects.start(TimerKind::M, timers_.timeout());
    } else {
      state_ = State::completed;
      ack_ = std::make_shared<const std::string>(make_ack_for_failure(request_, response));
      effects.send(ack_);
      effects.start(TimerKind::D, reliable_ ? milliseconds{0}
                                            : std::max(milliseconds{32'000}, timers_.timeout()));
    }
  } else if (state_ == State::accepted && status >= 200 && status < 300) {
    effects.to_user = true;
  } else if (state_ == State::completed && status >= 300) {
    effects.send(ack_);  // the final was retransmitted: our ACK was lost
  }
  return effects;
}

Effects ClientTransaction::non_invite_response(int status) {
  Effects effects;
  if (state_ != State::trying && state_ != State::proceeding) return effects;
  effects.to_user = true;
  if (status < 200) {
    state_ = State::proceeding;
    return effects;
  }
  state_ = State::completed;
  effects.start(TimerKind::K, reliable_ ? milliseconds{0} : timers_.t4);
  return effects;
}

Effects ClientTransaction::retransmit(TimerKind kind) {
  Effects effects;
  effects.send(bytes_);
  // INVITE retransmissions double without bound; others are capped at T2, and at T2 at
  // once after a provisional response (RFC 3261 17.1.2.2).
  retransmit_interval_ = kind == TimerKind::A ? retransmit_interval_ * 2
                         : state_ == State::proceeding
                             ? timers_.t2
                             : std::min(retransmit_interval_ * 2, timers_.t2);
  effects.start(kind, retransmit_interval_);
  return effects;
}

Effects ClientTransaction::on_timer(TimerKind kind) {
  Effects effects;
  const bool waiting =
      state_ == State::calling || state_ == State::trying || state_ == State::proceeding;
  if (kind == TimerKind::A && state_ == State::calling) return retransmit(kind);
  if (kind == TimerKind::E && (state_ == State::trying || state_ == State::proceeding)) {
    return retransmit(kind);
  }
  if ((kind == TimerKind::B && state_ == State::calling) ||
      (kind == TimerKind::F && waiting && !invite_)) {
    state_ = State::terminated;
    effects.terminated = effects.timed_out = true;
  } else if ((kind == TimerKind::D && state_ == State::completed && invite_) ||
             (kind == TimerKind::K && state_ == State::completed && !invite_) ||
             (kind == TimerKind::M && state_ == State::accepted)) {
    state_ = State::terminated;
    effects.terminated = true;
  }
  return effects;
}

}  // namespace tandem::sip
