#include "libs/common/node_announcer.hpp"

#include <optional>

#include "libs/common/logging.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem {
namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;
using announced_atom = caf::atom_constant<caf::atom("announced")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using stopped_atom = caf::atom_constant<caf::atom("stopped")>;

struct AnnouncerState {
  std::unique_ptr<v1::Directory::Stub> stub;
  AnnouncerOptions options;
  const Health* health = nullptr;
  bool failing = false;
  bool announced_once = false;
  bool in_flight = false;
  std::optional<caf::response_promise> stopping;
  std::shared_ptr<spdlog::logger> log = component_logger("cluster");
};

using Announcer = caf::stateful_actor<AnnouncerState>;

/// Everything one asynchronous Announce call needs kept alive until its callback.
struct AnnounceCall {
  grpc::ClientContext context;
  v1::AnnounceRequest request;
  v1::AnnounceResponse response;
};

void announce(Announcer* self) {
  auto& state = self->state;
  if (state.in_flight || state.stopping) return;
  state.in_flight = true;
  auto call = std::make_shared<AnnounceCall>();
  *call->request.mutable_node() = state.options.node;
  if (state.options.refresh) state.options.refresh(*call->request.mutable_node());
  call->request.mutable_node()->set_draining(state.health->draining());
  call->request.set_ttl_seconds(static_cast<uint32_t>(state.options.ttl.count()));
  call->context.set_deadline(std::chrono::system_clock::now() + state.options.interval);
  auto handle = caf::actor_cast<caf::actor>(self);
  state.stub->async()->Announce(
      &call->context, &call->request, &call->response, [call, handle](const grpc::Status& status) {
        caf::anon_send(handle, announced_atom::value,
                       status.ok() ? std::string{} : status.error_message());
      });
}

void note_result(Announcer* self, const std::string& problem) {
  auto& state = self->state;
  state.in_flight = false;
  if (state.stopping) {
    state.stopping->deliver(stopped_atom::value);
    self->quit();
    return;
  }
  const auto& id = state.options.node.node_id();
  if (!problem.empty()) {
    if (!state.failing)
      state.log->warn("cannot announce node {} to the directory: {}", id, problem);
    state.failing = true;
    return;
  }
  if (state.failing || !state.announced_once) state.log->info("node {} is in the directory", id);
  state.failing = false;
  state.announced_once = true;
}

caf::behavior node_announcer(Announcer* self, const std::shared_ptr<grpc::Channel>& directory,
                             AnnouncerOptions options, const Health* health) {
  self->state.stub = v1::Directory::NewStub(directory);
  self->state.options = std::move(options);
  self->state.health = health;
  self->send(self, tick_atom::value);
  return {
      [=](tick_atom) {
        announce(self);
        self->delayed_send(self, self->state.options.interval, tick_atom::value);
      },
      [=](announced_atom, const std::string& problem) { note_result(self, problem); },
      [=](stop_atom) {
        auto promise = self->make_response_promise();
        if (!self->state.in_flight) {
          promise.deliver(stopped_atom::value);
          self->quit();
        } else {
          self->state.stopping = promise;
        }
        return promise;
      },
  };
}

}  // namespace

caf::actor spawn_node_announcer(caf::actor_system& system, std::shared_ptr<grpc::Channel> directory,
                                AnnouncerOptions options, const Health& health) {
  return system.spawn(node_announcer, std::move(directory), std::move(options), &health);
}

void stop_node_announcer(caf::actor_system& system, const caf::actor& announcer,
                         std::chrono::milliseconds timeout) {
  caf::scoped_actor self{system};
  self->request(announcer, timeout, stop_atom::value)
      .receive([](stopped_atom) {},
               [&](const caf::error&) { caf::anon_send_exit(announcer, caf::exit_reason::kill); });
}

bool withdraw_node(const std::shared_ptr<grpc::Channel>& directory, const std::string& node_id,
                   std::chrono::milliseconds timeout) {
  auto stub = v1::Directory::NewStub(directory);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout);
  v1::WithdrawRequest request;
  request.set_node_id(node_id);
  v1::WithdrawResponse response;
  const auto status = stub->Withdraw(&context, request, &response);
  if (!status.ok()) {
    component_logger("cluster")->warn("cannot withdraw node {} from the directory: {}", node_id,
                                      status.error_message());
  }
  return status.ok();
}

}  // namespace tandem
