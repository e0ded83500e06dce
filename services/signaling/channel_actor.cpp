#include "services/signaling/channel_actor.hpp"

#include <algorithm>
#include <charconv>

#include "libs/common/host_port.hpp"
#include "libs/common/logging.hpp"
#include "libs/sip/chars.hpp"
#include "libs/sip/name_addr.hpp"
#include "libs/sip/response_builder.hpp"
#include "libs/sip/uri.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/channel_actor_support.hpp"
#include "services/signaling/dial_attempt.hpp"
#include "services/signaling/dialplan/variables.hpp"
#include "services/signaling/endpoint_leg_actor.hpp"
#include "services/signaling/local_pair_actor.hpp"
#include "services/signaling/local_tech.hpp"
#include "services/signaling/outbound_channel_actor.hpp"

namespace tandem::signaling {
namespace {

using channel_actor_messages::Continue;

/// A dialplan that loops through Goto without ever waiting is a mistake; it is cut off.
constexpr int kMaxStepsWithoutWait = 256;
/// RFC 3261 13.3.1.4: the 2xx goes out again at T1, 2*T1, ... up to T2, for 64*T1.
constexpr auto kT1 = std::chrono::milliseconds(500);
constexpr auto kT2 = std::chrono::seconds(4);
/// How long a call waits for the directory to list a media node: 10 x 200 ms.
constexpr int kMediaAttempts = 10;
constexpr auto kMediaRetry = std::chrono::milliseconds(200);

/// What a Dial keeps while it runs and, once a leg won, for the call: the outcome rules,
/// the legs by actor id, and which leg's early media the caller hears. Apart from the
/// channel's state, so that a channel that dials nothing does not carry it.
struct DialState {
  uint32_t started = 0;  // the channel's dial_generation when this Dial began
  DialAttempt attempt;
  std::map<uint64_t, caf::actor> legs;
  uint64_t early_leg = 0;                    // the leg whose early media the caller hears
  bool early_bridging = false;               // its bridge is being made
  std::function<void()> after_early_bridge;  // an answer waiting for that bridge
};

/// A held call keeps one of these per inbound leg, next to CAF's actor (1 kB): it is kept
/// small enough that the two fit jemalloc's 1,536-byte size class (docs/benchmarks.md).
/// The dialplan's position is the caller profile's context and this extension.
struct ChannelState {
  const CallServices* services = nullptr;  // owned by the node, outlives the channel
  std::unique_ptr<channel::Channel> channel;
  std::unique_ptr<channel::ChannelTech> tech;
  SipInboundTech* sip = nullptr;  // the tech, when the channel is an inbound SIP leg
  std::string_view tech_name = "SIP";
  bool owns_endpoint = true;       // false: a Local half borrowing the dialing channel's endpoint
  bool dialog_registered = false;  // in Calls, under the SIP tech's dialog id
  bool provisional_sent = false;
  bool allocating = false;      // CreateEndpoint is in flight: its answer ends a dead call
  bool finish_pending = false;  // the call ended meanwhile
  int media_attempts = 0;
  std::optional<MediaNode> node;
  std::string endpoint_id;
  std::string service_endpoint_id;  // an AudioSocket() connection
  std::optional<channel::LocalMedia> media;
  std::string extension;
  size_t priority = 0;
  uint32_t wait_generation = 0;
  uint32_t dial_generation = 0;
  int steps_without_wait = 0;
  std::chrono::steady_clock::time_point invited_at;
  std::chrono::steady_clock::time_point answered_at;
  std::optional<channel::ChannelState> counted_state;  // where tandem_channels counts it
  std::vector<std::string> domains;                    // where Dial looks users up
  std::unique_ptr<DialState> dial;  // while a Dial runs; let go once its winner is bridged
  caf::actor bridged_leg;           // the Dial's winner
  std::string bridge_id;
  std::optional<channel::HangupCause> dial_cause;  // of an unanswered Dial
};

using ChannelActor = caf::stateful_actor<ChannelState>;
// CAF allocates the actor behind a 64-byte control block (caf::actor_storage).
static_assert(sizeof(ChannelActor) + 64 <= 1536,
              "a held call's leg no longer fits jemalloc's 1,536-byte size class");

void hangup(ChannelActor* self, channel::HangupCause cause, bool tell_far_end = true);
void run(ChannelActor* self);
void retransmit(ChannelActor* self, int64_t interval, int64_t spent);
void dial_timed_out(ChannelActor* self, uint32_t generation);
caf::behavior channel_behavior(ChannelActor* self);

void observe(ChannelActor* self, SetupStage stage) {
  auto& state = self->state;
  state.services->metrics.setup(stage, state.services->clock.monotonic_now() - state.invited_at);
}

void publish(ChannelActor* self, const Result<channel::ChannelEvents>& events) {
  auto& state = self->state;
  publish_channel_events(*state.services->log, state.tech_name, *state.channel,
                         state.services->events, state.counted_state, events);
}

std::optional<std::string> variable(const channel::Channel& channel, std::string_view name,
                                    const ChannelState& state) {
  if (name == "EXTEN") return state.extension;
  if (name == "CONTEXT") return channel.caller.context;
  if (name == "CALLERID(num)") return channel.caller.caller_id_number;
  if (name == "CALLERID(name)") return channel.caller.caller_id_name;
  if (name == "UNIQUEID") return channel.unique_id;
  if (name == "CHANNEL") return channel.name;
  if (auto value = channel.variable(name)) return std::string(*value);
  return std::nullopt;
}

/// Releases every endpoint the channel holds on its media node.
void destroy_media(ChannelActor* self) {
  auto& state = self->state;
  if (!state.node) return;
  destroy_endpoint(*state.node, state.service_endpoint_id, state.services->log);
  if (state.owns_endpoint) destroy_endpoint(*state.node, state.endpoint_id, state.services->log);
}

/// The end of the channel: media released, the legs it dialed ended, the call record
/// written, the actor gone.
void finish(ChannelActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  const auto cause = static_cast<uint8_t>(channel.machine.cause());
  if (state.dial) {
    for (const auto& [id, leg] : state.dial->legs) self->send(leg, hangup_atom::value, cause);
    state.dial->legs.clear();
  } else if (state.bridged_leg) {
    self->send(state.bridged_leg, hangup_atom::value, cause);
  }
  state.bridged_leg = nullptr;
  if (state.allocating) {
    state.finish_pending = true;  // once the endpoint exists, it is released
    return;
  }
  destroy_media(self);
  std::optional<sip::DialogId> dialog;
  if (state.dialog_registered)
    dialog = state.sip->dialog() ? state.sip->dialog()->id() : state.sip->dialog_id();
  state.services->calls.remove(state.sip ? state.sip->invite_key() : std::string(), dialog,
                               channel.unique_id);
  publish(self, channel.machine.advance(channel::ChannelState::cs_reporting));
  const auto talked = channel.machine.has(channel::ChannelFlag::answered)
                          ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                state.services->clock.monotonic_now() - state.answered_at)
                          : std::chrono::milliseconds(0);
  state.services->log->info(
      "call record: {} {} from {} to {}@{} answered={} duration_ms={} cause={}", channel.unique_id,
      channel.name, channel.caller.caller_id_number, channel.caller.destination_number,
      channel.caller.context, channel.machine.has(channel::ChannelFlag::answered), talked.count(),
      channel::cause_name(channel.machine.cause()).value_or("NONE"));
  // A call is counted once, by the leg that came in; Local halves are part of it.
  if (state.sip != nullptr) {
    state.services->metrics.ended(call_result(channel.machine.has(channel::ChannelFlag::answered),
                                              state.sip->was_cancelled(), channel.machine.cause()),
                                  channel.machine.has(channel::ChannelFlag::answered)
                                      ? std::optional<std::chrono::steady_clock::duration>(talked)
                                      : std::nullopt);
  }
  publish(self, channel.machine.advance(channel::ChannelState::cs_destroy));
  self->quit();
}

void hangup(ChannelActor* self, channel::HangupCause cause, bool tell_far_end) {
  auto& state = self->state;
  if (!state.channel->machine.live()) return;
  publish(self, state.channel->machine.hangup(cause));
  if (tell_far_end && state.tech) state.tech->hangup(cause);
  finish(self);
}

bool answer(ChannelActor* self) {
  auto& state = self->state;
  if (state.channel->machine.has(channel::ChannelFlag::answered)) return true;
  if (state.sip != nullptr) {
    state.services->calls.add_dialog(state.sip->dialog_id(), caf::actor_cast<caf::actor>(self));
    state.dialog_registered = true;
  }
  if (auto answered = state.tech->answer(*state.media); !answered) {
    state.services->log->warn("{}: cannot answer: {}", state.channel->name,
                              answered.failure().message);
    hangup(self, channel::HangupCause::normal_temporary_failure, false);
    return false;
  }
  publish(self, state.channel->machine.answer());
  state.answered_at = state.services->clock.monotonic_now();
  observe(self, SetupStage::answer);
  // Over UDP the 2xx is ours to send again until the ACK (the handler stops otherwise).
  if (state.sip != nullptr) later(self, kT1, [self] { retransmit(self, kT1.count(), 0); });
  return true;
}

void echo(ChannelActor* self) {
  auto& state = self->state;
  v1::EchoRequest request;
  request.set_endpoint_id(state.endpoint_id);
  auto resume = resumer(self);
  call_media<v1::EchoRequest, v1::BridgeResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->Echo(context, q, r, std::move(done));
      },
      request,
      [self, resume](grpc::Status status, v1::BridgeResponse) {
        resume([self, status] {
          if (status.ok()) return;
          self->state.services->log->warn("{}: echo failed: {}", self->state.channel->name,
                                          status.error_message());
          hangup(self, channel::HangupCause::normal_temporary_failure);
        });
      });
}

/// A random RFC 4122 version 4 UUID, for an AudioSocket() that names none.

/// AudioSocket(host:port[,uuid]): the media node connects to the service and bridges the
/// caller's media to it; the call goes on until the caller hangs up.
void audiosocket(ChannelActor* self, std::string_view arguments) {
  auto& state = self->state;
  const size_t comma = arguments.find(',');
  const std::string target(arguments.substr(0, comma));
  const std::string uuid =
      comma == std::string_view::npos ? random_uuid() : std::string(arguments.substr(comma + 1));
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_AUDIOSOCKET);
  request.set_call_id(state.channel->unique_id);
  request.set_audiosocket_target(target);
  request.set_audiosocket_uuid(uuid);
  state.channel->variables["AUDIOSOCKET_UUID"] = uuid;
  state.channel->variables["AUDIOSOCKET_SERVICE"] = target;
  auto resume = resumer(self);
  auto stub = state.node->stub;
  call_media<v1::CreateEndpointRequest, v1::CreateEndpointResponse>(
      [stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->CreateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, stub](grpc::Status status, v1::CreateEndpointResponse created) {
        resume([self, stub, status, created = std::move(created)] {
          auto& state = self->state;
          if (!status.ok()) {
            state.services->log->warn("{}: AudioSocket service refused: {}", state.channel->name,
                                      status.error_message());
            return hangup(self, channel::HangupCause::normal_temporary_failure);
          }
          state.service_endpoint_id = created.endpoint_id();
          if (!state.channel->machine.live()) return destroy_media(self);
          v1::BridgeRequest bridge;
          bridge.set_endpoint_a(state.endpoint_id);
          bridge.set_endpoint_b(created.endpoint_id());
          auto resume = resumer(self);
          call_media<v1::BridgeRequest, v1::BridgeResponse>(
              [stub](auto* context, auto* q, auto* r, auto done) {
                stub->async()->Bridge(context, q, r, std::move(done));
              },
              bridge,
              [self, resume](grpc::Status status, v1::BridgeResponse) {
                resume([self, status] {
                  if (status.ok()) return;
                  self->state.services->log->warn("{}: bridging to AudioSocket failed: {}",
                                                  self->state.channel->name,
                                                  status.error_message());
                  hangup(self, channel::HangupCause::normal_temporary_failure);
                });
              });
        });
      },
      std::chrono::seconds(10));
}

std::optional<std::chrono::milliseconds> seconds(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(value * 1000));
}

/// Goto([[context,]extension,]priority).
bool go_to(ChannelActor* self, std::string_view arguments) {
  auto& state = self->state;
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= arguments.size()) {
    const size_t comma = std::min(arguments.find(',', start), arguments.size());
    parts.emplace_back(arguments.substr(start, comma - start));
    start = comma + 1;
  }
  int priority = 0;
  const auto& last = parts.back();
  if (std::from_chars(last.data(), last.data() + last.size(), priority).ec != std::errc() ||
      priority < 1 || parts.size() > 3)
    return false;
  if (parts.size() == 3) state.channel->caller.context = parts[0];
  if (parts.size() >= 2) state.extension = parts[parts.size() - 2];
  state.priority = static_cast<size_t>(priority - 1);
  return true;
}

/// Joins the caller's endpoint with a leg's on the media node; `then` gets the bridge id,
/// or an empty one when the media node refused.
void bridge_with(ChannelActor* self, const std::string& leg_endpoint,
                 std::function<void(std::string)> then) {
  auto& state = self->state;
  v1::BridgeRequest request;
  request.set_endpoint_a(state.endpoint_id);
  request.set_endpoint_b(leg_endpoint);
  auto resume = resumer(self);
  call_media<v1::BridgeRequest, v1::BridgeResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->Bridge(context, q, r, std::move(done));
      },
      request,
      [self, resume, then = std::move(then)](grpc::Status status, v1::BridgeResponse bridged) {
        resume([self, status, then, id = bridged.bridge_id()] {
          if (!status.ok())
            self->state.services->log->warn("{}: bridging failed: {}", self->state.channel->name,
                                            status.error_message());
          then(status.ok() ? id : std::string());
        });
      });
}

void unbridge(ChannelActor* self, std::function<void()> then) {
  auto& state = self->state;
  v1::UnbridgeRequest request;
  request.set_bridge_id(std::exchange(state.bridge_id, {}));
  auto resume = resumer(self);
  call_media<v1::UnbridgeRequest, v1::UnbridgeResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->Unbridge(context, q, r, std::move(done));
      },
      request,
      [resume, then = std::move(then)](grpc::Status, v1::UnbridgeResponse) { resume(then); });
}

/// Ends the legs still ringing with `cause` (a CANCEL each).
void cancel_losers(ChannelActor* self, channel::HangupCause cause) {
  auto& state = self->state;
  for (const auto id : state.dial->attempt.losers()) {
    if (const auto leg = state.dial->legs.find(id); leg != state.dial->legs.end()) {
      self->send(leg->second, hangup_atom::value, static_cast<uint8_t>(cause));
      state.dial->legs.erase(leg);
    }
    state.dial->attempt.ended(id, cause);
  }
}

/// No leg answered: ${DIALSTATUS} and ${HANGUPCAUSE} are set, and the dialplan goes on; if it
/// ends there, the caller hears the Dial's cause.
void dial_failed(ChannelActor* self) {
  auto& state = self->state;
  auto& dial = state.dial->attempt;
  cancel_losers(self, channel::HangupCause::normal_clearing);
  const auto cause = dial.cause();
  state.channel->variables["DIALSTATUS"] = std::string(dial_status_name(dial.status()));
  state.channel->variables["HANGUPCAUSE"] = std::to_string(static_cast<int>(cause));
  state.services->log->info("{}: Dial ended {} ({})", state.channel->name,
                            dial_status_name(dial.status()),
                            channel::cause_name(cause).value_or("?"));
  state.dial_cause = cause;
  state.dial.reset();
  ++state.dial_generation;
  if (!state.bridge_id.empty()) return unbridge(self, [self] { run(self); });
  run(self);
}

uint64_t sender_id(ChannelActor* self) {
  const auto& sender = self->current_sender();
  return sender ? sender->id() : 0;
}

void on_leg_ringing(ChannelActor* self) {
  auto& state = self->state;
  if (!state.dial || !state.dial->attempt.live(sender_id(self)) || state.dial->attempt.winner())
    return;
  auto& machine = state.channel->machine;
  if (machine.has(channel::ChannelFlag::ring_ready) ||
      machine.has(channel::ChannelFlag::early_media) || machine.has(channel::ChannelFlag::answered))
    return;
  if (state.tech->ring()) {
    if (!std::exchange(state.provisional_sent, true)) observe(self, SetupStage::first_provisional);
    publish(self, machine.ring_ready());
  }
}

/// A leg has early media: the first one is bridged to the caller, who gets a 183.
void on_leg_progress(ChannelActor* self, const std::string& endpoint) {
  auto& state = self->state;
  const uint64_t id = sender_id(self);
  if (!state.dial || !state.dial->attempt.live(id) || state.dial->attempt.winner() ||
      state.dial->early_leg != 0 || state.channel->machine.has(channel::ChannelFlag::answered))
    return;
  state.dial->early_leg = id;
  const auto tell_caller = [self, id] {
    auto& state = self->state;
    if (!state.dial || state.dial->early_leg != id || state.dial->attempt.winner()) return;
    if (state.tech->progress(*state.media)) {
      if (!std::exchange(state.provisional_sent, true))
        observe(self, SetupStage::first_provisional);
      publish(self, state.channel->machine.pre_answer());
    }
  };
  // A Local pair's early media is on the caller's own endpoint already.
  if (endpoint.empty()) return tell_caller();
  state.dial->early_bridging = true;
  bridge_with(self, endpoint, [self, tell_caller, dial = state.dial->started](std::string bridge) {
    auto& state = self->state;
    // A Dial that is over took the leg's endpoint, and with it this bridge, along.
    if (!state.dial || state.dial->started != dial) return;
    if (!bridge.empty()) state.bridge_id = bridge;
    state.dial->early_bridging = false;
    if (!bridge.empty() && state.channel->machine.live()) tell_caller();
    // An answer that came while this bridge was being made goes on now.
    if (auto next = std::exchange(state.dial->after_early_bridge, {})) next();
  });
}

/// A leg answered: the first wins, is bridged with the caller, and the caller is answered;
/// the others are cancelled ("call completed elsewhere").
void on_leg_answered(ChannelActor* self, const std::string& endpoint, const std::string& name) {
  auto& state = self->state;
  const uint64_t id = sender_id(self);
  if (!state.dial || !state.dial->attempt.answered(id)) {
    // Too late: another leg won, or the Dial is over.
    if (const auto leg = self->current_sender())
      self->send(caf::actor_cast<caf::actor>(leg), hangup_atom::value,
                 static_cast<uint8_t>(channel::HangupCause::answered_elsewhere));
    return;
  }
  ++state.dial_generation;  // the timeout is off
  cancel_losers(self, channel::HangupCause::answered_elsewhere);
  if (const auto leg = state.dial->legs.find(id); leg != state.dial->legs.end())
    state.bridged_leg = leg->second;
  // A Local pair (no endpoint of its own) carries the media on the caller's endpoint.
  const bool local = endpoint.empty();
  const auto bridged = [self, name, local](std::string bridge) {
    auto& state = self->state;
    if (!state.channel->machine.live()) return;
    if (bridge.empty() && !local)
      return hangup(self, channel::HangupCause::normal_temporary_failure);
    state.bridge_id = bridge;
    if (!answer(self)) return;
    state.dial.reset();  // the call goes on with its winner alone
    publish(self, state.channel->machine.advance(channel::ChannelState::cs_exchange_media));
    publish(self, state.channel->machine.bridge(name));
    state.services->log->info("{}: bridged with {}", state.channel->name, name);
  };
  const auto connect = [self, id, endpoint, local, bridged] {
    auto& state = self->state;
    if (!state.channel->machine.live()) return;
    if (state.dial && state.dial->early_leg == id && (local || !state.bridge_id.empty()))
      return bridged(state.bridge_id);
    const auto join = [self, endpoint, local, bridged] {
      if (local) return bridged({});
      bridge_with(self, endpoint, bridged);
    };
    if (!state.bridge_id.empty()) return unbridge(self, join);
    join();
  };
  // An early-media bridge still being made (for this leg or another) comes first: the
  // media node takes one bridge per endpoint.
  if (state.dial->early_bridging) {
    state.dial->after_early_bridge = connect;
    return;
  }
  connect();
}

/// A leg ended: the bridged one hangs the caller up; a ringing one counts toward the
/// Dial's outcome.
void on_leg_ended(ChannelActor* self, uint8_t cause_value) {
  auto& state = self->state;
  const uint64_t id = sender_id(self);
  const auto cause = static_cast<channel::HangupCause>(cause_value);
  const auto hangup_cause =
      channel::cause_name(cause) ? cause : channel::HangupCause::normal_clearing;
  if (state.dial) state.dial->legs.erase(id);
  if (state.bridged_leg && state.bridged_leg.id() == id) {
    state.bridged_leg = nullptr;
    if (state.dial) state.dial->attempt.ended(id, cause);
    return hangup(self, hangup_cause);
  }
  if (!state.dial || !state.dial->attempt.live(id)) return;
  state.dial->attempt.ended(id, cause);
  if (state.dial->early_leg == id) {
    state.dial->early_leg = 0;
    state.bridge_id.clear();  // the bridge went with the leg's endpoint
  }
  if (state.dial->attempt.over() && !state.dial->attempt.winner()) dial_failed(self);
}

sip::TransportKind transport_of(v1::Transport transport) {
  switch (transport) {
    case v1::TRANSPORT_TCP: return sip::TransportKind::tcp;
    case v1::TRANSPORT_TLS: return sip::TransportKind::tls;
    case v1::TRANSPORT_WS: return sip::TransportKind::ws;
    case v1::TRANSPORT_WSS: return sip::TransportKind::wss;
    default: return sip::TransportKind::udp;
  }
}

/// The registry lookups of one Dial: per user the AORs to try in turn (the Request-URI's
/// host, then host:port), and the contacts found.
struct DialLookups {
  struct User {
    std::string resource;
    std::vector<std::string> aors;
    size_t next = 0;
  };
  std::vector<User> users;
  size_t pending = 0;  // users not looked up yet
  std::vector<std::pair<std::string, v1::Binding>> contacts;
  std::vector<std::pair<std::string, std::string>> others;  // Local, UnicastRTP, AudioSocket
};

void place_local(ChannelActor* self, const std::string& resource);
void place_endpoint_leg(ChannelActor* self, const std::string& tech, const std::string& resource);

/// Where a contact is called: over UDP its URI's address (RFC 3261 8.1.2) when that is an
/// IP literal, otherwise the address its REGISTER came from; over a connection-oriented
/// transport the connection it registered over (RFC 5626 connection reuse).
Result<HostPort> contact_address(const v1::Binding& binding, sip::TransportKind kind) {
  if (kind == sip::TransportKind::udp) {
    auto uri = sip::parse_uri(binding.contact_uri());
    if (uri && uri.value().is_sip() && Cidr::parse(uri.value().host))
      return HostPort{std::string(uri.value().host), uri.value().port.value_or(5060)};
  }
  return parse_host_port(binding.source_address());
}

/// A caller's number as the user part of a SIP URI: what RFC 3261 25.1 does not allow
/// there (CR, LF, '@', '>', ...) percent-escaped, so no caller can add to our headers.
std::string escaped_user(std::string_view user) {
  static constexpr std::string_view kAllowed = "-_.!~*'()&=+$,;?/";
  std::string out;
  for (const char c : user) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || kAllowed.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += "0123456789ABCDEF"[byte >> 4];
      out += "0123456789ABCDEF"[byte & 15];
    }
  }
  return out;
}

/// A caller's name as a quoted-string (RFC 3261 25.1): '"' and '\\' escaped, control
/// characters dropped.
std::string quoted_display_name(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// Places one leg per usable contact and per Local, UnicastRTP or AudioSocket target; none
/// ends the Dial
/// at once (CHANUNAVAIL).
void fork_legs(ChannelActor* self, const DialLookups& lookups) {
  auto& state = self->state;
  auto& services = *state.services;
  const auto& caller = state.channel->caller;
  for (const auto& [tech, resource] : lookups.others) {
    if (tech == "Local") {
      place_local(self, resource);
    } else {
      place_endpoint_leg(self, tech, resource);
    }
  }
  for (const auto& [resource, binding] : lookups.contacts) {
    const auto kind = transport_of(binding.transport());
    auto source = contact_address(binding, kind);
    if (!source) {
      state.services->log->warn("{}: contact {} has no usable address (registered from '{}')",
                                state.channel->name, binding.contact_uri(),
                                binding.source_address());
      continue;
    }
    const auto& ip = source.value().host;
    if (std::none_of(services.outbound_allow.begin(), services.outbound_allow.end(),
                     [&](const Cidr& cidr) { return cidr.contains(ip); })) {
      state.services->log->warn("{}: not calling {} at {}: outside signaling.calls.outbound_allow",
                                state.channel->name, binding.contact_uri(), ip);
      continue;
    }
    auto address = services.stack.route_to(kind, ip, source.value().port);
    if (!address) {
      state.services->log->warn("{}: not calling {}: no {} connection from {} on this node",
                                state.channel->name, binding.contact_uri(), sip::via_name(kind),
                                binding.source_address());
      continue;
    }
    const auto& local = services.local_addresses[static_cast<size_t>(kind)];
    OutboundCall call;
    call.parent = caf::actor_cast<caf::actor>(self);
    call.linked_id = state.channel->linked_id;
    call.caller = caller;
    call.caller.destination_number = resource;
    call.resource = resource;
    call.target.request_uri = binding.contact_uri();
    call.target.to = "<" + binding.aor() + ">";
    call.target.route.assign(binding.path().begin(), binding.path().end());
    call.target.address = *address;
    call.from =
        (caller.caller_id_name.empty() ? std::string()
                                       : quoted_display_name(caller.caller_id_name) + " ") +
        "<sip:" +
        (caller.caller_id_number.empty() ? "anonymous" : escaped_user(caller.caller_id_number)) +
        "@" + (local.host.find(':') != std::string::npos ? "[" + local.host + "]" : local.host) +
        ">";
    call.local = &local;
    call.node = *state.node;
    call.codec = state.media->codec;
    call.telephone_event = state.media->telephone_event;
    auto leg = spawn_outbound_channel(self->system(), services, std::move(call));
    state.dial->attempt.placed(leg.id());
    state.dial->legs.emplace(leg.id(), std::move(leg));
  }
  if (state.dial->attempt.over()) dial_failed(self);
}

/// Looks user `index` up at its next AOR; once every user is done, forks the legs.
void look_up(ChannelActor* self, std::shared_ptr<DialLookups> lookups, size_t index,
             uint64_t generation) {
  auto& state = self->state;
  v1::LookupRequest request;
  request.set_aor(lookups->users[index].aors[lookups->users[index].next]);
  auto resume = resumer(self);
  call_media<v1::LookupRequest, v1::LookupResponse>(
      [stub = state.services->registry](auto* context, auto* q, auto* r, auto done) {
        stub->async()->Lookup(context, q, r, std::move(done));
      },
      request,
      [self, resume, lookups, index, generation](grpc::Status status, v1::LookupResponse found) {
        resume([self, lookups, index, generation, status, found = std::move(found)] {
          auto& state = self->state;
          if (!state.channel->machine.live() || !state.dial || generation != state.dial_generation)
            return;
          if (!status.ok())
            state.services->log->warn("{}: registry lookup failed: {}", state.channel->name,
                                      status.error_message());
          auto& user = lookups->users[index];
          if (found.bindings().empty() && ++user.next < user.aors.size())
            return look_up(self, lookups, index, generation);
          for (const auto& binding : found.bindings()) {
            const bool known = std::any_of(
                lookups->contacts.begin(), lookups->contacts.end(), [&](const auto& seen) {
                  return seen.second.contact_uri() == binding.contact_uri();
                });
            if (!known) lookups->contacts.emplace_back(user.resource, binding);
          }
          if (--lookups->pending > 0) return;
          observe(self, SetupStage::registry_lookup);
          fork_legs(self, *lookups);
        });
      },
      std::chrono::seconds(3));
}

/// Dial(Local/600@default): a Local pair runs 600@default on this channel's media.
void place_local(ChannelActor* self, const std::string& resource) {
  auto& state = self->state;
  const std::string target = resource.substr(0, resource.find('/'));  // Local/x@y/n: no flags
  const size_t at = target.find('@');
  LocalPairCall call{
      caf::actor_cast<caf::actor>(self),
      state.channel->linked_id,
      state.channel->caller,
      at == std::string::npos ? state.channel->caller.context : target.substr(at + 1),
      target.substr(0, at),
      *state.node,
      state.endpoint_id,
      *state.media,
      state.domains};
  auto leg = spawn_local_pair(self->system(), *state.services, std::move(call));
  state.dial->attempt.placed(leg.id());
  state.dial->legs.emplace(leg.id(), std::move(leg));
}

/// Dial(UnicastRTP/host:port) or Dial(AudioSocket/host:port[/uuid]): a leg that is an
/// endpoint on the caller's media node, in the caller's codec.
void place_endpoint_leg(ChannelActor* self, const std::string& tech, const std::string& resource) {
  auto& state = self->state;
  EndpointLegCall call{caf::actor_cast<caf::actor>(self),
                       state.channel->linked_id,
                       state.channel->caller,
                       tech,
                       resource,
                       *state.node,
                       state.media->codec,
                       state.media->telephone_event};
  auto leg = spawn_endpoint_leg(self->system(), *state.services, std::move(call));
  state.dial->attempt.placed(leg.id());
  state.dial->legs.emplace(leg.id(), std::move(leg));
}

/// Dial(SIP/bob[&SIP/carol&Local/600@default...][,timeout]): looks each SIP user up in the
/// registry at the Request-URI's domain (SIP/bob@example.com names one) and forks to every
/// contact, and to each Local pair.
void dial(ChannelActor* self, const std::string& arguments) {
  auto& state = self->state;
  const size_t comma = arguments.find(',');
  const std::string targets = arguments.substr(0, comma);
  const std::string timeout_text =
      comma == std::string::npos ? std::string() : arguments.substr(comma + 1);
  state.dial = std::make_unique<DialState>();
  state.dial_cause.reset();
  const uint64_t generation = ++state.dial_generation;
  state.dial->started = state.dial_generation;
  if (const auto timeout = seconds(timeout_text.substr(0, timeout_text.find(',')));
      timeout && timeout->count() > 0)
    later(self, *timeout, [self, generation] { dial_timed_out(self, generation); });
  auto lookups = std::make_shared<DialLookups>();
  for (size_t start = 0; start <= targets.size();) {
    const size_t end = std::min(targets.find('&', start), targets.size());
    const std::string target = targets.substr(start, end - start);
    start = end + 1;
    const size_t slash = target.find('/');
    const std::string tech = target.substr(0, slash);
    const std::string resource = slash == std::string::npos ? "" : target.substr(slash + 1);
    if ((tech == "Local" || tech == "UnicastRTP" || tech == "AudioSocket") && !resource.empty()) {
      // Placed with the SIP legs, once the lookups are done: one that fails at once must
      // not end the Dial before the SIP users are called.
      lookups->others.emplace_back(tech, resource);
      continue;
    }
    if (tech != "SIP" || resource.empty()) {
      state.services->log->warn(
          "{}: Dial: '{}' is not served (SIP/, Local/, UnicastRTP/ and AudioSocket/ are)",
          state.channel->name, target);
      continue;
    }
    DialLookups::User user{resource, {}, 0};
    if (resource.find('@') != std::string::npos) {
      user.resource = resource.substr(0, resource.find('@'));
      user.aors.push_back("sip:" + resource);
    } else {
      for (const auto& domain : state.domains)
        user.aors.push_back("sip:" + user.resource + "@" + domain);
    }
    lookups->users.push_back(std::move(user));
  }
  if (lookups->users.empty()) return fork_legs(self, *lookups);
  lookups->pending = lookups->users.size();
  for (size_t i = 0; i < lookups->users.size(); ++i) look_up(self, lookups, i, generation);
}

void run(ChannelActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  while (channel.machine.live()) {
    const auto* extension =
        state.services->dialplan
            ? state.services->dialplan->find(state.channel->caller.context, state.extension)
            : nullptr;
    if (extension == nullptr) return hangup(self, channel::HangupCause::unallocated_number);
    if (state.priority >= extension->steps.size())
      return hangup(self, state.dial_cause.value_or(channel::HangupCause::normal_clearing));
    if (++state.steps_without_wait > kMaxStepsWithoutWait) {
      state.services->log->warn("{}: {} steps without a wait at {}@{}: a Goto loop?", channel.name,
                                kMaxStepsWithoutWait, state.extension,
                                state.channel->caller.context);
      return hangup(self, channel::HangupCause::normal_temporary_failure);
    }
    const auto& step = extension->steps[state.priority++];
    const std::string arguments = dialplan::substitute(
        step.arguments, [&](std::string_view name) { return variable(channel, name, state); });
    state.services->log->debug("{}: executing [{}@{}:{}] {}({})", channel.name, state.extension,
                               state.channel->caller.context, state.priority, step.application,
                               arguments);
    const auto& app = step.application;
    const auto provisional = [&] {
      if (!std::exchange(state.provisional_sent, true))
        observe(self, SetupStage::first_provisional);
    };
    if (app == "Answer") {
      if (!answer(self)) return;
    } else if (app == "Ringing") {
      if (state.tech->ring()) {
        provisional();
        publish(self, channel.machine.ring_ready());
      }
    } else if (app == "Progress") {
      if (state.tech->progress(*state.media)) {
        provisional();
        publish(self, channel.machine.pre_answer());
      }
    } else if (app == "Set") {
      const size_t equals = arguments.find('=');
      channel.variables[arguments.substr(0, equals)] = arguments.substr(equals + 1);
    } else if (app == "Goto") {
      if (!go_to(self, arguments)) {
        state.services->log->warn("{}: bad Goto({})", channel.name, arguments);
        return hangup(self, channel::HangupCause::normal_temporary_failure);
      }
    } else if (app == "Wait") {
      const auto wait = seconds(arguments).value_or(std::chrono::milliseconds(0));
      later(self, wait, [self, generation = ++state.wait_generation] {
        if (generation != self->state.wait_generation) return;
        self->state.steps_without_wait = 0;
        run(self);
      });
      return;
    } else if (app == "Echo") {
      echo(self);
      return;  // until the caller hangs up
    } else if (app == "AudioSocket") {
      if (!answer(self)) return;
      audiosocket(self, arguments);
      return;  // until the caller hangs up
    } else if (app == "Stasis") {
      // The hand-off to an application of the control API (a later issue): the channel is
      // parked, unanswered, until it hangs up; StasisStart is logged for now.
      const size_t comma = arguments.find(',');
      state.services->log->info("{}: StasisStart app={} args=[{}]", channel.name,
                                arguments.substr(0, comma),
                                comma == std::string::npos ? "" : arguments.substr(comma + 1));
      publish(self, channel.machine.park());
      return;
    } else if (app == "Hangup") {
      return hangup(
          self, channel::parse_cause(arguments).value_or(channel::HangupCause::normal_clearing));
    } else if (app == "Dial") {
      dial(self, arguments);
      return;  // until a leg answers and hangs up, or none does
    } else {
      state.services->log->warn("{}: {} is not served yet; hanging up", channel.name, app);
      return hangup(self, channel::HangupCause::service_not_implemented);
    }
  }
}

/// Anchors the caller's media on a media node, then runs the dialplan.
void allocate_media(ChannelActor* self) {
  auto& state = self->state;
  state.node = state.services->media.pick();
  if (!state.node) {
    // Just after start the directory may not have been read yet: wait a little for it.
    if (state.media_attempts++ < kMediaAttempts) {
      later(self, kMediaRetry, [self] {
        if (self->state.channel->machine.live()) allocate_media(self);
      });
      return;
    }
    state.services->log->warn("{}: no media node is available", state.channel->name);
    return hangup(self, channel::HangupCause::normal_temporary_failure);
  }
  const auto& audio = state.sip->offered_audio();
  auto request =
      rtp_endpoint_request(state.channel->unique_id, audio.codecs, audio.telephone_event);
  if (!audio.address.empty()) {  // a late offer's caller is latched on its first packet
    request.mutable_remote()->set_host(audio.address);
    request.mutable_remote()->set_port(audio.port);
  }
  auto resume = resumer(self);
  state.allocating = true;
  call_media<v1::CreateEndpointRequest, v1::CreateEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->CreateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume](grpc::Status status, v1::CreateEndpointResponse created) {
        resume([self, status, created = std::move(created)] {
          auto& state = self->state;
          state.allocating = false;
          if (state.finish_pending) {
            if (status.ok()) state.endpoint_id = created.endpoint_id();
            return finish(self);
          }
          if (!status.ok()) {
            state.services->log->warn("{}: media endpoint refused: {}", state.channel->name,
                                      status.error_message());
            // No codec the media node speaks: 488; anything else: try later.
            return hangup(self, status.error_code() == grpc::StatusCode::INVALID_ARGUMENT
                                    ? channel::HangupCause::bearercapability_notimpl
                                    : channel::HangupCause::normal_temporary_failure);
          }
          if (!state.channel->machine.live()) {
            state.endpoint_id = created.endpoint_id();
            return destroy_media(self);  // the caller gave up meanwhile
          }
          state.endpoint_id = created.endpoint_id();
          observe(self, SetupStage::media);
          state.media =
              channel::LocalMedia{created.local().host(),
                                  static_cast<uint16_t>(created.local().port()),
                                  {static_cast<int>(created.codec().payload_type()),
                                   created.codec().encoding(), created.codec().clock_rate()},
                                  state.sip->offered_audio().telephone_event};
          publish(self, state.channel->machine.advance(channel::ChannelState::cs_execute));
          run(self);
        });
      });
}

void start(ChannelActor* self, InboundCall& call) {
  auto& state = self->state;
  auto& channel = *state.channel;
  publish(self, channel.machine.advance(channel::ChannelState::cs_init));
  state.services->calls.add_invite(call.transaction.key, caf::actor_cast<caf::actor>(self));
  state.services->calls.add_channel(channel.unique_id, caf::actor_cast<caf::actor>(self));
  const auto refuse = [&](channel::HangupCause cause, const std::string& why) {
    state.services->log->info("{}: refused: {}", channel.name, why);
    state.services->calls.forget_invite(call.transaction.key);  // no tech holds the key
    auto response = sip::make_response(
        call.invite, {call.source.ip, call.source.port}, channel::sip_status_for(cause),
        sip::reason_phrase(channel::sip_status_for(cause)), sip::random_token());
    response.add("Warning", "399 tandem \"" + why + "\"");
    state.services->stack.transactions().respond(call.transaction, response);
    hangup(self, cause, false);
  };
  std::optional<sdp::SessionDescription> offer;
  auto audio = SipInboundTech::late_offer_audio();
  if (!call.invite.body().empty()) {
    auto parsed = sdp::parse(call.invite.body());
    if (!parsed)
      return refuse(channel::HangupCause::bearercapability_notimpl, parsed.failure().message);
    auto offered = sdp::find_audio(parsed.value());
    if (!offered)
      return refuse(channel::HangupCause::bearercapability_notimpl, offered.failure().message);
    offer = std::move(parsed).value();
    audio = std::move(offered).value();
  }
  auto sip = std::make_unique<SipInboundTech>(state.services->stack, call.transaction, call.invite,
                                              call.source, *call.local, std::move(offer),
                                              std::move(audio));
  state.sip = sip.get();
  state.tech = std::move(sip);
  publish(self, channel.machine.advance(channel::ChannelState::cs_routing));
  // An extension nobody answers is refused before any media is anchored for it.
  const auto& plan = state.services->dialplan;
  if (!plan || plan->find(state.channel->caller.context, state.extension) == nullptr) {
    state.services->log->info("{}: no extension {} in context {}", channel.name, state.extension,
                              state.channel->caller.context);
    return hangup(self, channel::HangupCause::unallocated_number);
  }
  observe(self, SetupStage::route);
  allocate_media(self);
}

/// What the media node says about the call's endpoints: a key press on the caller's line,
/// the caller's media gone silent, the AudioSocket service hanging up.
void on_media_event(ChannelActor* self, const v1::MediaEvent& event) {
  auto& state = self->state;
  auto& channel = *state.channel;
  if (!channel.machine.live()) return;
  if (event.has_dtmf() && !event.dtmf().digit().empty()) {
    state.services->metrics.dtmf("rfc4733");
    publish(self, channel.machine.dtmf(event.dtmf().digit()[0]));
    if (state.bridged_leg)
      self->send(state.bridged_leg, dtmf_atom::value, event.dtmf().digit(), true);
  } else if (event.has_audiosocket_ended() && event.endpoint_id() == state.service_endpoint_id) {
    const auto& ended = event.audiosocket_ended();
    state.services->log->info("{}: the AudioSocket service {}", channel.name,
                              ended.hangup() ? "hung up" : "failed: " + ended.error());
    hangup(self, ended.hangup() ? channel::HangupCause::normal_clearing
                                : channel::HangupCause::normal_temporary_failure);
  } else if (event.has_timeout() && event.endpoint_id() == state.endpoint_id &&
             !channel.machine.has(channel::ChannelFlag::hold)) {
    // A held call may be silent; any other call without RTP for media.rtp.timeout is gone.
    state.services->log->info("{}: no RTP from the caller for {} ms", channel.name,
                              event.timeout().silent_ms());
    hangup(self, channel::HangupCause::recovery_on_timer_expire);
  }
}

/// A re-INVITE of the answered call (RFC 3264 8): hold (sendonly, inactive), taking the call
/// back, or a new address for the caller's media. The media node is told first, then the
/// caller gets the answer.
void reinvite(ChannelActor* self, const sip::ServerTransactionId& transaction,
              const sip::SipMessage& invite) {
  auto& state = self->state;
  auto* tech = state.sip;
  // RFC 3261 14.2: no new offer while ours (a late offer's, in the 2xx) awaits its answer.
  if (tech == nullptr || !tech->answered() || tech->awaits_answer() ||
      !state.channel->machine.live() || !state.media) {
    if (tech != nullptr) tech->respond(transaction, invite, 491);  // the first is pending
    return;
  }
  if (!tech->accept_in_dialog(invite)) return tech->respond(transaction, invite, 500);
  auto offered = reinvite_offer(invite, state.media->codec.payload_type);
  if (!offered) return tech->respond(transaction, invite, 488);
  const auto request = reinvite_update(state.endpoint_id, offered->audio);
  auto resume = resumer(self);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, transaction, invite, offered = std::move(*offered)](
          grpc::Status status, v1::UpdateEndpointResponse) mutable {
        resume([self, status, transaction, invite, offered = std::move(offered)]() mutable {
          auto& [offer, audio] = offered;
          auto& state = self->state;
          if (!state.channel->machine.live()) return;
          if (!status.ok()) return state.sip->respond(transaction, invite, 488);
          const bool held = audio.direction == sdp::Direction::sendonly ||
                            audio.direction == sdp::Direction::inactive;
          if (!state.sip->answer_reinvite(transaction, invite, std::move(offer), std::move(audio),
                                          *state.media))
            return;
          publish(self, held ? state.channel->machine.hold() : state.channel->machine.unhold());
          later(self, kT1, [self] { retransmit(self, kT1.count(), 0); });
        });
      });
}

caf::behavior channel_actor(ChannelActor* self, const CallServices* shared, InboundCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  auto from = sip::parse_name_addr(call.invite.value(sip::HeaderId::from));
  state.services = &services;
  state.invited_at = services.clock.monotonic_now();
  state.extension = call.extension;
  state.domains = call.domains;
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name("SIP", call.user.empty() ? "anonymous" : call.user),
      channel::ChannelStateMachine::Direction::inbound, services.clock.now());
  auto& caller = state.channel->caller;
  caller.caller_id_number = from ? sip::unescape(from.value().uri.user) : std::string("anonymous");
  caller.caller_id_name = from ? sip::unquote(from.value().display_name) : std::string();
  caller.destination_number = call.extension;
  caller.network_address = call.source.ip;
  publish_new_channel("SIP", *state.channel, services.events, state.counted_state);
  start(self, call);
  return channel_behavior(self);
}

/// The second half of a Local pair: runs the dialplan at the pair's extension on the
/// dialing channel's media, telling the first half how it goes.
caf::behavior local_channel_actor(ChannelActor* self, const CallServices* shared, LocalCall call) {
  const CallServices& services = *shared;
  auto& state = self->state;
  state.services = &services;
  state.invited_at = services.clock.monotonic_now();
  state.extension = call.extension;
  state.domains = call.domains;
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), call.name, channel::ChannelStateMachine::Direction::inbound,
      services.clock.now());
  state.channel->linked_id = call.linked_id;
  state.channel->caller = call.caller;
  state.channel->caller.destination_number = call.extension;
  state.channel->caller.context = call.context;
  state.tech_name = "Local";
  state.tech = std::make_unique<LocalTech>(call.first_half);
  state.owns_endpoint = false;
  state.node = call.node;
  state.endpoint_id = call.endpoint_id;
  state.media = call.media;
  publish_new_channel("Local", *state.channel, services.events, state.counted_state);
  // In Calls, so that a stopping node waits for it too.
  services.calls.add_channel(state.channel->unique_id, caf::actor_cast<caf::actor>(self));
  self->monitor(call.first_half);
  self->set_down_handler(
      [self](const caf::down_msg&) { hangup(self, channel::HangupCause::normal_clearing, false); });
  auto& machine = state.channel->machine;
  publish(self, machine.advance(channel::ChannelState::cs_init));
  publish(self, machine.advance(channel::ChannelState::cs_routing));
  if (!services.dialplan ||
      services.dialplan->find(state.channel->caller.context, state.extension) == nullptr) {
    state.services->log->info("{}: no extension {} in context {}", state.channel->name,
                              state.extension, state.channel->caller.context);
    hangup(self, channel::HangupCause::unallocated_number);
  } else {
    publish(self, machine.advance(channel::ChannelState::cs_execute));
    run(self);
  }
  return channel_behavior(self);
}

/// The caller's answer to the offer of our 2xx, from its ACK: the caller's endpoint is
/// pointed at it, or the call ends with a BYE when it is missing or picks nothing offered.
void take_late_answer(ChannelActor* self, const std::string& ack_body) {
  auto& state = self->state;
  auto answer = state.sip->take_answer(ack_body);
  if (!answer) {
    state.services->log->warn("{}: {}; hanging up", state.channel->name, answer.failure().message);
    return hangup(self, channel::HangupCause::bearercapability_notimpl);
  }
  if (!state.node || !state.media) return;
  const auto& chosen = answer.value().codecs.front();
  state.media->codec = chosen;
  if (!answer.value().telephone_event) state.media->telephone_event.reset();  // keys by INFO
  auto request = reinvite_update(state.endpoint_id, answer.value());
  request.mutable_codec()->set_payload_type(static_cast<uint32_t>(chosen.payload_type));
  request.mutable_codec()->set_encoding(chosen.encoding);
  request.mutable_codec()->set_clock_rate(chosen.clock_rate);
  request.set_telephone_events(answer.value().telephone_event ? v1::TELEPHONE_EVENTS_ON
                                                              : v1::TELEPHONE_EVENTS_OFF);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume = resumer(self)](grpc::Status status, v1::UpdateEndpointResponse) {
        if (status.ok()) return;
        resume([self, status] {
          self->state.services->log->warn("{}: the media node refused the caller's answer: {}",
                                          self->state.channel->name, status.error_message());
          hangup(self, channel::HangupCause::bearercapability_notimpl);
        });
      });
}

/// Sends the 2xx again until its ACK, `interval` ms from now (doubling up to T2), having
/// spent `spent` ms so far; after 64*T1 without an ACK the call ends (RFC 3261 13.3.1.4).
void retransmit(ChannelActor* self, int64_t interval, int64_t spent) {
  auto& state = self->state;
  if (!state.channel->machine.live() || !state.sip || !state.sip->retransmit_answer()) return;
  if (std::chrono::milliseconds(spent + interval) >= 64 * kT1) {
    state.services->log->warn("{}: no ACK for the 200 OK; hanging up", state.channel->name);
    return hangup(self, channel::HangupCause::recovery_on_timer_expire);
  }
  const int64_t next = std::min<int64_t>(interval * 2, kT2.count());
  later(self, std::chrono::milliseconds(next),
        [self, next, spent = spent + interval] { retransmit(self, next, spent); });
}

/// The Dial's timeout ran out (unless that Dial is over): the legs still ringing are
/// cancelled and the dialplan goes on.
void dial_timed_out(ChannelActor* self, uint32_t generation) {
  auto& state = self->state;
  if (generation != state.dial_generation || !state.dial || state.dial->attempt.winner() ||
      !state.channel->machine.live())
    return;
  state.dial->attempt.timed_out();
  cancel_losers(self, channel::HangupCause::no_answer);
  dial_failed(self);
}

/// A request of the caller inside the dialog: ACK, BYE, re-INVITE or INFO.
void in_dialog(ChannelActor* self, const sip::ServerTransactionId& transaction,
               const sip::SipMessage& request) {
  auto& state = self->state;
  if (!state.sip) return;
  if (request.method() == sip::Method::ack) {
    if (state.sip->answered() && state.sip->awaits_answer())
      take_late_answer(self, std::string(request.body()));
    // The INVITE is over: a CANCEL can no longer name the call.
    if (state.sip->answered() && !state.sip->invite_key().empty())
      state.services->calls.forget_invite(state.sip->invite_key());
    return state.sip->acknowledged();
  }
  if (request.method() == sip::Method::invite) return reinvite(self, transaction, request);
  const auto asked = answer_bye_or_info(*state.sip, transaction, request);
  if (asked.hang_up) return hangup(self, channel::HangupCause::normal_clearing, false);
  if (!asked.key || !state.channel->machine.live()) return;
  state.services->metrics.dtmf("info");
  publish(self, state.channel->machine.dtmf(*asked.key));
  // A bridged leg gets the key as RFC 4733 (RTP events pass the bridge as they are).
  if (state.bridged_leg)
    self->send(state.bridged_leg, dtmf_atom::value, std::string(1, *asked.key), false);
}

caf::behavior channel_behavior(ChannelActor* self) {
  return {
      [self](in_dialog_atom, const sip::ServerTransactionId& transaction,
             const sip::SipMessage& request) { in_dialog(self, transaction, request); },
      [self](cancel_atom) {
        auto& state = self->state;
        if (!state.sip || state.sip->answered()) return;
        state.sip->cancelled();
        hangup(self, channel::HangupCause::normal_clearing);
      },
      [self](shutdown_atom) { hangup(self, channel::HangupCause::normal_clearing); },
      // Keys from the other side of the bridge: RFC 4733 in the media when the caller
      // offered telephone-event, else SIP INFO.
      [self](dtmf_atom, const std::string& digits, bool in_media) {
        auto& state = self->state;
        if (!state.channel->machine.live() || !state.node) return;
        const bool rfc4733 = !state.media || state.media->telephone_event.has_value();
        switch (key_path(rfc4733, state.sip != nullptr, in_media)) {
          case KeyPath::none: return;
          case KeyPath::media:
            return send_dtmf(*state.node, state.endpoint_id, digits, state.services->log);
          case KeyPath::info: return send_keys_as_info(self, *state.sip, digits);
        }
      },
      [self](media_event_atom, const v1::MediaEvent& event) { on_media_event(self, event); },
      [self](leg_atom, const LegEvent& event) {
        switch (event.kind) {
          case LegEvent::Kind::ringing: return on_leg_ringing(self);
          case LegEvent::Kind::progress: return on_leg_progress(self, event.endpoint);
          case LegEvent::Kind::answered: return on_leg_answered(self, event.endpoint, event.name);
          case LegEvent::Kind::ended: return on_leg_ended(self, event.cause);
        }
      },
      // From the first half of a Local pair: the channel that dialed it gave up.
      [self](hangup_atom, uint8_t cause) {
        hangup(self, static_cast<channel::HangupCause>(cause), false);
      },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_inbound_channel(caf::actor_system& system, const CallServices& services,
                                 InboundCall call) {
  return system.spawn(channel_actor, &services, std::move(call));
}

caf::actor spawn_local_channel(caf::actor_system& system, const CallServices& services,
                               LocalCall call) {
  return system.spawn(local_channel_actor, &services, std::move(call));
}

}  // namespace tandem::signaling
