#pragma once

#include <bitset>
#include <string>
#include <vector>

#include "libs/common/result.hpp"
#include "services/signaling/channel/channel_state.hpp"
#include "services/signaling/channel/hangup_cause.hpp"

namespace tandem::channel {

/// Facts about a channel that outlive a state (FreeSWITCH's CF_* flags Tandem uses).
enum class ChannelFlag : uint8_t {
  answered,     // CF_ANSWERED
  outbound,     // CF_OUTBOUND: Tandem placed this leg
  early_media,  // CF_EARLY_MEDIA: media before the answer (183)
  ring_ready,   // CF_RING_READY: ringing (180)
  hold,         // CF_HOLD
  originator,   // CF_ORIGINATOR: the leg that dialed the other
  bridged,      // CF_BRIDGED
  parked,       // CF_PARK
};
inline constexpr int kChannelFlagCount = 8;

/// "ANSWERED", "OUTBOUND", ...
std::string_view flag_name(ChannelFlag flag);

/// What a change tells the channel's subscribers; FreeSWITCH's CHANNEL_* events.
enum class ChannelEventKind : uint8_t {
  create,           // CHANNEL_CREATE, on entering CS_INIT
  state,            // CHANNEL_STATE: a new running state
  callstate,        // CHANNEL_CALLSTATE: a new call state
  ringing,          // CHANNEL_PROGRESS: ring-ready (180)
  progress,         // CHANNEL_PROGRESS_MEDIA: early media (183)
  answer,           // CHANNEL_ANSWER
  hold,             // CHANNEL_HOLD
  unhold,           // CHANNEL_UNHOLD
  bridge,           // CHANNEL_BRIDGE: detail is the other channel's name
  unbridge,         // CHANNEL_UNBRIDGE
  dtmf,             // DTMF: detail is the digit
  hangup,           // CHANNEL_HANGUP: detail is the cause name
  hangup_complete,  // CHANNEL_HANGUP_COMPLETE, on entering CS_REPORTING
  destroy,          // CHANNEL_DESTROY
};

/// "CHANNEL_CREATE", "CHANNEL_STATE", ..., "DTMF".
std::string_view event_name(ChannelEventKind kind);

struct ChannelEvent {
  ChannelEventKind kind;
  ChannelState state;   // after the change
  CallState callstate;  // after the change
  std::string detail;   // see ChannelEventKind
};

using ChannelEvents = std::vector<ChannelEvent>;

/// A channel's states, flags and hangup cause, and the rules between them, as plain C++:
/// the channel actor feeds it what happens and publishes the events it returns. An
/// operation the current state does not allow is refused (FAILED_PRECONDITION, naming
/// both) and changes nothing; one that is already true (answering an answered channel)
/// changes nothing and returns no events.
class ChannelStateMachine {
 public:
  enum class Direction { inbound, outbound };
  explicit ChannelStateMachine(Direction direction);

  ChannelState state() const { return state_; }
  CallState callstate() const { return callstate_; }
  bool has(ChannelFlag flag) const { return flags_.test(static_cast<size_t>(flag)); }
  HangupCause cause() const { return cause_; }
  /// Not yet hung up.
  bool live() const { return state_ < ChannelState::cs_hangup; }

  /// A running-state change other than hanging up (use hangup()): CS_INIT also reports
  /// CHANNEL_CREATE, CS_ROUTING rings an inbound channel, CS_REPORTING reports
  /// CHANNEL_HANGUP_COMPLETE and CS_DESTROY CHANNEL_DESTROY.
  Result<ChannelEvents> advance(ChannelState to);
  Result<ChannelEvents> ring_ready();
  Result<ChannelEvents> pre_answer();
  Result<ChannelEvents> answer();
  Result<ChannelEvents> hold();
  Result<ChannelEvents> unhold();
  Result<ChannelEvents> bridge(const std::string& other_channel);
  Result<ChannelEvents> unbridge();
  Result<ChannelEvents> park();
  Result<ChannelEvents> dtmf(char digit);
  Result<ChannelEvents> mark_originator();
  /// Hangs up with `cause` from any live state; the first cause stays.
  Result<ChannelEvents> hangup(HangupCause cause);

 private:
  Failure refuse(std::string_view what) const;
  ChannelEvent event(ChannelEventKind kind, std::string detail = {}) const;
  void set_state(ChannelState to, ChannelEvents& events);
  void set_callstate(CallState to, ChannelEvents& events);
  void set(ChannelFlag flag, bool on = true) { flags_.set(static_cast<size_t>(flag), on); }

  ChannelState state_ = ChannelState::cs_new;
  CallState callstate_ = CallState::down;
  std::bitset<kChannelFlagCount> flags_;
  HangupCause cause_ = HangupCause::none;
};

}  // namespace tandem::channel
