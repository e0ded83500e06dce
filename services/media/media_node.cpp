#include "services/media/media_node.hpp"

#include <unordered_map>

#include "services/media/bridge_actor.hpp"
#include "services/media/endpoint_actor.hpp"
#include "services/media/media_atoms.hpp"

namespace tandem::media {
namespace {

/// The longest an operation may take: creating an AudioSocket endpoint connects first.
constexpr auto kAnswerTimeout = std::chrono::seconds(15);

struct NodeState {
  std::shared_ptr<MediaEngine> engine;
  EventSink publish;
  uint64_t next_id = 1;
  std::unordered_map<std::string, caf::actor> endpoints;
  std::unordered_map<std::string, caf::actor> bridges;
  /// Which id each watched actor has, to forget it when it ends.
  std::unordered_map<caf::actor_addr, std::string> ids;
};

using NodeActor = caf::stateful_actor<NodeState>;

Failure not_found(const std::string& what, const std::string& id) {
  return {ErrorCode::not_found, what + " " + id + " does not exist on this node"};
}

/// Hands the current request to `target`, whose reply goes straight to the requester.
template <class... Ts>
caf::response_promise forward(NodeActor* self, const caf::actor& target, Ts&&... message) {
  auto promise = self->make_response_promise();
  promise.delegate(target, std::forward<Ts>(message)...);
  return promise;
}

/// Forwards a request for endpoint `id` to its actor, or answers NOT_FOUND.
template <class T, class... Ts>
caf::result<Result<T>> to_endpoint(NodeActor* self, const std::string& id, Ts&&... message) {
  const auto found = self->state.endpoints.find(id);
  if (found == self->state.endpoints.end()) return Result<T>(not_found("endpoint", id));
  return forward(self, found->second, std::forward<Ts>(message)...);
}

void watch(NodeActor* self, const caf::actor& child, const std::string& id) {
  self->monitor(child);
  self->state.ids[child.address()] = id;
}

caf::behavior node_actor(NodeActor* self, std::shared_ptr<MediaEngine> engine, EventSink publish) {
  self->state.engine = std::move(engine);
  self->state.publish = std::move(publish);
  self->set_down_handler([self](caf::down_msg& down) {
    auto& state = self->state;
    const auto found = state.ids.find(down.source);
    if (found == state.ids.end()) return;
    state.endpoints.erase(found->second);
    state.bridges.erase(found->second);
    state.ids.erase(found);
  });
  return {
      [self](create_atom, v1::CreateEndpointRequest& request)
          -> caf::result<Result<v1::CreateEndpointResponse>> {
        using Created = Result<v1::CreateEndpointResponse>;
        if (request.call_id().empty()) return Created(invalid_argument("call_id: required"));
        if (request.kind() != v1::ENDPOINT_KIND_RTP &&
            request.kind() != v1::ENDPOINT_KIND_AUDIOSOCKET) {
          return Created(
              invalid_argument("kind: must be ENDPOINT_KIND_RTP or ENDPOINT_KIND_AUDIOSOCKET"));
        }
        auto& state = self->state;
        const std::string id = "ep-" + std::to_string(state.next_id++);
        auto endpoint = spawn_endpoint_actor(self->system(), state.engine, id, state.publish);
        watch(self, endpoint, id);
        state.endpoints[id] = endpoint;
        return forward(self, endpoint, create_atom::value, std::move(request));
      },
      [self](update_atom, v1::UpdateEndpointRequest& request) -> caf::result<Result<Done>> {
        const std::string id = request.endpoint_id();
        return to_endpoint<Done>(self, id, update_atom::value, std::move(request));
      },
      [self](destroy_atom, const std::string& id) -> caf::result<Result<v1::EndpointStats>> {
        return to_endpoint<v1::EndpointStats>(self, id, destroy_atom::value);
      },
      [self](stats_atom, const std::string& id) -> caf::result<Result<v1::EndpointStats>> {
        return to_endpoint<v1::EndpointStats>(self, id, stats_atom::value);
      },
      [self](dtmf_atom, const std::string& id, std::string& digits,
             int64_t duration_ms) -> caf::result<Result<Done>> {
        return to_endpoint<Done>(self, id, dtmf_atom::value, std::move(digits), duration_ms);
      },
      [self](bridge_atom, const std::string& a,
             const std::string& b) -> caf::result<Result<std::string>> {
        using Bridged = Result<std::string>;
        if (a == b)
          return Bridged(invalid_argument("endpoint_b: cannot bridge an endpoint to itself"));
        auto& state = self->state;
        const auto first = state.endpoints.find(a);
        if (first == state.endpoints.end()) return Bridged(not_found("endpoint_a", a));
        const auto second = state.endpoints.find(b);
        if (second == state.endpoints.end()) return Bridged(not_found("endpoint_b", b));
        const std::string id = "br-" + std::to_string(state.next_id++);
        auto bridge = spawn_bridge_actor(self->system(), state.engine, id, {a, first->second},
                                         {b, second->second});
        watch(self, bridge, id);
        state.bridges[id] = bridge;
        return forward(self, bridge, bridge_atom::value);
      },
      [self](echo_atom, const std::string& id) -> caf::result<Result<std::string>> {
        auto& state = self->state;
        const auto found = state.endpoints.find(id);
        if (found == state.endpoints.end()) return Result<std::string>(not_found("endpoint", id));
        const std::string bridge_id = "br-" + std::to_string(state.next_id++);
        auto bridge = spawn_bridge_actor(self->system(), state.engine, bridge_id,
                                         {id, found->second}, {id, found->second});
        watch(self, bridge, bridge_id);
        state.bridges[bridge_id] = bridge;
        return forward(self, bridge, bridge_atom::value);
      },
      [self](unbridge_atom, const std::string& id) -> caf::result<Result<Done>> {
        const auto found = self->state.bridges.find(id);
        if (found == self->state.bridges.end()) return Result<Done>(not_found("bridge", id));
        return forward(self, found->second, unbridge_atom::value);
      },
      [self](stop_atom) -> ActorList {
        ActorList children;
        for (const auto& [id, bridge] : self->state.bridges) children.push_back(bridge);
        for (const auto& [id, endpoint] : self->state.endpoints) children.push_back(endpoint);
        for (const auto& child : children) self->send_exit(child, caf::exit_reason::user_shutdown);
        self->quit();
        return children;
      },
  };
}

}  // namespace

MediaNode::MediaNode(caf::actor_system& actors, MediaEngineOptions options, const Clock& clock,
                     EventSink publish)
    : actors_(actors),
      engine_(std::make_shared<MediaEngine>(std::move(options), clock)),
      node_(actors.spawn(node_actor, engine_, std::move(publish))) {}

MediaNode::~MediaNode() { stop(); }

void MediaNode::stop() {
  if (node_ == nullptr) return;
  caf::scoped_actor self{actors_};
  ActorList children;
  self->request(node_, caf::infinite, stop_atom::value)
      .receive([&](ActorList& list) { children = std::move(list); }, [](const caf::error&) {});
  // Their events and replies use what the node's owner holds: they must be gone first.
  self->wait_for(node_, children);
  node_ = nullptr;
}

template <class T, class... Ts>
void MediaNode::ask(Reply<T> reply, Ts... request) {
  actors_.spawn([node = node_, reply = std::move(reply),
                 ... request = std::move(request)](caf::event_based_actor* self) mutable {
    self->request(node, kAnswerTimeout, std::move(request)...)
        .then(
            [reply](Result<T>& result) { reply(std::move(result)); },
            [reply, self](caf::error& error) {
              reply(unavailable("the media node did not answer: " + self->system().render(error)));
            });
  });
}

void MediaNode::create_endpoint(const v1::CreateEndpointRequest& request,
                                Reply<v1::CreateEndpointResponse> reply) {
  ask(std::move(reply), create_atom::value, request);
}

void MediaNode::update_endpoint(const v1::UpdateEndpointRequest& request, Reply<Done> reply) {
  ask(std::move(reply), update_atom::value, request);
}

void MediaNode::destroy_endpoint(const std::string& id, Reply<v1::EndpointStats> reply) {
  ask(std::move(reply), destroy_atom::value, id);
}

void MediaNode::bridge(const std::string& a, const std::string& b, Reply<std::string> reply) {
  ask(std::move(reply), bridge_atom::value, a, b);
}

void MediaNode::unbridge(const std::string& bridge_id, Reply<Done> reply) {
  ask(std::move(reply), unbridge_atom::value, bridge_id);
}

void MediaNode::echo(const std::string& id, Reply<std::string> reply) {
  ask(std::move(reply), echo_atom::value, id);
}

void MediaNode::stats(const std::string& id, Reply<v1::EndpointStats> reply) {
  ask(std::move(reply), stats_atom::value, id);
}

void MediaNode::send_dtmf(const std::string& id, const std::string& digits,
                          std::chrono::milliseconds duration, Reply<Done> reply) {
  ask(std::move(reply), dtmf_atom::value, id, digits, static_cast<int64_t>(duration.count()));
}

}  // namespace tandem::media
