#include "services/media/bridge_actor.hpp"

#include "services/media/media_atoms.hpp"

namespace tandem::media {
namespace {

/// How long an endpoint actor may take to answer a join: it answers at once unless it is
/// still connecting to an AudioSocket service.
constexpr auto kJoinTimeout = std::chrono::seconds(10);

struct BridgeState {
  std::shared_ptr<MediaEngine> engine;
  std::string id;
  BridgeLeg a;
  BridgeLeg b;
  bool linked = false;
};

using BridgeActor = caf::stateful_actor<BridgeState>;

void dissolve(BridgeActor* self) {
  auto& state = self->state;
  if (state.linked) state.engine->unlink(state.a.id, state.b.id);
  state.linked = false;
  caf::anon_send(state.a.actor, leave_atom::value, state.id);
  caf::anon_send(state.b.actor, leave_atom::value, state.id);
  self->quit();
}

Failure unanswered(BridgeActor* self, const BridgeLeg& leg, const caf::error& error) {
  return unavailable("endpoint " + leg.id + " did not join bridge " + self->state.id + ": " +
                     self->system().render(error));
}

void link(BridgeActor* self, caf::response_promise& promise) {
  auto& state = self->state;
  state.engine->link(state.a.id, state.b.id);
  state.linked = true;
  self->monitor(state.a.actor);
  if (state.b.actor != state.a.actor) self->monitor(state.b.actor);
  promise.deliver(Result<std::string>(state.id));
}

void join_second(BridgeActor* self, caf::response_promise promise) {
  auto& state = self->state;
  if (state.b.actor == state.a.actor) return link(self, promise);  // echo: one leg
  self->request(state.b.actor, kJoinTimeout, join_atom::value, state.id)
      .then(
          [self, promise](Result<Done>& joined) mutable {
            auto& state = self->state;
            if (!joined) {
              promise.deliver(Result<std::string>(joined.failure()));
              caf::anon_send(state.a.actor, leave_atom::value, state.id);
              self->quit();
              return;
            }
            link(self, promise);
          },
          [self, promise](caf::error& error) mutable {
            promise.deliver(Result<std::string>(unanswered(self, self->state.b, error)));
            caf::anon_send(self->state.a.actor, leave_atom::value, self->state.id);
            self->quit();
          });
}

caf::behavior bridge_actor(BridgeActor* self, std::shared_ptr<MediaEngine> engine, std::string id,
                           BridgeLeg a, BridgeLeg b) {
  auto& state = self->state;
  state.engine = std::move(engine);
  state.id = std::move(id);
  state.a = std::move(a);
  state.b = std::move(b);
  self->set_down_handler([self](caf::down_msg&) { dissolve(self); });
  self->set_exit_handler([self](caf::exit_msg& message) {
    if (self->state.linked) self->state.engine->unlink(self->state.a.id, self->state.b.id);
    self->quit(message.reason);
  });
  return {
      [self](bridge_atom) -> caf::result<Result<std::string>> {
        auto promise = self->make_response_promise();
        self->request(self->state.a.actor, kJoinTimeout, join_atom::value, self->state.id)
            .then(
                [self, promise](Result<Done>& joined) mutable {
                  if (!joined) {
                    promise.deliver(Result<std::string>(joined.failure()));
                    self->quit();
                    return;
                  }
                  join_second(self, promise);
                },
                [self, promise](caf::error& error) mutable {
                  promise.deliver(Result<std::string>(unanswered(self, self->state.a, error)));
                  self->quit();
                });
        return promise;
      },
      [self](unbridge_atom) -> Result<Done> {
        dissolve(self);
        return Done{};
      },
  };
}

}  // namespace

caf::actor spawn_bridge_actor(caf::actor_system& system, std::shared_ptr<MediaEngine> engine,
                              std::string id, BridgeLeg a, BridgeLeg b) {
  return system.spawn(bridge_actor, std::move(engine), std::move(id), std::move(a), std::move(b));
}

}  // namespace tandem::media
