#include "services/signaling/admission.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/metrics.hpp"
#include "tests/support/manual_clock.hpp"

namespace tandem::signaling {
namespace {

using std::chrono::milliseconds;

sip::TransportAddress from(const std::string& ip) { return {sip::TransportKind::udp, ip, 5060, 0}; }

class AdmissionTest : public ::testing::Test {
 protected:
  tandem::testing::ManualClock clock;
  prometheus::Registry metrics;
};

TEST_F(AdmissionTest, DenyWinsOverAllowAndAnAllowListShutsOutTheRest) {
  AdmissionOptions options;
  options.allow = {Cidr::parse("10.0.0.0/8").value()};
  options.deny = {Cidr::parse("10.6.6.0/24").value()};
  Admission admission(options, clock, metrics);
  EXPECT_TRUE(admission.admit(from("10.1.2.3")));
  EXPECT_FALSE(admission.admit(from("10.6.6.6")));
  EXPECT_FALSE(admission.admit(from("192.0.2.1")));
  EXPECT_THAT(render_metrics(metrics),
              ::testing::HasSubstr("tandem_sip_dropped_total{reason=\"acl\"} 2"));
}

TEST_F(AdmissionTest, ATokenBucketPerSourceLimitsTheRate) {
  AdmissionOptions options;
  options.rate = 10;
  options.burst = 3;
  Admission admission(options, clock, metrics);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(admission.admit(from("192.0.2.1"))) << i;
  EXPECT_FALSE(admission.admit(from("192.0.2.1"))) << "the burst is spent";
  EXPECT_TRUE(admission.admit(from("192.0.2.2"))) << "another source has its own bucket";
  clock.advance(milliseconds{100});
  EXPECT_TRUE(admission.admit(from("192.0.2.1"))) << "one token back after 1/rate";
  EXPECT_FALSE(admission.admit(from("192.0.2.1")));
}

TEST_F(AdmissionTest, RepeatedAuthFailuresBanTheSourceForAWhile) {
  AdmissionOptions options;
  options.ban_failures = 3;
  options.ban_window = milliseconds{60'000};
  options.ban_duration = milliseconds{600'000};
  Admission admission(options, clock, metrics);
  admission.record_auth_failure(from("192.0.2.9"));
  clock.advance(milliseconds{61'000});
  admission.record_auth_failure(from("192.0.2.9"));
  admission.record_auth_failure(from("192.0.2.9"));
  EXPECT_TRUE(admission.admit(from("192.0.2.9"))) << "the first failure left the window";
  admission.record_auth_failure(from("192.0.2.9"));
  EXPECT_FALSE(admission.admit(from("192.0.2.9")));
  EXPECT_TRUE(admission.admit(from("192.0.2.10")));
  clock.advance(milliseconds{600'001});
  EXPECT_TRUE(admission.admit(from("192.0.2.9"))) << "the ban ran out";
  EXPECT_THAT(render_metrics(metrics), ::testing::HasSubstr("tandem_sip_bans_total 1"));
}

}  // namespace
}  // namespace tandem::signaling
