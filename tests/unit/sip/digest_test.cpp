#include "libs/sip/digest.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

// RFC 7616 section 3.9.1.
TEST(DigestTest, MatchesTheRfc7616Examples) {
  const std::string nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  const std::string cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  for (auto [algorithm, expected] :
       {std::pair{DigestAlgorithm::md5, "8ca523f5e9506fed4657c9700eebdbec"},
        std::pair{DigestAlgorithm::sha256,
                  "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"}}) {
    const auto ha1 = digest_ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(digest_response(algorithm, ha1, "GET", "/dir/index.html", nonce, "00000001", cnonce,
                              "auth"),
              expected);
  }
}

// Computed independently with the openssl command line:
//   h() { printf '%s' "$2" | openssl dgst -$1 | awk '{print $2}'; }
//   HA1=$(h md5 'alice:tandem:alicepw'); HA2=$(h md5 'REGISTER:sip:127.0.0.1:5060')
//   h md5 "$HA1:abc:00000001:xyz:auth:$HA2"        (and the same with sha256)
TEST(DigestTest, MatchesAVectorComputedByOpenssl) {
  EXPECT_EQ(digest_ha1(DigestAlgorithm::md5, "alice", "tandem", "alicepw"),
            "1f9e93bacbdd3e84b08d3e8f5a5014a9");
  EXPECT_EQ(digest_response(DigestAlgorithm::md5, "1f9e93bacbdd3e84b08d3e8f5a5014a9", "REGISTER",
                            "sip:127.0.0.1:5060", "abc", "00000001", "xyz", "auth"),
            "fc6f5353372dab194001eb0f15610982");
  const auto ha1 = digest_ha1(DigestAlgorithm::sha256, "alice", "tandem", "alicepw");
  EXPECT_EQ(ha1, "12505eed6ef82c6e6c8acaebe4c1a829a541063bac288c2675fd0176bd010efa");
  EXPECT_EQ(digest_response(DigestAlgorithm::sha256, ha1, "REGISTER", "sip:127.0.0.1:5060", "abc",
                            "00000001", "xyz", "auth"),
            "a6bf3678317ae3808b294a2ed458c11e074a49bb7263e5712e6f04dd3bceb554");
}

TEST(DigestTest, NamesAlgorithmsAndWritesChallenges) {
  EXPECT_EQ(digest_algorithm(""), DigestAlgorithm::md5) << "absent means MD5";
  EXPECT_EQ(digest_algorithm("sha-256"), DigestAlgorithm::sha256);
  EXPECT_FALSE(digest_algorithm("SHA-512-256").has_value());
  EXPECT_EQ(digest_challenge(DigestAlgorithm::sha256, "tandem", "n1", true),
            "Digest realm=\"tandem\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", stale=true");
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
}

}  // namespace
}  // namespace tandem::sip
