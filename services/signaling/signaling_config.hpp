#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "libs/common/config_schema.hpp"
#include "libs/common/result.hpp"
#include "services/signaling/cidr.hpp"
#include "services/signaling/dialplan/dialplan.hpp"

namespace tandem::signaling {

/// A SIP account: a password, or HA1 values per algorithm computed for this realm.
struct SipUser {
  std::string name;
  std::string password;
  std::string ha1_md5;
  std::string ha1_sha256;
};

/// The signaling role's configuration: the `signaling.*` keys.
struct SignalingConfig {
  /// host:port, or empty to disable the transport.
  std::string udp_listen = "127.0.0.1:5060";
  std::string tcp_listen = "127.0.0.1:5060";
  std::string tls_listen;
  std::string ws_listen = "127.0.0.1:5066";
  std::string wss_listen;
  /// PEM files for TLS and WSS.
  std::string tls_certificate;
  std::string tls_private_key;
  int64_t udp_threads = 2;
  int64_t udp_receive_buffer = 8 * 1024 * 1024;
  /// TCP, TLS, WS and WSS connections.
  std::chrono::milliseconds connection_idle_timeout{std::chrono::minutes(10)};
  int64_t connections_per_source = 64;
  int64_t max_message_bytes = 64 * 1024;
  std::chrono::milliseconds t1{500};
  std::chrono::milliseconds t2{4000};
  std::chrono::milliseconds t4{5000};

  /// "required": REGISTER needs digest credentials; "off": anyone may register (tests, demos).
  std::string registrar_auth = "required";
  int64_t default_expires = 3600;
  /// "required": a new INVITE needs digest credentials of a configured user; "off": anyone
  /// may call (tests, demos).
  std::string calls_auth = "required";
  std::string realm = "tandem";
  /// Digest algorithms offered, most preferred first: "SHA-256,MD5". MD5 alone by default,
  /// because common clients fail when offered more (see tandem.yaml).
  std::string algorithms = "MD5";
  /// Shared by every signaling replica so each accepts nonces the others issued. Empty: a
  /// random secret for this process only.
  std::string nonce_secret;
  std::chrono::milliseconds nonce_lifetime{std::chrono::minutes(5)};
  std::vector<SipUser> users;
  /// Where calls go (signaling.dialplan), checked when loaded; empty when none is set.
  std::shared_ptr<const dialplan::Dialplan> dialplan;
  std::string dialplan_yaml;  // as written, for --print-config
  /// Comma-separated CIDRs Dial may send INVITEs to; a contact elsewhere is not called.
  std::string calls_outbound_allow = "127.0.0.0/8, ::1";

  /// Interception: comma-separated CIDRs allowed (empty: all) and denied.
  std::string acl_allow;
  std::string acl_deny;
  /// Messages per second per source IP, and burst; 0: unlimited.
  int64_t rate = 0;
  int64_t burst = 0;
  /// This many failed authentications within the window ban the source; 0: never.
  int64_t ban_failures = 10;
  std::chrono::milliseconds ban_window{std::chrono::minutes(1)};
  std::chrono::milliseconds ban_duration{std::chrono::minutes(10)};

  /// Log every SIP message sent and received.
  bool trace = false;
};

void describe_signaling_config(ConfigSchema& schema, SignalingConfig& config);

/// "10.0.0.0/8, 192.0.2.7" as CIDRs; the failure names the bad entry.
Result<std::vector<Cidr>> parse_cidr_list(const std::string& list);
std::vector<std::string> validate_signaling_config(const SignalingConfig& config);

}  // namespace tandem::signaling
