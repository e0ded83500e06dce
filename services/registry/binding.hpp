#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tandem::registry {

/// How the registering client reached us.
enum class Transport : uint8_t { unspecified = 0, udp = 1, tcp = 2, tls = 3, ws = 4, wss = 5 };

/// One AOR -> contact binding as stored (RFC 3261 section 10). Times are Unix milliseconds
/// on the store's clock.
struct Binding {
  std::string aor;
  /// Canonical contact URI (see canonical_contact).
  std::string contact_uri;
  int64_t expires_at_ms = 0;
  /// q times 1000, so that comparisons are exact.
  int32_t q_milli = 1000;
  std::string call_id;
  uint32_t cseq = 0;
  std::string instance_id;
  uint32_t reg_id = 0;
  std::vector<std::string> path;
  std::string user_agent;
  std::string source_address;
  Transport transport = Transport::unspecified;
  std::string node_id;
  int64_t registered_at_ms = 0;
  int64_t updated_at_ms = 0;

  bool operator==(const Binding&) const = default;
};

/// A set of live bindings and the store time they were read at, so that callers can say how
/// many seconds each has left by the store's clock rather than their own.
struct BindingSet {
  int64_t now_ms = 0;
  std::vector<Binding> bindings;
};

/// One contact of a REGISTER, validated and canonicalised.
struct ContactChange {
  /// What identifies the binding: the instance (RFC 5626) or the canonical URI.
  std::string key;
  std::string uri;
  int64_t expires_seconds = 0;
  int32_t q_milli = 1000;
  std::string instance_id;
  uint32_t reg_id = 0;
};

/// A validated REGISTER, ready for a store to apply atomically.
struct BindCommand {
  std::string aor;
  /// True for "Contact: *" with expires 0 (remove everything); `contacts` is then empty.
  bool remove_all = false;
  std::vector<ContactChange> contacts;
  std::string call_id;
  uint32_t cseq = 0;
  std::vector<std::string> path;
  std::string user_agent;
  std::string source_address;
  Transport transport = Transport::unspecified;
  std::string node_id;
  /// Policy: refuse to grow the AOR beyond this many live bindings.
  uint32_t max_contacts = 10;
};

/// Removes one contact ("*": all). With an empty call_id the removal is unconditional.
struct UnbindCommand {
  std::string aor;
  std::string contact_uri;
  std::string call_id;
  uint32_t cseq = 0;
};

struct UnbindOutcome {
  uint32_t removed = 0;
  BindingSet remaining;
};

/// Lists AORs whose name starts with `prefix`, strictly after `after`, at most `limit`.
struct ListQuery {
  std::string prefix;
  std::string after;
  uint32_t limit = 100;
};

struct Registration {
  std::string aor;
  std::vector<Binding> bindings;
};

struct RegistrationPage {
  int64_t now_ms = 0;
  std::vector<Registration> registrations;
  /// True if AORs after the last one listed may exist.
  bool more = false;
};

/// What a reaping pass found.
struct ReapOutcome {
  uint64_t removed_bindings = 0;
  uint64_t live_bindings = 0;
  uint64_t live_aors = 0;
};

}  // namespace tandem::registry
