#include "services/media/endpoint_actor.hpp"

#include "libs/media/audiosocket.hpp"
#include "services/media/audiosocket_client.hpp"
#include "services/media/media_atoms.hpp"

namespace tandem::media {
namespace {

struct EndpointState {
  std::shared_ptr<MediaEngine> engine;
  std::string id;
  std::string call_id;
  v1::EndpointKind kind = v1::ENDPOINT_KIND_UNSPECIFIED;
  std::string bridge_id;
  EventSink publish;
  bool destroying = false;
};

using EndpointActor = caf::stateful_actor<EndpointState>;

Failure gone(const std::string& id) {
  return {ErrorCode::not_found, "endpoint " + id + " does not exist on this node"};
}

/// Events from the packet loop, sent to the actor as messages; dropped once it is gone.
EventSink to_actor(EndpointActor* self) {
  return [address = caf::actor_cast<caf::actor_addr>(self)](v1::MediaEvent event) {
    if (auto actor = caf::actor_cast<caf::actor>(address))
      caf::anon_send(actor, event_atom::value, std::move(event));
  };
}

/// Runs `work` on the packet loop with this actor's endpoint and answers the current
/// request with what it returns.
template <class T>
caf::response_promise answer_from_loop(EndpointActor* self,
                                       std::function<Result<T>(MediaEndpoint&)> work) {
  auto promise = self->make_response_promise();
  self->state.engine->with_endpoint(
      self->state.id, [handle = caf::actor_cast<caf::actor>(self), id = self->state.id, promise,
                       work = std::move(work)](MediaEndpoint* endpoint) mutable {
        Result<T> result = endpoint == nullptr ? Result<T>(gone(id)) : work(*endpoint);
        caf::anon_send(handle, resume_atom::value,
                       Resume{[promise, result]() mutable { promise.deliver(std::move(result)); }});
      });
  return promise;
}

/// An actor on a thread of its own for the one blocking step: connecting to an
/// AudioSocket service (up to two seconds per address, as Asterisk allows).
caf::behavior audiosocket_connector(caf::event_based_actor* self) {
  return {[self](connect_atom, const std::string& target, const std::string& uuid) -> Result<int> {
    self->quit();
    return connect_audiosocket(target, *audiosocket::parse_uuid(uuid));
  }};
}

caf::result<Result<v1::CreateEndpointResponse>> create_audiosocket(
    EndpointActor* self, const v1::CreateEndpointRequest& request) {
  if (!audiosocket::parse_uuid(request.audiosocket_uuid())) {
    return Result<v1::CreateEndpointResponse>(
        invalid_argument("audiosocket_uuid: '" + request.audiosocket_uuid() +
                         "' is not a UUID (8-4-4-4-12 hex digits)"));
  }
  auto promise = self->make_response_promise();
  auto connector = self->spawn<caf::detached>(audiosocket_connector);
  // await: no other request is served until the endpoint exists or has failed.
  self->request(connector, caf::infinite, connect_atom::value, request.audiosocket_target(),
                request.audiosocket_uuid())
      .await(
          [self, promise](Result<int>& fd) mutable {
            auto& state = self->state;
            if (!fd) {
              promise.deliver(Result<v1::CreateEndpointResponse>(fd.failure()));
              self->quit();
              return;
            }
            promise.deliver(Result<v1::CreateEndpointResponse>(state.engine->adopt_audiosocket(
                state.id, state.call_id, fd.value(), to_actor(self))));
          },
          [self, promise](caf::error& error) mutable {
            promise.deliver(Result<v1::CreateEndpointResponse>(unavailable(
                "connecting to the AudioSocket service failed: " + self->system().render(error))));
            self->quit();
          });
  return promise;
}

void destroy(EndpointActor* self, caf::response_promise promise) {
  auto& state = self->state;
  state.destroying = true;
  state.engine->release(state.id, [self, handle = caf::actor_cast<caf::actor>(self),
                                   promise](std::optional<v1::EndpointStats> stats) mutable {
    // Resumed on the actor: `self` is only touched there.
    caf::anon_send(handle, resume_atom::value, Resume{[self, promise, stats]() mutable {
                     auto& state = self->state;
                     if (!stats) {
                       promise.deliver(Result<v1::EndpointStats>(gone(state.id)));
                     } else {
                       v1::MediaEvent event;
                       event.set_endpoint_id(state.id);
                       event.set_call_id(state.call_id);
                       *event.mutable_destroyed()->mutable_final_stats() = *stats;
                       state.publish(std::move(event));
                       promise.deliver(Result<v1::EndpointStats>(*stats));
                     }
                     self->quit();
                   }});
  });
}

caf::behavior endpoint_actor(EndpointActor* self, std::shared_ptr<MediaEngine> engine,
                             std::string id, EventSink publish) {
  auto& state = self->state;
  state.engine = std::move(engine);
  state.id = std::move(id);
  state.publish = std::move(publish);
  self->attach_functor(
      [engine = state.engine, id = state.id](const caf::error&) { engine->release(id); });
  return {
      [self](create_atom, const v1::CreateEndpointRequest& request)
          -> caf::result<Result<v1::CreateEndpointResponse>> {
        auto& state = self->state;
        state.call_id = request.call_id();
        state.kind = request.kind();
        if (state.kind == v1::ENDPOINT_KIND_AUDIOSOCKET) return create_audiosocket(self, request);
        auto created = state.engine->create_rtp(state.id, request, to_actor(self));
        if (!created) self->quit();
        return created;
      },
      [self](update_atom, const v1::UpdateEndpointRequest& request) -> Result<Done> {
        auto& state = self->state;
        if (state.destroying) return gone(state.id);
        if (state.kind != v1::ENDPOINT_KIND_RTP) {
          return Failure{ErrorCode::failed_precondition,
                         "endpoint " + state.id + " is not an RTP endpoint"};
        }
        auto update = parse_update(request);
        if (!update) return update.failure();
        state.engine->update(state.id, std::move(update).value());
        return Done{};
      },
      [self](stats_atom) -> caf::result<Result<v1::EndpointStats>> {
        if (self->state.destroying) return Result<v1::EndpointStats>(gone(self->state.id));
        return answer_from_loop<v1::EndpointStats>(
            self,
            [](MediaEndpoint& endpoint) -> Result<v1::EndpointStats> { return endpoint.stats(); });
      },
      [self](dtmf_atom, const std::string& digits,
             int64_t duration_ms) -> caf::result<Result<Done>> {
        if (self->state.destroying) return Result<Done>(gone(self->state.id));
        if (digits.empty()) return Result<Done>(invalid_argument("digits: required"));
        if (duration_ms < 40 || duration_ms > 8000) {
          return Result<Done>(invalid_argument("duration_ms: must be 40 to 8000"));
        }
        return answer_from_loop<Done>(self, [digits, duration_ms](MediaEndpoint& endpoint) {
          return endpoint.send_dtmf(digits, std::chrono::milliseconds(duration_ms));
        });
      },
      [self](destroy_atom) -> caf::result<Result<v1::EndpointStats>> {
        if (self->state.destroying) return Result<v1::EndpointStats>(gone(self->state.id));
        auto promise = self->make_response_promise();
        destroy(self, promise);
        return promise;
      },
      [self](join_atom, const std::string& bridge_id) -> Result<Done> {
        auto& state = self->state;
        if (state.destroying) return gone(state.id);
        if (!state.bridge_id.empty()) {
          return Failure{ErrorCode::failed_precondition,
                         "endpoint " + state.id + " is already in bridge " + state.bridge_id +
                             ": unbridge it first"};
        }
        state.bridge_id = bridge_id;
        return Done{};
      },
      [self](leave_atom, const std::string& bridge_id) {
        if (self->state.bridge_id == bridge_id) self->state.bridge_id.clear();
      },
      [self](event_atom, v1::MediaEvent& event) { self->state.publish(std::move(event)); },
      [](resume_atom, Resume& resume) { resume.run(); },
  };
}

}  // namespace

caf::actor spawn_endpoint_actor(caf::actor_system& system, std::shared_ptr<MediaEngine> engine,
                                std::string id, EventSink publish) {
  return system.spawn(endpoint_actor, std::move(engine), std::move(id), std::move(publish));
}

}  // namespace tandem::media
