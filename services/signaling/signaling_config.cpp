#include "services/signaling/signaling_config.hpp"

#include <yaml-cpp/yaml.h>

#include <array>

#include "libs/common/host_port.hpp"
#include "libs/sip/digest.hpp"

namespace tandem::signaling {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

void add_listen(ConfigSchema& schema, std::string path, std::string help, std::string* target) {
  schema.add_string(std::move(path), std::move(help) + "; empty disables it", target);
}

std::optional<std::string> read_user(const YAML::Node& node, SipUser& user) {
  if (!node.IsMap())
    return "each user must be a mapping with name and password (or ha1_md5/ha1_sha256)";
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>();
    if (!entry.second.IsScalar()) return "user field " + key + " must be a single value";
    const auto value = entry.second.as<std::string>();
    if (key == "name")
      user.name = value;
    else if (key == "password")
      user.password = value;
    else if (key == "ha1_md5")
      user.ha1_md5 = value;
    else if (key == "ha1_sha256")
      user.ha1_sha256 = value;
    else
      return "unknown user field " + key + " (name, password, ha1_md5, ha1_sha256)";
  }
  if (user.name.empty()) return "a user has no name";
  if (user.password.empty() && user.ha1_md5.empty() && user.ha1_sha256.empty()) {
    return "user " + user.name + " needs a password or an HA1";
  }
  return std::nullopt;
}

std::optional<std::string> read_users(const YAML::Node& node, std::vector<SipUser>& users) {
  if (node.IsNull()) {
    users.clear();
    return std::nullopt;
  }
  if (!node.IsSequence()) return "expected a list of users";
  std::vector<SipUser> read;
  for (const auto& item : node) {
    SipUser user;
    if (auto problem = read_user(item, user)) return problem;
    read.push_back(std::move(user));
  }
  users = std::move(read);
  return std::nullopt;
}

std::string show_users(const std::vector<SipUser>& users) {
  YAML::Node list(YAML::NodeType::Sequence);
  for (const auto& user : users) {
    YAML::Node node;
    node["name"] = user.name;
    node["password"] = user.password.empty() ? "" : "(set, not shown)";
    list.push_back(node);
  }
  YAML::Emitter out;
  out << YAML::Flow << list;
  return out.c_str();
}

std::optional<std::string> read_dialplan(const YAML::Node& node, SignalingConfig& c) {
  if (node.IsNull()) {
    c.dialplan.reset();
    c.dialplan_yaml.clear();
    return std::nullopt;
  }
  auto plan = dialplan::Dialplan::parse(node, "");
  if (!plan) return plan.failure().message;
  c.dialplan = std::make_shared<const dialplan::Dialplan>(std::move(plan).value());
  c.dialplan_yaml = YAML::Dump(node);
  return std::nullopt;
}

}  // namespace

void describe_signaling_config(ConfigSchema& schema, SignalingConfig& c) {
  add_listen(schema, "signaling.sip.udp", "SIP over UDP, host:port", &c.udp_listen);
  add_listen(schema, "signaling.sip.tcp", "SIP over TCP, host:port", &c.tcp_listen);
  add_listen(schema, "signaling.sip.tls", "SIP over TLS, host:port", &c.tls_listen);
  add_listen(schema, "signaling.sip.ws", "SIP over WebSocket (RFC 7118), host:port", &c.ws_listen);
  add_listen(schema, "signaling.sip.wss", "SIP over secure WebSocket, host:port", &c.wss_listen);
  schema.add_string("signaling.sip.tls_certificate",
                    "PEM certificate chain for TLS and WSS, leaf first", &c.tls_certificate);
  schema.add_string("signaling.sip.tls_private_key", "PEM private key of that certificate",
                    &c.tls_private_key);
  schema.add_int("signaling.sip.udp_threads", "threads receiving UDP", &c.udp_threads, 1, 64);
  schema.add_int("signaling.sip.udp_receive_buffer", "UDP socket receive buffer, bytes",
                 &c.udp_receive_buffer, 65'536, 256 * 1024 * 1024);
  schema.add_duration("signaling.sip.connection_idle_timeout",
                      "close TCP/TLS/WS/WSS connections silent this long",
                      &c.connection_idle_timeout, milliseconds{100}, std::chrono::hours{24});
  schema.add_int("signaling.sip.connections_per_source",
                 "TCP/TLS/WS/WSS connections one IP may hold open", &c.connections_per_source, 1,
                 100'000);
  schema.add_int("signaling.sip.max_message_bytes", "larger messages are refused (513)",
                 &c.max_message_bytes, 1024, 1024 * 1024);
  schema.add_duration("signaling.sip.t1", "RFC 3261 T1, the round-trip estimate", &c.t1,
                      milliseconds{10}, milliseconds{10'000});
  schema.add_duration("signaling.sip.t2", "RFC 3261 T2, the longest retransmit interval", &c.t2,
                      milliseconds{10}, milliseconds{60'000});
  schema.add_duration("signaling.sip.t4", "RFC 3261 T4, how long messages live in the network",
                      &c.t4, milliseconds{10}, milliseconds{60'000});
  schema.add_choice("signaling.registrar.auth", "whether REGISTER needs digest credentials",
                    &c.registrar_auth, {"required", "off"});
  schema.add_choice("signaling.calls.auth", "whether a new INVITE needs digest credentials",
                    &c.calls_auth, {"required", "off"});
  schema.add_string("signaling.calls.outbound_allow",
                    "CIDRs Dial may call, comma-separated; contacts elsewhere are skipped",
                    &c.calls_outbound_allow);
  schema.add_int("signaling.registrar.default_expires",
                 "expires when a REGISTER gives none, seconds", &c.default_expires, 1, 86'400);
  schema.add_string("signaling.auth.realm", "digest realm", &c.realm);
  schema.add_string("signaling.auth.algorithms", "digest algorithms offered, preferred first",
                    &c.algorithms);
  schema.add_secret("signaling.auth.nonce_secret", "HMAC key for nonces, the same on every replica",
                    &c.nonce_secret);
  schema.add_duration("signaling.auth.nonce_lifetime", "nonces older than this are stale",
                      &c.nonce_lifetime, milliseconds{1000}, std::chrono::hours{24});
  schema.add_structured(
      "signaling.users", "SIP accounts: [{name, password}] or [{name, ha1_md5, ha1_sha256}]",
      [&c](const YAML::Node& node) { return read_users(node, c.users); },
      [&c] { return show_users(c.users); });
  schema.add_structured(
      "signaling.dialplan",
      "where calls go: {context: {extension: [Application(arguments), ...]}}, as in "
      "Asterisk's extensions.conf",
      [&c](const YAML::Node& node) { return read_dialplan(node, c); },
      [&c] { return c.dialplan_yaml.empty() ? std::string("{}") : c.dialplan_yaml; });
  schema.add_string("signaling.acl.allow", "CIDRs allowed to send SIP, comma-separated; empty: all",
                    &c.acl_allow);
  schema.add_string("signaling.acl.deny", "CIDRs never heard, comma-separated", &c.acl_deny);
  schema.add_int("signaling.limits.rate", "messages per second one IP may send; 0: unlimited",
                 &c.rate, 0, 1'000'000);
  schema.add_int("signaling.limits.burst", "messages one IP may send at once above the rate",
                 &c.burst, 0, 1'000'000);
  schema.add_int("signaling.ban.failures", "failed authentications that ban a source; 0: never",
                 &c.ban_failures, 0, 1'000'000);
  schema.add_duration("signaling.ban.window", "counting window for failed authentications",
                      &c.ban_window, milliseconds{1000}, std::chrono::hours{24});
  schema.add_duration("signaling.ban.duration", "how long a ban lasts", &c.ban_duration,
                      milliseconds{1000}, std::chrono::hours{24 * 7});
  schema.add_bool("signaling.trace", "log every SIP message", &c.trace);
}

Result<std::vector<Cidr>> parse_cidr_list(const std::string& list) {
  std::vector<Cidr> cidrs;
  size_t start = 0;
  while (start < list.size()) {
    auto comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string item = list.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) {
      auto cidr = Cidr::parse(item);
      if (!cidr) return cidr.failure();
      cidrs.push_back(cidr.value());
    }
    start = comma + 1;
  }
  return cidrs;
}

std::vector<std::string> validate_signaling_config(const SignalingConfig& c) {
  std::vector<std::string> problems;
  for (const auto& [key, list] :
       {std::pair{"signaling.acl.allow", &c.acl_allow},
        std::pair{"signaling.acl.deny", &c.acl_deny},
        std::pair{"signaling.calls.outbound_allow", &c.calls_outbound_allow}}) {
    if (auto parsed = parse_cidr_list(*list); !parsed) {
      problems.push_back(std::string(key) + ": " + parsed.failure().message);
    }
  }
  if (c.rate > 0 && c.burst < 1)
    problems.emplace_back("signaling.limits.burst must be at least 1 when a rate is set");
  const std::array<std::pair<const char*, const std::string*>, 5> listens = {
      std::pair{"udp", &c.udp_listen}, std::pair{"tcp", &c.tcp_listen},
      std::pair{"tls", &c.tls_listen}, std::pair{"ws", &c.ws_listen},
      std::pair{"wss", &c.wss_listen}};
  bool any = false;
  for (const auto& [name, listen] : listens) {
    any = any || !listen->empty();
    if (!listen->empty() && !parse_host_port(*listen)) {
      problems.push_back(std::string("signaling.sip.") + name + " must be host:port, got \"" +
                         *listen + "\"");
    }
  }
  if (!any) problems.emplace_back("signaling.sip: set at least one of udp, tcp, tls, ws, wss");
  if ((!c.tls_listen.empty() || !c.wss_listen.empty()) &&
      (c.tls_certificate.empty() || c.tls_private_key.empty())) {
    problems.emplace_back(
        "signaling.sip.tls and signaling.sip.wss need signaling.sip.tls_certificate and "
        "signaling.sip.tls_private_key (PEM files)");
  }
  size_t start = 0;
  while (start <= c.algorithms.size()) {
    const auto comma = c.algorithms.find(',', start);
    const auto name = c.algorithms.substr(start, comma - start);
    if (!sip::digest_algorithm(name) || name.empty()) {
      problems.push_back("signaling.auth.algorithms: unknown algorithm \"" + name +
                         "\" (MD5, SHA-256)");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (c.t1 > c.t2) problems.emplace_back("signaling.sip.t1 must not exceed signaling.sip.t2");
  return problems;
}

}  // namespace tandem::signaling
