#include "services/signaling/digest_authenticator.hpp"

#include <algorithm>

#include "libs/sip/auth_header.hpp"
#include "libs/sip/chars.hpp"

namespace tandem::signaling {
namespace {

using sip::DigestAlgorithm;

DigestAuthenticator::Outcome failed(std::string why, bool stale = false) {
  return {false, {}, stale, std::move(why)};
}

const std::string* field(const sip::AuthHeader& header, std::string_view name) {
  return header.find(name);
}

}  // namespace

std::vector<DigestAlgorithm> parse_algorithms(const std::string& list) {
  std::vector<DigestAlgorithm> algorithms;
  size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const auto name = sip::chars::trim(std::string_view(list).substr(start, comma - start));
    if (auto algorithm = sip::digest_algorithm(name); algorithm && !name.empty()) {
      algorithms.push_back(*algorithm);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return algorithms;
}

DigestAuthenticator::DigestAuthenticator(const Credentials& credentials, NonceIssuer& nonces,
                                         NonceCounts& counts, std::string realm,
                                         std::vector<DigestAlgorithm> algorithms)
    : credentials_(credentials),
      nonces_(nonces),
      counts_(counts),
      realm_(std::move(realm)),
      algorithms_(std::move(algorithms)) {}

DigestAuthenticator::Outcome DigestAuthenticator::verify(const sip::SipMessage& request) const {
  Outcome outcome = failed("missing");
  for (const auto& header : request.headers()) {
    if (header.id != sip::HeaderId::authorization) continue;
    auto parsed = sip::parse_auth_header(header.value);
    // Credentials for another realm or scheme are not ours to judge (RFC 4475 regaut01).
    if (!parsed || !sip::chars::iequals(parsed.value().scheme, "Digest")) continue;
    const auto* realm = field(parsed.value(), "realm");
    if (realm == nullptr || *realm != realm_) continue;
    outcome = check(request, header.value);
    if (outcome.ok) return outcome;
  }
  return outcome;
}

DigestAuthenticator::Outcome DigestAuthenticator::check(const sip::SipMessage& request,
                                                        std::string_view value) const {
  const auto header = sip::parse_auth_header(value).value();
  const auto* user = field(header, "username");
  const auto* nonce = field(header, "nonce");
  const auto* uri = field(header, "uri");
  const auto* response = field(header, "response");
  const auto* qop = field(header, "qop");
  const auto* nc = field(header, "nc");
  const auto* cnonce = field(header, "cnonce");
  const auto* algorithm_name = field(header, "algorithm");
  if (!user || !nonce || !uri || !response || !qop || !nc || !cnonce || *qop != "auth") {
    return failed("malformed");
  }
  const auto algorithm = sip::digest_algorithm(algorithm_name ? *algorithm_name : "");
  if (!algorithm ||
      std::find(algorithms_.begin(), algorithms_.end(), *algorithm) == algorithms_.end()) {
    return failed("malformed");
  }
  switch (nonces_.check(*nonce, realm_)) {
    case NonceIssuer::Check::invalid: return failed("bad_nonce");
    case NonceIssuer::Check::stale: return failed("stale", true);
    case NonceIssuer::Check::valid: break;
  }
  // An unknown user is checked against a made-up HA1: the same work, the same answer.
  const auto ha1 = credentials_.ha1(*user, *algorithm).value_or(std::string(64, '0'));
  const auto expected = sip::digest_response(*algorithm, ha1, request.method_name(), *uri, *nonce,
                                             *nc, *cnonce, *qop);
  const bool known = credentials_.ha1(*user, *algorithm).has_value();
  if (!sip::constant_time_equals(expected, *response) || !known || *uri != request.request_uri()) {
    return failed("rejected");
  }
  if (!counts_.accept(*nonce, *nc)) return failed("replay");
  return {true, *user, false, {}};
}

void DigestAuthenticator::challenge(sip::OutgoingMessage& response, bool stale) const {
  for (auto algorithm : algorithms_) {
    response.add("WWW-Authenticate",
                 sip::digest_challenge(algorithm, realm_, nonces_.issue(realm_), stale));
  }
}

}  // namespace tandem::signaling
