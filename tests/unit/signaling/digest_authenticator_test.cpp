#include "services/signaling/digest_authenticator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/auth_header.hpp"
#include "libs/sip/parser.hpp"
#include "tests/support/manual_clock.hpp"

namespace tandem::signaling {
namespace {

using sip::DigestAlgorithm;
using std::chrono::milliseconds;

class DigestAuthenticatorTest : public ::testing::Test {
 protected:
  /// A REGISTER answering `nonce` as a UA would, with `password`.
  sip::SipMessage request(const std::string& user, const std::string& password,
                          const std::string& nonce, const std::string& nc = "00000001",
                          DigestAlgorithm algorithm = DigestAlgorithm::md5,
                          const std::string& realm = "tandem") {
    const auto ha1 = sip::digest_ha1(algorithm, user, realm, password);
    const auto response = sip::digest_response(algorithm, ha1, "REGISTER", "sip:127.0.0.1", nonce,
                                               nc, "c0ffee", "auth");
    const std::string authorization =
        "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce +
        "\", uri=\"sip:127.0.0.1\", response=\"" + response +
        "\", algorithm=" + std::string(sip::algorithm_name(algorithm)) + ", qop=auth, nc=" + nc +
        ", cnonce=\"c0ffee\"";
    return *sip::parse_message(
                "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                "From: <sip:" +
                    user + "@h>;tag=1\r\nTo: <sip:" + user +
                    "@h>\r\n"
                    "Call-ID: c\r\nCSeq: 2 REGISTER\r\nAuthorization: " +
                    authorization + "\r\nContent-Length: 0\r\n\r\n",
                sip::Framing::datagram)
                .message;
  }

  tandem::testing::ManualClock clock;
  Credentials credentials{{{"alice", "alicepw", "", ""}}, "tandem"};
  NonceIssuer nonces{"secret", milliseconds{30'000}, clock};
  NonceCounts counts{milliseconds{30'000}, clock};
  DigestAuthenticator authenticator{
      credentials, nonces, counts, "tandem", {DigestAlgorithm::sha256, DigestAlgorithm::md5}};
};

TEST_F(DigestAuthenticatorTest, AcceptsTheRightPasswordWithEitherAlgorithm) {
  auto md5 = authenticator.verify(request("alice", "alicepw", nonces.issue("tandem")));
  EXPECT_TRUE(md5.ok);
  EXPECT_EQ(md5.user, "alice");
  EXPECT_TRUE(authenticator
                  .verify(request("alice", "alicepw", nonces.issue("tandem"), "00000001",
                                  DigestAlgorithm::sha256))
                  .ok);
}

TEST_F(DigestAuthenticatorTest, AWrongPasswordAndAnUnknownUserFailAlike) {
  const auto wrong = authenticator.verify(request("alice", "guess", nonces.issue("tandem")));
  const auto unknown = authenticator.verify(request("mallory", "guess", nonces.issue("tandem")));
  EXPECT_FALSE(wrong.ok);
  EXPECT_FALSE(unknown.ok);
  EXPECT_EQ(wrong.failure, "rejected");
  EXPECT_EQ(unknown.failure, wrong.failure);
}

TEST_F(DigestAuthenticatorTest, RefusesReplayedStaleAndForeignCredentials) {
  const auto nonce = nonces.issue("tandem");
  EXPECT_TRUE(authenticator.verify(request("alice", "alicepw", nonce)).ok);
  EXPECT_EQ(authenticator.verify(request("alice", "alicepw", nonce)).failure, "replay");
  clock.advance(milliseconds{30'001});
  const auto stale = authenticator.verify(request("alice", "alicepw", nonce, "00000002"));
  EXPECT_TRUE(stale.stale);
  EXPECT_EQ(authenticator.verify(request("alice", "alicepw", "forged")).failure, "bad_nonce");
  EXPECT_EQ(authenticator
                .verify(request("alice", "alicepw", nonces.issue("x"), "00000001",
                                DigestAlgorithm::md5, "x"))
                .failure,
            "missing")
      << "credentials for another realm are not ours";
}

TEST_F(DigestAuthenticatorTest, ChallengesOfferEveryAlgorithmInOrderWithFreshNonces) {
  auto response = sip::OutgoingMessage::response(401, "Unauthorized");
  authenticator.challenge(response, false);
  const auto text = response.serialize();
  const auto sha = text.find("algorithm=SHA-256");
  const auto md5 = text.find("algorithm=MD5");
  ASSERT_NE(sha, std::string::npos);
  ASSERT_NE(md5, std::string::npos);
  EXPECT_LT(sha, md5);
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("stale")));
}

}  // namespace
}  // namespace tandem::signaling
