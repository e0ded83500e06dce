#include "services/signaling/dial_attempt.hpp"

#include <algorithm>

namespace tandem::signaling {

using channel::HangupCause;

std::string_view dial_status_name(DialStatus status) {
  switch (status) {
    case DialStatus::answer: return "ANSWER";
    case DialStatus::busy: return "BUSY";
    case DialStatus::noanswer: return "NOANSWER";
    case DialStatus::cancel: return "CANCEL";
    case DialStatus::congestion: return "CONGESTION";
    case DialStatus::chanunavail: return "CHANUNAVAIL";
  }
  return "CONGESTION";
}

void DialAttempt::placed(uint64_t leg) { live_.insert(leg); }

bool DialAttempt::answered(uint64_t leg) {
  if (winner_ || timed_out_ || cancelled_ || !live_.contains(leg)) return false;
  winner_ = leg;
  return true;
}

void DialAttempt::ended(uint64_t leg, HangupCause cause) {
  if (live_.erase(leg) == 0 || leg == winner_) return;
  failures_.push_back(cause);
}

void DialAttempt::timed_out() {
  if (!winner_) timed_out_ = true;
}

void DialAttempt::cancelled() {
  if (!winner_) cancelled_ = true;
}

std::vector<uint64_t> DialAttempt::losers() const {
  std::vector<uint64_t> legs;
  for (const auto leg : live_) {
    if (leg != winner_) legs.push_back(leg);
  }
  return legs;
}

bool DialAttempt::over() const {
  return winner_.has_value() || timed_out_ || cancelled_ || live_.empty();
}

DialStatus DialAttempt::status() const {
  if (winner_) return DialStatus::answer;
  if (cancelled_) return DialStatus::cancel;
  const auto failed_with = [&](std::initializer_list<HangupCause> causes) {
    return std::any_of(failures_.begin(), failures_.end(), [&](HangupCause cause) {
      return std::find(causes.begin(), causes.end(), cause) != causes.end();
    });
  };
  if (failed_with({HangupCause::user_busy})) return DialStatus::busy;
  if (timed_out_) return DialStatus::noanswer;
  if (failures_.empty()) return DialStatus::chanunavail;
  if (failed_with({HangupCause::no_answer, HangupCause::no_user_response,
                   HangupCause::call_rejected, HangupCause::subscriber_absent}))
    return DialStatus::noanswer;
  return DialStatus::congestion;
}

HangupCause DialAttempt::cause() const {
  switch (status()) {
    case DialStatus::answer: return HangupCause::normal_clearing;
    case DialStatus::cancel: return HangupCause::normal_clearing;
    case DialStatus::busy: return HangupCause::user_busy;
    case DialStatus::chanunavail: return HangupCause::subscriber_absent;
    case DialStatus::noanswer: {
      if (timed_out_) return HangupCause::no_answer;
      // A callee that declined (603) is passed on as such; silence as no answer.
      for (const auto cause : failures_) {
        if (cause == HangupCause::call_rejected) return cause;
      }
      return HangupCause::no_answer;
    }
    case DialStatus::congestion: break;
  }
  return failures_.empty() ? HangupCause::normal_temporary_failure : failures_.front();
}

}  // namespace tandem::signaling
