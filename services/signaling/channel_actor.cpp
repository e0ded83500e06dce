#include "services/signaling/channel_actor.hpp"

#include <algorithm>
#include <charconv>

#include "libs/common/logging.hpp"
#include "libs/sip/chars.hpp"
#include "libs/sip/name_addr.hpp"
#include "libs/sip/response_builder.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/dialplan/variables.hpp"

namespace tandem::signaling::channel_messages {

/// Work a gRPC thread finished for a channel actor, to go on with on the actor's thread.
struct Continue {
  std::function<void()> run;
};

}  // namespace tandem::signaling::channel_messages

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::signaling::channel_messages::Continue)

namespace tandem::signaling {
namespace {

using channel_messages::Continue;
using next_atom = caf::atom_constant<caf::atom("next")>;
using retransmit_atom = caf::atom_constant<caf::atom("retransmit")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using media_retry_atom = caf::atom_constant<caf::atom("mediaretry")>;

/// A dialplan that loops through Goto without ever waiting is a mistake; it is cut off.
constexpr int kMaxStepsWithoutWait = 256;
/// RFC 3261 13.3.1.4: the 2xx goes out again at T1, 2*T1, ... up to T2, for 64*T1.
constexpr auto kT1 = std::chrono::milliseconds(500);
constexpr auto kT2 = std::chrono::seconds(4);
/// How long a call waits for the directory to list a media node: 10 x 200 ms.
constexpr int kMediaAttempts = 10;
constexpr auto kMediaRetry = std::chrono::milliseconds(200);

struct ChannelState {
  std::optional<CallServices> services;
  std::unique_ptr<channel::Channel> channel;
  std::unique_ptr<SipInboundTech> tech;
  std::string transaction_key;
  std::optional<sip::DialogId> dialog;
  std::optional<MediaNode> node;
  std::string endpoint_id;
  std::string service_endpoint_id;  // an AudioSocket() connection
  std::optional<channel::LocalMedia> media;
  std::string context = "default";
  std::string extension;
  size_t priority = 0;
  uint64_t wait_generation = 0;
  int steps_without_wait = 0;
  std::chrono::milliseconds retransmit_interval = kT1;
  std::chrono::milliseconds retransmitted_for{0};
  std::chrono::steady_clock::time_point invited_at;
  std::chrono::steady_clock::time_point answered_at;
  std::optional<channel::ChannelState> counted_state;  // where tandem_channels counts it
  bool provisional_sent = false;
  int media_attempts = 0;
  std::shared_ptr<spdlog::logger> log = component_logger("calls");
};

using ChannelActor = caf::stateful_actor<ChannelState>;

void hangup(ChannelActor* self, channel::HangupCause cause, bool tell_far_end = true);
void run(ChannelActor* self);

/// Hands `work` back to the actor's thread; dropped once the actor is gone.
std::function<void(std::function<void()>)> resumer(ChannelActor* self) {
  return [address = caf::actor_cast<caf::actor_addr>(self)](std::function<void()> work) {
    if (auto actor = caf::actor_cast<caf::actor>(address))
      caf::anon_send(actor, resume_atom::value, Continue{std::move(work)});
  };
}

void observe(ChannelActor* self, SetupStage stage) {
  auto& state = self->state;
  state.services->metrics.setup(stage, state.services->clock.monotonic_now() - state.invited_at);
}

void publish(ChannelActor* self, const Result<channel::ChannelEvents>& events) {
  if (!events) {
    self->state.log->warn("{}: {}", self->state.channel->name, events.failure().message);
    return;
  }
  auto& state = self->state;
  for (const auto& event : events.value()) {
    state.log->debug("{} {} {}", state.channel->name, channel::event_name(event.kind),
                     event.detail);
    if (event.kind != channel::ChannelEventKind::state) continue;
    std::optional<channel::ChannelState> now = event.state;
    if (event.state == channel::ChannelState::cs_destroy) now.reset();
    state.services->metrics.moved("SIP", state.counted_state, now);
    state.counted_state = now;
  }
}

std::optional<std::string> variable(const channel::Channel& channel, std::string_view name,
                                    const ChannelState& state) {
  if (name == "EXTEN") return state.extension;
  if (name == "CONTEXT") return state.context;
  if (name == "CALLERID(num)") return channel.caller.caller_id_number;
  if (name == "CALLERID(name)") return channel.caller.caller_id_name;
  if (name == "UNIQUEID") return channel.unique_id;
  if (name == "CHANNEL") return channel.name;
  if (auto value = channel.variable(name)) return std::string(*value);
  return std::nullopt;
}

void destroy_endpoint(ChannelActor* self, std::string& id) {
  auto& state = self->state;
  if (!state.node || id.empty()) return;
  v1::DestroyEndpointRequest request;
  request.set_endpoint_id(id);
  call_media<v1::DestroyEndpointRequest, v1::DestroyEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->DestroyEndpoint(context, q, r, std::move(done));
      },
      request,
      [log = state.log, id](grpc::Status status, auto) {
        if (!status.ok()) log->warn("destroying media endpoint {}: {}", id, status.error_message());
      });
  id.clear();
}

/// Releases every endpoint the channel holds on its media node.
void destroy_media(ChannelActor* self) {
  destroy_endpoint(self, self->state.service_endpoint_id);
  destroy_endpoint(self, self->state.endpoint_id);
}

/// The end of the channel: media released, the call record written, the actor gone.
void finish(ChannelActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  destroy_media(self);
  state.services->calls.remove(state.transaction_key, state.dialog, channel.unique_id);
  publish(self, channel.machine.advance(channel::ChannelState::cs_reporting));
  const auto talked = channel.machine.has(channel::ChannelFlag::answered)
                          ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                state.services->clock.monotonic_now() - state.answered_at)
                          : std::chrono::milliseconds(0);
  state.log->info("call record: {} {} from {} to {}@{} answered={} duration_ms={} cause={}",
                  channel.unique_id, channel.name, channel.caller.caller_id_number,
                  channel.caller.destination_number, channel.caller.context,
                  channel.machine.has(channel::ChannelFlag::answered), talked.count(),
                  channel::cause_name(channel.machine.cause()).value_or("NONE"));
  state.services->metrics.ended(
      call_result(channel.machine.has(channel::ChannelFlag::answered),
                  state.tech && state.tech->was_cancelled(), channel.machine.cause()),
      channel.machine.has(channel::ChannelFlag::answered)
          ? std::optional<std::chrono::steady_clock::duration>(talked)
          : std::nullopt);
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
  state.dialog = state.tech->dialog_id();
  state.services->calls.add_dialog(*state.dialog, caf::actor_cast<caf::actor>(self));
  if (auto answered = state.tech->answer(*state.media); !answered) {
    state.log->warn("{}: cannot answer: {}", state.channel->name, answered.failure().message);
    hangup(self, channel::HangupCause::normal_temporary_failure, false);
    return false;
  }
  publish(self, state.channel->machine.answer());
  state.answered_at = state.services->clock.monotonic_now();
  observe(self, SetupStage::answer);
  // Over UDP the 2xx is ours to send again until the ACK (the handler stops otherwise).
  self->delayed_send(self, state.retransmit_interval, retransmit_atom::value);
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
          self->state.log->warn("{}: echo failed: {}", self->state.channel->name,
                                status.error_message());
          hangup(self, channel::HangupCause::normal_temporary_failure);
        });
      });
}

/// A random RFC 4122 version 4 UUID, for an AudioSocket() that names none.
std::string random_uuid() {
  std::string hex = sip::random_token() + sip::random_token();  // 32 hex digits
  hex[12] = '4';
  hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

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
            state.log->warn("{}: AudioSocket service refused: {}", state.channel->name,
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
                  self->state.log->warn("{}: bridging to AudioSocket failed: {}",
                                        self->state.channel->name, status.error_message());
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
  if (parts.size() == 3) state.context = parts[0];
  if (parts.size() >= 2) state.extension = parts[parts.size() - 2];
  state.priority = static_cast<size_t>(priority - 1);
  return true;
}

void run(ChannelActor* self) {
  auto& state = self->state;
  auto& channel = *state.channel;
  while (channel.machine.live()) {
    const auto* extension = state.services->dialplan
                                ? state.services->dialplan->find(state.context, state.extension)
                                : nullptr;
    if (extension == nullptr) return hangup(self, channel::HangupCause::unallocated_number);
    if (state.priority >= extension->steps.size())
      return hangup(self, channel::HangupCause::normal_clearing);
    if (++state.steps_without_wait > kMaxStepsWithoutWait) {
      state.log->warn("{}: {} steps without a wait at {}@{}: a Goto loop?", channel.name,
                      kMaxStepsWithoutWait, state.extension, state.context);
      return hangup(self, channel::HangupCause::normal_temporary_failure);
    }
    const auto& step = extension->steps[state.priority++];
    const std::string arguments = dialplan::substitute(
        step.arguments, [&](std::string_view name) { return variable(channel, name, state); });
    state.log->debug("{}: executing [{}@{}:{}] {}({})", channel.name, state.extension,
                     state.context, state.priority, step.application, arguments);
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
        state.log->warn("{}: bad Goto({})", channel.name, arguments);
        return hangup(self, channel::HangupCause::normal_temporary_failure);
      }
    } else if (app == "Wait") {
      const auto wait = seconds(arguments).value_or(std::chrono::milliseconds(0));
      self->delayed_send(self, wait, next_atom::value, ++state.wait_generation);
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
      state.log->info("{}: StasisStart app={} args=[{}]", channel.name, arguments.substr(0, comma),
                      comma == std::string::npos ? "" : arguments.substr(comma + 1));
      publish(self, channel.machine.park());
      return;
    } else if (app == "Hangup") {
      return hangup(
          self, channel::parse_cause(arguments).value_or(channel::HangupCause::normal_clearing));
    } else {
      // Dial is checked at load but not executed yet.
      state.log->warn("{}: {} is not served yet; hanging up", channel.name, app);
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
      self->delayed_send(self, kMediaRetry, media_retry_atom::value);
      return;
    }
    state.log->warn("{}: no media node is available", state.channel->name);
    return hangup(self, channel::HangupCause::normal_temporary_failure);
  }
  const auto& audio = state.tech->offered_audio();
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_RTP);
  request.set_call_id(state.channel->unique_id);
  for (const auto& codec : audio.codecs) {
    auto* offered = request.add_offered_codecs();
    offered->set_payload_type(static_cast<uint32_t>(codec.payload_type));
    offered->set_encoding(codec.encoding);
    offered->set_clock_rate(codec.clock_rate);
  }
  if (audio.telephone_event) {
    auto* events = request.add_offered_codecs();
    events->set_payload_type(static_cast<uint32_t>(*audio.telephone_event));
    events->set_encoding("telephone-event");
    events->set_clock_rate(8000);
  }
  request.mutable_remote()->set_host(audio.address);
  request.mutable_remote()->set_port(audio.port);
  auto resume = resumer(self);
  call_media<v1::CreateEndpointRequest, v1::CreateEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->CreateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume](grpc::Status status, v1::CreateEndpointResponse created) {
        resume([self, status, created = std::move(created)] {
          auto& state = self->state;
          if (!status.ok()) {
            state.log->warn("{}: media endpoint refused: {}", state.channel->name,
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
                                  state.tech->offered_audio().telephone_event};
          publish(self, state.channel->machine.advance(channel::ChannelState::cs_execute));
          run(self);
        });
      });
}

void start(ChannelActor* self, InboundCall& call) {
  auto& state = self->state;
  auto& channel = *state.channel;
  publish(self, channel.machine.advance(channel::ChannelState::cs_init));
  state.transaction_key = call.transaction.key;
  state.services->calls.add_invite(call.transaction.key, caf::actor_cast<caf::actor>(self));
  state.services->calls.add_channel(channel.unique_id, caf::actor_cast<caf::actor>(self));
  const auto refuse = [&](channel::HangupCause cause, const std::string& why) {
    state.log->info("{}: refused: {}", channel.name, why);
    auto response = sip::make_response(
        call.invite, {call.source.ip, call.source.port}, channel::sip_status_for(cause),
        sip::reason_phrase(channel::sip_status_for(cause)), sip::random_token());
    response.add("Warning", "399 tandem \"" + why + "\"");
    state.services->stack.transactions().respond(call.transaction, response);
    hangup(self, cause, false);
  };
  if (call.invite.body().empty())
    return refuse(channel::HangupCause::bearercapability_notimpl,
                  "an INVITE without an SDP offer is not served yet");
  auto offer = sdp::parse(call.invite.body());
  if (!offer)
    return refuse(channel::HangupCause::bearercapability_notimpl, offer.failure().message);
  auto audio = sdp::find_audio(offer.value());
  if (!audio)
    return refuse(channel::HangupCause::bearercapability_notimpl, audio.failure().message);
  state.tech = std::make_unique<SipInboundTech>(state.services->stack, call.transaction,
                                                call.invite, call.source, call.local,
                                                std::move(offer).value(), std::move(audio).value());
  publish(self, channel.machine.advance(channel::ChannelState::cs_routing));
  // An extension nobody answers is refused before any media is anchored for it.
  const auto& plan = state.services->dialplan;
  if (!plan || plan->find(state.context, state.extension) == nullptr) {
    state.log->info("{}: no extension {} in context {}", channel.name, state.extension,
                    state.context);
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
  } else if (event.has_audiosocket_ended() && event.endpoint_id() == state.service_endpoint_id) {
    const auto& ended = event.audiosocket_ended();
    state.log->info("{}: the AudioSocket service {}", channel.name,
                    ended.hangup() ? "hung up" : "failed: " + ended.error());
    hangup(self, ended.hangup() ? channel::HangupCause::normal_clearing
                                : channel::HangupCause::normal_temporary_failure);
  } else if (event.has_timeout() && event.endpoint_id() == state.endpoint_id &&
             !channel.machine.has(channel::ChannelFlag::hold)) {
    // A held call may be silent; any other call without RTP for media.rtp.timeout is gone.
    state.log->info("{}: no RTP from the caller for {} ms", channel.name,
                    event.timeout().silent_ms());
    hangup(self, channel::HangupCause::recovery_on_timer_expire);
  }
}

/// The key an INFO carries: "Signal=5" in application/dtmf-relay, or the body itself in
/// application/dtmf; nothing for anything else.
std::optional<char> dtmf_of_info(const sip::SipMessage& info) {
  const std::string_view type = info.value(sip::HeaderId::content_type);
  const auto is = [&](std::string_view media_type) {
    return sip::chars::iequals(type.substr(0, media_type.size()), media_type);
  };
  std::string_view body = info.body();
  if (is("application/dtmf-relay")) {
    const size_t at = body.find("Signal=");
    if (at == std::string_view::npos) return std::nullopt;
    body = body.substr(at + 7);
  } else if (!is("application/dtmf")) {
    return std::nullopt;
  }
  body = sip::chars::trim(body);
  if (body.empty()) return std::nullopt;
  const char key = static_cast<char>(std::toupper(static_cast<unsigned char>(body.front())));
  if (std::string_view("0123456789*#ABCD").find(key) == std::string_view::npos) return std::nullopt;
  return key;
}

v1::Direction to_media(sdp::Direction direction) {
  switch (direction) {
    case sdp::Direction::sendonly: return v1::DIRECTION_SENDONLY;
    case sdp::Direction::recvonly: return v1::DIRECTION_RECVONLY;
    case sdp::Direction::inactive: return v1::DIRECTION_INACTIVE;
    case sdp::Direction::sendrecv: break;
  }
  return v1::DIRECTION_SENDRECV;
}

/// A re-INVITE of the answered call (RFC 3264 8): hold (sendonly, inactive), taking the call
/// back, or a new address for the caller's media. The media node is told first, then the
/// caller gets the answer.
void reinvite(ChannelActor* self, const sip::ServerTransactionId& transaction,
              const sip::SipMessage& invite) {
  auto& state = self->state;
  auto* tech = state.tech.get();
  if (tech == nullptr || !tech->answered() || !state.channel->machine.live() || !state.media) {
    if (tech != nullptr) tech->respond(transaction, invite, 491);  // the first is pending
    return;
  }
  if (!tech->accept_in_dialog(invite)) return tech->respond(transaction, invite, 500);
  auto offer = sdp::parse(invite.body());
  auto audio = offer ? sdp::find_audio(offer.value()) : Result<sdp::AudioStream>(offer.failure());
  const bool same_codec =
      audio && std::any_of(audio.value().codecs.begin(), audio.value().codecs.end(),
                           [&](const sdp::AudioCodec& codec) {
                             return codec.payload_type == state.media->codec.payload_type;
                           });
  if (!audio || !same_codec) return tech->respond(transaction, invite, 488);
  const auto answered = sdp::answer_direction(audio.value().direction);
  v1::UpdateEndpointRequest request;
  request.set_endpoint_id(state.endpoint_id);
  request.mutable_remote()->set_host(audio.value().address);
  request.mutable_remote()->set_port(audio.value().port);
  request.set_direction(to_media(answered));
  auto resume = resumer(self);
  call_media<v1::UpdateEndpointRequest, v1::UpdateEndpointResponse>(
      [stub = state.node->stub](auto* context, auto* q, auto* r, auto done) {
        stub->async()->UpdateEndpoint(context, q, r, std::move(done));
      },
      request,
      [self, resume, transaction, invite, offer = std::move(offer).value(),
       audio = std::move(audio).value()](grpc::Status status, v1::UpdateEndpointResponse) mutable {
        resume([self, status, transaction, invite, offer = std::move(offer),
                audio = std::move(audio)]() mutable {
          auto& state = self->state;
          if (!state.channel->machine.live()) return;
          if (!status.ok()) return state.tech->respond(transaction, invite, 488);
          const bool held = audio.direction == sdp::Direction::sendonly ||
                            audio.direction == sdp::Direction::inactive;
          if (!state.tech->answer_reinvite(transaction, invite, std::move(offer), std::move(audio),
                                           *state.media))
            return;
          publish(self, held ? state.channel->machine.hold() : state.channel->machine.unhold());
          state.retransmit_interval = kT1;
          state.retransmitted_for = std::chrono::milliseconds(0);
          self->delayed_send(self, state.retransmit_interval, retransmit_atom::value);
        });
      });
}

caf::behavior channel_actor(ChannelActor* self, CallServices services, InboundCall call) {
  auto& state = self->state;
  auto from = sip::parse_name_addr(call.invite.value(sip::HeaderId::from));
  state.services.emplace(services);
  state.invited_at = services.clock.monotonic_now();
  state.extension = call.extension;
  state.channel = std::make_unique<channel::Channel>(
      services.ids.next(), services.names.name("SIP", call.user.empty() ? "anonymous" : call.user),
      channel::ChannelStateMachine::Direction::inbound, services.clock.now());
  auto& caller = state.channel->caller;
  caller.caller_id_number = from ? sip::unescape(from.value().uri.user) : std::string("anonymous");
  caller.caller_id_name = from ? sip::unquote(from.value().display_name) : std::string();
  caller.destination_number = call.extension;
  caller.network_address = call.source.ip;
  services.metrics.moved("SIP", std::nullopt, channel::ChannelState::cs_new);
  state.counted_state = channel::ChannelState::cs_new;
  start(self, call);
  return {
      [self](next_atom, uint64_t generation) {
        if (generation != self->state.wait_generation) return;
        self->state.steps_without_wait = 0;
        run(self);
      },
      [self](retransmit_atom) {
        auto& state = self->state;
        if (!state.channel->machine.live() || !state.tech->retransmit_answer()) return;
        state.retransmitted_for += state.retransmit_interval;
        if (state.retransmitted_for >= 64 * kT1) {
          state.log->warn("{}: no ACK for the 200 OK; hanging up", state.channel->name);
          return hangup(self, channel::HangupCause::recovery_on_timer_expire);
        }
        state.retransmit_interval =
            std::min<std::chrono::milliseconds>(state.retransmit_interval * 2, kT2);
        self->delayed_send(self, state.retransmit_interval, retransmit_atom::value);
      },
      [self](ack_atom) {
        if (self->state.tech) self->state.tech->acknowledged();
      },
      [self](bye_atom, const sip::ServerTransactionId& transaction, const sip::SipMessage& bye) {
        auto& state = self->state;
        if (!state.tech || !state.tech->accept_in_dialog(bye)) {
          if (state.tech) state.tech->respond(transaction, bye, 500);
          return;
        }
        state.tech->respond(transaction, bye, 200);
        hangup(self, channel::HangupCause::normal_clearing, false);
      },
      [self](reinvite_atom, const sip::ServerTransactionId& transaction,
             const sip::SipMessage& invite) { reinvite(self, transaction, invite); },
      [self](cancel_atom) {
        auto& state = self->state;
        if (!state.tech || state.tech->answered()) return;
        state.tech->cancelled();
        hangup(self, channel::HangupCause::normal_clearing);
      },
      [self](shutdown_atom) { hangup(self, channel::HangupCause::normal_clearing); },
      [self](info_atom, const sip::ServerTransactionId& transaction, const sip::SipMessage& info) {
        auto& state = self->state;
        if (!state.tech || !state.tech->accept_in_dialog(info)) {
          if (state.tech) state.tech->respond(transaction, info, 500);
          return;
        }
        state.tech->respond(transaction, info, 200);
        if (const auto key = dtmf_of_info(info); key && state.channel->machine.live()) {
          state.services->metrics.dtmf("info");
          publish(self, state.channel->machine.dtmf(*key));
        }
      },
      [self](media_retry_atom) {
        if (self->state.channel->machine.live()) allocate_media(self);
      },
      [self](media_event_atom, const v1::MediaEvent& event) { on_media_event(self, event); },
      [](resume_atom, Continue& work) { work.run(); },
  };
}

}  // namespace

caf::actor spawn_inbound_channel(caf::actor_system& system, CallServices services,
                                 InboundCall call) {
  return system.spawn(channel_actor, std::move(services), std::move(call));
}

}  // namespace tandem::signaling
