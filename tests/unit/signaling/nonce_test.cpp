#include "services/signaling/nonce.hpp"

#include <gtest/gtest.h>

#include "tests/support/manual_clock.hpp"

namespace tandem::signaling {
namespace {

using std::chrono::milliseconds;
using Check = NonceIssuer::Check;

class NonceTest : public ::testing::Test {
 protected:
  tandem::testing::ManualClock clock;
  NonceIssuer issuer{"shared-secret", milliseconds{60'000}, clock};
};

TEST_F(NonceTest, AFreshNonceIsValidForItsRealmOnly) {
  const auto nonce = issuer.issue("tandem");
  EXPECT_EQ(issuer.check(nonce, "tandem"), Check::valid);
  EXPECT_EQ(issuer.check(nonce, "elsewhere"), Check::invalid);
  EXPECT_NE(issuer.issue("tandem"), nonce) << "each nonce is new";
}

TEST_F(NonceTest, AnotherReplicaWithTheSameSecretAcceptsItAndOneWithAnotherDoesNot) {
  const auto nonce = issuer.issue("tandem");
  NonceIssuer replica{"shared-secret", milliseconds{60'000}, clock};
  NonceIssuer stranger{"other-secret", milliseconds{60'000}, clock};
  EXPECT_EQ(replica.check(nonce, "tandem"), Check::valid);
  EXPECT_EQ(stranger.check(nonce, "tandem"), Check::invalid);
}

TEST_F(NonceTest, AnOldNonceIsStaleAndATamperedOneInvalid) {
  auto nonce = issuer.issue("tandem");
  clock.advance(milliseconds{60'001});
  EXPECT_EQ(issuer.check(nonce, "tandem"), Check::stale);
  nonce[3] = nonce[3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(issuer.check(nonce, "tandem"), Check::invalid);
  EXPECT_EQ(issuer.check("not base64 !", "tandem"), Check::invalid);
  EXPECT_EQ(issuer.check("", "tandem"), Check::invalid);
}

TEST_F(NonceTest, NonceCountsRefuseReplays) {
  NonceCounts counts{milliseconds{60'000}, clock};
  EXPECT_TRUE(counts.accept("n1", "00000001"));
  EXPECT_FALSE(counts.accept("n1", "00000001")) << "the same nc again is a replay";
  EXPECT_TRUE(counts.accept("n1", "00000002"));
  EXPECT_TRUE(counts.accept("n2", "00000001")) << "counts are per nonce";
  EXPECT_FALSE(counts.accept("n3", "1")) << "nc is 8 hex digits";
  EXPECT_FALSE(counts.accept("n3", "0000000g"));
  EXPECT_FALSE(counts.accept("n3", "00000000"));
}

}  // namespace
}  // namespace tandem::signaling
