#include "services/registry/proto_mapping.hpp"

#include "libs/common/proto_time.hpp"
#include "services/registry/binding_rules.hpp"

namespace tandem::registry {

void to_proto(const Binding& binding, int64_t now_ms, v1::Binding* out) {
  out->set_aor(binding.aor);
  out->set_contact_uri(binding.contact_uri);
  out->set_expires_seconds(std::max<int64_t>(0, (binding.expires_at_ms - now_ms + 999) / 1000));
  set_timestamp(out->mutable_expires_at(), binding.expires_at_ms);
  out->set_q(binding.q_milli / 1000.0);
  out->set_call_id(binding.call_id);
  out->set_cseq(binding.cseq);
  out->set_instance_id(binding.instance_id);
  out->set_reg_id(binding.reg_id);
  for (const auto& hop : binding.path) out->add_path(hop);
  out->set_user_agent(binding.user_agent);
  out->set_source_address(binding.source_address);
  out->set_transport(static_cast<v1::Transport>(binding.transport));
  out->set_node_id(binding.node_id);
  set_timestamp(out->mutable_registered_at(), binding.registered_at_ms);
  set_timestamp(out->mutable_updated_at(), binding.updated_at_ms);
}

void add_sorted(std::vector<Binding> bindings, int64_t now_ms,
                google::protobuf::RepeatedPtrField<v1::Binding>* out) {
  sort_for_lookup(bindings);
  for (const auto& binding : bindings) to_proto(binding, now_ms, out->Add());
}

}  // namespace tandem::registry
