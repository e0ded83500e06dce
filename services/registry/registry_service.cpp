#include "services/registry/registry_service.hpp"

#include "services/registry/proto_mapping.hpp"
#include "services/registry/unary_call.hpp"

namespace tandem::registry {

RegistryService::RegistryService(BindingStore& store, RegistryPolicy policy,
                                 RegistryMetrics& metrics)
    : store_(store), policy_(policy), metrics_(metrics) {}

grpc::ServerUnaryReactor* RegistryService::Bind(grpc::CallbackServerContext* context,
                                                const v1::BindRequest* request,
                                                v1::BindResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "bind");
  auto command = to_bind_command(*request, policy_);
  if (!command) {
    if (command.failure().code == ErrorCode::out_of_range) {
      context->AddTrailingMetadata(kMinExpiresTrailer, std::to_string(policy_.min_expires));
    }
    return call.fail(command.failure());
  }
  store_.bind(command.value(), call.answer<BindingSet>([response](BindingSet& set) {
    add_sorted(std::move(set.bindings), set.now_ms, response->mutable_bindings());
  }));
  return call.reactor();
}

grpc::ServerUnaryReactor* RegistryService::Unbind(grpc::CallbackServerContext* context,
                                                  const v1::UnbindRequest* request,
                                                  v1::UnbindResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "unbind");
  auto command = to_unbind_command(*request);
  if (!command) return call.fail(command.failure());
  store_.unbind(command.value(), call.answer<UnbindOutcome>([response](UnbindOutcome& outcome) {
    response->set_removed(outcome.removed);
    auto& remaining = outcome.remaining;
    add_sorted(std::move(remaining.bindings), remaining.now_ms, response->mutable_bindings());
  }));
  return call.reactor();
}

grpc::ServerUnaryReactor* RegistryService::Lookup(grpc::CallbackServerContext* context,
                                                  const v1::LookupRequest* request,
                                                  v1::LookupResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "lookup");
  auto aor = to_lookup_aor(*request);
  if (!aor) return call.fail(aor.failure());
  store_.lookup(aor.value(), call.answer<BindingSet>([response](BindingSet& set) {
    add_sorted(std::move(set.bindings), set.now_ms, response->mutable_bindings());
  }));
  return call.reactor();
}

grpc::ServerUnaryReactor* RegistryService::List(grpc::CallbackServerContext* context,
                                                const v1::ListRegistrationsRequest* request,
                                                v1::ListRegistrationsResponse* response) {
  const UnaryCall call(context->DefaultReactor(), metrics_, "list");
  auto query = to_list_query(*request);
  if (!query) return call.fail(query.failure());
  store_.list(query.value(), call.answer<RegistrationPage>([response](RegistrationPage& page) {
    for (auto& registration : page.registrations) {
      auto* out = response->add_registrations();
      out->set_aor(registration.aor);
      add_sorted(std::move(registration.bindings), page.now_ms, out->mutable_bindings());
    }
    if (page.more) response->set_next_page_token(page.registrations.back().aor);
  }));
  return call.reactor();
}

}  // namespace tandem::registry
