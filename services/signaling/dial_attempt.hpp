#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "services/signaling/channel/hangup_cause.hpp"

namespace tandem::signaling {

/// How a Dial ended, as Asterisk's ${DIALSTATUS} names it.
enum class DialStatus { answer, busy, noanswer, cancel, congestion, chanunavail };

/// "ANSWER", "BUSY", "NOANSWER", "CANCEL", "CONGESTION", "CHANUNAVAIL".
std::string_view dial_status_name(DialStatus status);

/// The rules of one Dial across the legs it forked (RFC 3261 16.7 for a B2BUA): the first
/// leg to answer wins and every other is cancelled; when none answers, the outcome comes
/// from how they failed: any busy -> BUSY (486), a timeout -> NOANSWER (480), no leg at
/// all -> CHANUNAVAIL (480), a declined or unanswered leg -> NOANSWER, anything else ->
/// CONGESTION with the first failure's cause. Legs are named by any unique number (the
/// channel actor's id). Plain data; the dialing channel owns it.
class DialAttempt {
 public:
  void placed(uint64_t leg);
  /// A leg answered. True when it wins (the first); false when another won already.
  bool answered(uint64_t leg);
  /// A leg ended: before answering with `cause`, or, for the winner, the bridged call ended.
  void ended(uint64_t leg, channel::HangupCause cause);
  /// The Dial's timeout ran out: the legs still ringing are to be cancelled.
  void timed_out();
  /// The caller hung up first.
  void cancelled();

  bool live(uint64_t leg) const { return live_.contains(leg); }
  /// Legs that are neither ended nor the winner: the ones to cancel.
  std::vector<uint64_t> losers() const;
  std::optional<uint64_t> winner() const { return winner_; }
  /// Decided: a leg won, or none is left, or the timeout or the caller ended it.
  bool over() const;
  DialStatus status() const;
  /// The cause toward the caller of a Dial that was not answered.
  channel::HangupCause cause() const;

 private:
  std::set<uint64_t> live_;
  std::optional<uint64_t> winner_;
  std::vector<channel::HangupCause> failures_;
  bool timed_out_ = false;
  bool cancelled_ = false;
};

}  // namespace tandem::signaling
