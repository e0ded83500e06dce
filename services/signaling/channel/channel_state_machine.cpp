#include "services/signaling/channel/channel_state_machine.hpp"

#include <array>

namespace tandem::channel {
namespace {

constexpr std::array<std::string_view, kChannelFlagCount> kFlagNames = {
    "ANSWERED", "OUTBOUND", "EARLY_MEDIA", "RING_READY", "HOLD", "ORIGINATOR", "BRIDGED", "PARK"};

constexpr std::array<std::string_view, 14> kEventNames = {"CHANNEL_CREATE",
                                                          "CHANNEL_STATE",
                                                          "CHANNEL_CALLSTATE",
                                                          "CHANNEL_PROGRESS",
                                                          "CHANNEL_PROGRESS_MEDIA",
                                                          "CHANNEL_ANSWER",
                                                          "CHANNEL_HOLD",
                                                          "CHANNEL_UNHOLD",
                                                          "CHANNEL_BRIDGE",
                                                          "CHANNEL_UNBRIDGE",
                                                          "DTMF",
                                                          "CHANNEL_HANGUP",
                                                          "CHANNEL_HANGUP_COMPLETE",
                                                          "CHANNEL_DESTROY"};

}  // namespace

std::string_view flag_name(ChannelFlag flag) { return kFlagNames[static_cast<int>(flag)]; }

std::string_view event_name(ChannelEventKind kind) { return kEventNames[static_cast<int>(kind)]; }

ChannelStateMachine::ChannelStateMachine(Direction direction) {
  if (direction == Direction::outbound) set(ChannelFlag::outbound);
}

Failure ChannelStateMachine::refuse(std::string_view what) const {
  return {ErrorCode::failed_precondition, std::string(what) + " is not allowed in " +
                                              std::string(state_name(state_)) + "/" +
                                              std::string(callstate_name(callstate_))};
}

ChannelEvent ChannelStateMachine::event(ChannelEventKind kind, std::string detail) const {
  return {kind, state_, callstate_, std::move(detail)};
}

void ChannelStateMachine::set_state(ChannelState to, ChannelEvents& events) {
  state_ = to;
  events.push_back(event(ChannelEventKind::state, std::string(state_name(to))));
}

void ChannelStateMachine::set_callstate(CallState to, ChannelEvents& events) {
  if (callstate_ == to) return;
  callstate_ = to;
  events.push_back(event(ChannelEventKind::callstate, std::string(callstate_name(to))));
}

Result<ChannelEvents> ChannelStateMachine::advance(ChannelState to) {
  if (to == ChannelState::cs_hangup) return refuse("going to CS_HANGUP without a cause");
  if (!is_legal_transition(state_, to)) {
    return refuse("going to " + std::string(state_name(to)));
  }
  ChannelEvents events;
  set_state(to, events);
  switch (to) {
    case ChannelState::cs_init: events.push_back(event(ChannelEventKind::create)); break;
    case ChannelState::cs_routing:
      // An inbound call is ringing from the moment Tandem routes it.
      if (!has(ChannelFlag::outbound) && callstate_ == CallState::down)
        set_callstate(CallState::ringing, events);
      break;
    case ChannelState::cs_park: set(ChannelFlag::parked); break;
    case ChannelState::cs_reporting:
      events.push_back(event(ChannelEventKind::hangup_complete,
                             std::string(cause_name(cause_).value_or("NONE"))));
      break;
    case ChannelState::cs_destroy:
      set_callstate(CallState::down, events);
      events.push_back(event(ChannelEventKind::destroy));
      break;
    default: break;
  }
  if (to != ChannelState::cs_park) set(ChannelFlag::parked, false);
  return events;
}

Result<ChannelEvents> ChannelStateMachine::ring_ready() {
  if (!live() || has(ChannelFlag::answered)) return refuse("ringing");
  ChannelEvents events;
  if (has(ChannelFlag::ring_ready)) return events;
  set(ChannelFlag::ring_ready);
  if (callstate_ == CallState::down || callstate_ == CallState::dialing)
    set_callstate(CallState::ringing, events);
  events.push_back(event(ChannelEventKind::ringing));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::pre_answer() {
  if (!live() || has(ChannelFlag::answered)) return refuse("early media");
  ChannelEvents events;
  if (has(ChannelFlag::early_media)) return events;
  set(ChannelFlag::early_media);
  set_callstate(CallState::early, events);
  events.push_back(event(ChannelEventKind::progress));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::answer() {
  if (!live()) return refuse("answering");
  ChannelEvents events;
  if (has(ChannelFlag::answered)) return events;
  set(ChannelFlag::answered);
  set_callstate(CallState::active, events);
  events.push_back(event(ChannelEventKind::answer));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::hold() {
  if (!live() || !has(ChannelFlag::answered)) return refuse("holding");
  ChannelEvents events;
  if (has(ChannelFlag::hold)) return events;
  set(ChannelFlag::hold);
  set_callstate(CallState::held, events);
  events.push_back(event(ChannelEventKind::hold));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::unhold() {
  if (!live() || !has(ChannelFlag::answered)) return refuse("taking off hold");
  ChannelEvents events;
  if (!has(ChannelFlag::hold)) return events;
  set(ChannelFlag::hold, false);
  set_callstate(CallState::unheld, events);
  events.push_back(event(ChannelEventKind::unhold));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::bridge(const std::string& other_channel) {
  if (!live() || has(ChannelFlag::bridged)) return refuse("bridging");
  set(ChannelFlag::bridged);
  ChannelEvents events;
  events.push_back(event(ChannelEventKind::bridge, other_channel));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::unbridge() {
  if (!has(ChannelFlag::bridged)) return refuse("unbridging an unbridged channel");
  set(ChannelFlag::bridged, false);
  ChannelEvents events;
  events.push_back(event(ChannelEventKind::unbridge));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::park() { return advance(ChannelState::cs_park); }

Result<ChannelEvents> ChannelStateMachine::dtmf(char digit) {
  if (!live()) return refuse("DTMF");
  ChannelEvents events;
  events.push_back(event(ChannelEventKind::dtmf, std::string(1, digit)));
  return events;
}

Result<ChannelEvents> ChannelStateMachine::mark_originator() {
  if (!live()) return refuse("originating");
  set(ChannelFlag::originator);
  ChannelEvents events;
  // An answered leg that dials waits for the other one (RING_WAIT).
  if (has(ChannelFlag::answered)) set_callstate(CallState::ring_wait, events);
  return events;
}

Result<ChannelEvents> ChannelStateMachine::hangup(HangupCause cause) {
  if (!live()) return refuse("hanging up");
  cause_ = cause;
  state_ = ChannelState::cs_hangup;
  callstate_ = CallState::hangup;
  // Every event of the hangup carries the state after it.
  ChannelEvents events;
  events.push_back(
      event(ChannelEventKind::hangup, std::string(cause_name(cause).value_or("NONE"))));
  events.push_back(event(ChannelEventKind::state, std::string(state_name(state_))));
  events.push_back(event(ChannelEventKind::callstate, std::string(callstate_name(callstate_))));
  return events;
}

}  // namespace tandem::channel
