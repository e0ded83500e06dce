#pragma once

#include <string>
#include <vector>

#include "libs/sip/digest.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/outgoing_message.hpp"
#include "services/signaling/credentials.hpp"
#include "services/signaling/nonce.hpp"

namespace tandem::signaling {

/// Digest authentication of requests (RFC 3261 22, RFC 7616, RFC 8760), qop=auth only.
/// Thread-safe.
class DigestAuthenticator {
 public:
  struct Outcome {
    bool ok = false;
    /// The authenticated user name.
    std::string user;
    /// The nonce was genuine but too old: challenge again with stale=true.
    bool stale = false;
    /// For metrics: "missing", "malformed", "bad_nonce", "stale", "replay", "rejected".
    std::string failure;
  };

  DigestAuthenticator(const Credentials& credentials, NonceIssuer& nonces, NonceCounts& counts,
                      std::string realm, std::vector<sip::DigestAlgorithm> algorithms);

  /// Checks the request's credentials for our realm. An unknown user and a wrong password
  /// fail alike ("rejected"), after the same amount of work, so that a 401 never tells
  /// whether an account exists.
  Outcome verify(const sip::SipMessage& request) const;

  /// Adds one WWW-Authenticate per offered algorithm, most preferred first (RFC 8760 2.4).
  void challenge(sip::OutgoingMessage& response, bool stale) const;

 private:
  Outcome check(const sip::SipMessage& request, std::string_view value) const;

  const Credentials& credentials_;
  NonceIssuer& nonces_;
  NonceCounts& counts_;
  std::string realm_;
  std::vector<sip::DigestAlgorithm> algorithms_;
};

/// "SHA-256,MD5" as algorithms; unknown names are skipped (the config validator refuses them).
std::vector<sip::DigestAlgorithm> parse_algorithms(const std::string& list);

}  // namespace tandem::signaling
