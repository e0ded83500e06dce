#include "libs/sip/transaction/server_transaction.hpp"

#include <algorithm>

namespace tandem::sip {

using std::chrono::milliseconds;

ServerTransaction::ServerTransaction(bool invite, bool reliable, const TimerConfig& timers)
    : invite_(invite),
      reliable_(reliable),
      timers_(timers),
      state_(invite ? State::proceeding : State::trying),
      retransmit_interval_(timers.t1) {}

Effects ServerTransaction::on_retransmission() {
  Effects effects;
  // RFC 3261 17.2.1/17.2.2: absorb it, resending the last response we sent (none yet in
  // Trying). In Accepted (RFC 6026 7.1) the 2xx is the TU's to retransmit.
  const bool resend = state_ == State::proceeding || state_ == State::completed;
  if (resend && last_response_ != nullptr) effects.send(last_response_);
  return effects;
}

Effects ServerTransaction::on_response(int status, std::shared_ptr<const std::string> bytes) {
  const bool open = state_ == State::trying || state_ == State::proceeding;
  if (!open) return {};  // a response after the final one is dropped
  last_response_ = std::move(bytes);
  Effects effects = invite_ ? invite_response(status) : non_invite_response(status);
  effects.sends.insert(effects.sends.begin(), last_response_);
  return effects;
}

Effects ServerTransaction::invite_response(int status) {
  Effects effects;
  if (status < 200) return effects;
  if (status < 300) {
    // RFC 6026 7.1: Accepted, absorbing retransmitted INVITEs until Timer L.
    state_ = State::accepted;
    effects.start(TimerKind::L, timers_.timeout());
    return effects;
  }
  state_ = State::completed;
  if (!reliable_) effects.start(TimerKind::G, timers_.t1);
  effects.start(TimerKind::H, timers_.timeout());
  return effects;
}

Effects ServerTransaction::non_invite_response(int status) {
  Effects effects;
  if (status < 200) {
    state_ = State::proceeding;
    return effects;
  }
  state_ = State::completed;
  effects.start(TimerKind::J, reliable_ ? milliseconds{0} : timers_.timeout());
  return effects;
}

Effects ServerTransaction::on_ack() {
  Effects effects;
  if (state_ != State::completed || !invite_) return effects;
  state_ = State::confirmed;
  effects.start(TimerKind::I, reliable_ ? milliseconds{0} : timers_.t4);
  return effects;
}

Effects ServerTransaction::on_timer(TimerKind kind) {
  Effects effects;
  if (kind == TimerKind::G && state_ == State::completed) {
    effects.send(last_response_);
    retransmit_interval_ = std::min(retransmit_interval_ * 2, timers_.t2);
    effects.start(TimerKind::G, retransmit_interval_);
  } else if (kind == TimerKind::H && state_ == State::completed) {
    state_ = State::terminated;
    effects.terminated = effects.timed_out = true;  // no ACK came
  } else if ((kind == TimerKind::I && state_ == State::confirmed) ||
             (kind == TimerKind::J && state_ == State::completed) ||
             (kind == TimerKind::L && state_ == State::accepted)) {
    state_ = State::terminated;
    effects.terminated = true;
  }
  return effects;
}

}  // namespace tandem::sip
