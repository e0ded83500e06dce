#include "services/registry/request_validation.hpp"

#include <algorithm>
#include <cmath>

#include "libs/common/host_port.hpp"
#include "services/registry/binding_rules.hpp"
#include "services/registry/uri.hpp"

namespace tandem::registry {
namespace {

constexpr size_t kMaxTokenLength = 256;
constexpr uint32_t kMaxCSeq = 0x7fffffff;  // RFC 3261 8.1.1.5: less than 2**31
constexpr uint32_t kDefaultPageSize = 100;
constexpr uint32_t kMaxPageSize = 1000;
constexpr int kMaxPathHops = 32;

Failure bad(const std::string& field, const std::string& problem) {
  return invalid_argument(field + ": " + problem);
}

bool is_token(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

bool printable(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

Result<std::string> checked_aor(const std::string& aor) {
  if (aor.empty()) return bad("aor", "is required, e.g. sip:alice@example.com");
  auto canonical = canonical_aor(aor);
  if (!canonical) return bad("aor", canonical.failure().message + ", got \"" + aor + "\"");
  return canonical;
}

Result<Done> check_text(const std::string& field, const std::string& value, bool required,
                        bool token) {
  if (required && value.empty()) return bad(field, "is required");
  if (value.size() > kMaxTokenLength) return bad(field, "is longer than 256 characters");
  if (token ? !is_token(value) : !printable(value)) {
    return bad(field, token ? "may not hold spaces or control characters"
                            : "may not hold control characters");
  }
  return Done{};
}

Result<int64_t> checked_expires(const std::string& field, const v1::ContactUpdate& contact,
                                const RegistryPolicy& policy) {
  if (!contact.has_expires_seconds()) return bad(field, "is required (0 removes the contact)");
  const int64_t expires = contact.expires_seconds();
  if (expires < 0) return bad(field, "must not be negative, got " + std::to_string(expires));
  if (expires > 0 && expires < policy.min_expires) {
    return Failure{ErrorCode::out_of_range, field + ": " + std::to_string(expires) +
                                                " is below the minimum of " +
                                                std::to_string(policy.min_expires) + " seconds"};
  }
  return std::min(expires, policy.max_expires);
}

Result<ContactChange> checked_contact(const v1::ContactUpdate& contact, size_t index,
                                      const RegistryPolicy& policy) {
  const std::string field = "contacts[" + std::to_string(index) + "]";
  auto uri = canonical_contact(contact.uri());
  if (!uri) return bad(field + ".uri", uri.failure().message);
  auto expires = checked_expires(field + ".expires_seconds", contact, policy);
  if (!expires) return expires.failure();
  const double q = contact.has_q() ? contact.q() : 1.0;
  if (!(q >= 0.0 && q <= 1.0)) return bad(field + ".q", "must be from 0.0 to 1.0");
  if (auto ok = check_text(field + ".instance_id", contact.instance_id(), false, true); !ok) {
    return ok.failure();
  }
  if (contact.reg_id() != 0 && contact.instance_id().empty()) {
    return bad(field + ".reg_id", "needs instance_id (RFC 5626)");
  }
  ContactChange change{"",
                       uri.value(),
                       expires.value(),
                       static_cast<int32_t>(std::lround(q * 1000)),
                       contact.instance_id(),
                       contact.reg_id()};
  change.key = binding_key(change.instance_id, change.reg_id, change.uri);
  return change;
}

Result<Done> check_wildcard(const v1::BindRequest& request) {
  const auto& contacts = request.contacts();
  const bool any =
      std::any_of(contacts.begin(), contacts.end(), [](const auto& c) { return c.uri() == "*"; });
  if (!any) return Done{};
  if (contacts.size() != 1) return bad("contacts", "\"*\" must be the only contact");
  if (!contacts[0].has_expires_seconds() || contacts[0].expires_seconds() != 0) {
    return bad("contacts[0].expires_seconds", "must be 0 with the contact \"*\"");
  }
  return Done{};
}

Result<Done> check_request_fields(const v1::BindRequest& request) {
  if (auto ok = check_text("call_id", request.call_id(), true, true); !ok) return ok;
  if (request.cseq() > kMaxCSeq) return bad("cseq", "must be less than 2^31");
  if (auto ok = check_text("user_agent", request.user_agent(), false, false); !ok) return ok;
  if (auto ok = check_text("node_id", request.node_id(), false, true); !ok) return ok;
  if (request.path_size() > kMaxPathHops) return bad("path", "has more than 32 entries");
  for (int i = 0; i < request.path_size(); ++i) {
    auto hop = canonical_contact(request.path(i));
    if (!hop) return bad("path[" + std::to_string(i) + "]", hop.failure().message);
  }
  if (!request.source_address().empty() && !parse_host_port(request.source_address())) {
    return bad("source_address", "expected ip:port, got \"" + request.source_address() + "\"");
  }
  if (!v1::Transport_IsValid(request.transport())) return bad("transport", "unknown value");
  return Done{};
}

/// A request can never need more contacts than an AOR may hold, and the same binding twice
/// in one request has no clear meaning; refusing both also bounds the work a request costs.
Result<Done> check_contact_set(const std::vector<ContactChange>& contacts) {
  for (size_t i = 0; i < contacts.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (contacts[i].key == contacts[j].key) {
        return bad("contacts[" + std::to_string(i) + "]",
                   "names the same binding as contacts[" + std::to_string(j) + "]");
      }
    }
  }
  return Done{};
}

Result<Done> check_contact_count(const v1::BindRequest& request, const RegistryPolicy& policy) {
  if (request.contacts().empty()) return bad("contacts", "at least one contact is required");
  if (static_cast<uint32_t>(request.contacts_size()) <= policy.max_contacts) return Done{};
  return Failure{ErrorCode::resource_exhausted,
                 "contacts: " + std::to_string(request.contacts_size()) +
                     " in one request, more than the " + std::to_string(policy.max_contacts) +
                     " an AOR may have (registry.max_contacts_per_aor)"};
}

}  // namespace

Result<BindCommand> to_bind_command(const v1::BindRequest& request, const RegistryPolicy& policy) {
  auto aor = checked_aor(request.aor());
  if (!aor) return aor.failure();
  if (auto ok = check_contact_count(request, policy); !ok) return ok.failure();
  if (auto ok = check_request_fields(request); !ok) return ok.failure();
  if (auto ok = check_wildcard(request); !ok) return ok.failure();
  BindCommand command;
  command.aor = aor.value();
  command.remove_all = request.contacts(0).uri() == "*";
  for (int i = 0; i < request.contacts_size() && !command.remove_all; ++i) {
    auto contact = checked_contact(request.contacts(i), static_cast<size_t>(i), policy);
    if (!contact) return contact.failure();
    command.contacts.push_back(std::move(contact).value());
  }
  if (auto ok = check_contact_set(command.contacts); !ok) return ok.failure();
  command.call_id = request.call_id();
  command.cseq = request.cseq();
  command.path.assign(request.path().begin(), request.path().end());
  command.user_agent = request.user_agent();
  command.source_address = request.source_address();
  command.transport = static_cast<Transport>(request.transport());
  command.node_id = request.node_id();
  command.max_contacts = policy.max_contacts;
  return command;
}

Result<UnbindCommand> to_unbind_command(const v1::UnbindRequest& request) {
  auto aor = checked_aor(request.aor());
  if (!aor) return aor.failure();
  UnbindCommand command{aor.value(), "*", request.call_id(), request.cseq()};
  if (request.contact_uri().empty()) return bad("contact_uri", "is required (\"*\" removes all)");
  if (request.contact_uri() != "*") {
    auto uri = canonical_contact(request.contact_uri());
    if (!uri) return bad("contact_uri", uri.failure().message);
    command.contact_uri = uri.value();
  }
  if (auto ok = check_text("call_id", request.call_id(), false, true); !ok) return ok.failure();
  if (request.cseq() > kMaxCSeq) return bad("cseq", "must be less than 2^31");
  return command;
}

Result<std::string> to_lookup_aor(const v1::LookupRequest& request) {
  return checked_aor(request.aor());
}

Result<ListQuery> to_list_query(const v1::ListRegistrationsRequest& request) {
  if (request.page_size() > kMaxPageSize) return bad("page_size", "must be at most 1000");
  if (auto ok = check_text("prefix", request.prefix(), false, true); !ok) return ok.failure();
  if (request.page_token().size() > 1024 || !is_token(request.page_token())) {
    return bad("page_token", "is not a token this service issued");
  }
  return ListQuery{request.prefix(), request.page_token(),
                   request.page_size() == 0 ? kDefaultPageSize : request.page_size()};
}

}  // namespace tandem::registry
