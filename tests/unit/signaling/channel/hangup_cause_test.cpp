#include "services/signaling/channel/hangup_cause.hpp"

#include <gtest/gtest.h>

namespace tandem::channel {
namespace {

TEST(HangupCauseTest, CausesBecomeTheResponsesOfRfc3398) {
  EXPECT_EQ(sip_status_for(HangupCause::unallocated_number), 404);
  EXPECT_EQ(sip_status_for(HangupCause::no_route_destination), 404);
  EXPECT_EQ(sip_status_for(HangupCause::user_busy), 486);
  EXPECT_EQ(sip_status_for(HangupCause::no_user_response), 408);
  EXPECT_EQ(sip_status_for(HangupCause::no_answer), 480);
  EXPECT_EQ(sip_status_for(HangupCause::subscriber_absent), 480);
  EXPECT_EQ(sip_status_for(HangupCause::call_rejected), 403);
  EXPECT_EQ(sip_status_for(HangupCause::number_changed), 410);
  EXPECT_EQ(sip_status_for(HangupCause::destination_out_of_order), 502);
  EXPECT_EQ(sip_status_for(HangupCause::invalid_number_format), 484);
  EXPECT_EQ(sip_status_for(HangupCause::facility_rejected), 501);
  EXPECT_EQ(sip_status_for(HangupCause::normal_circuit_congestion), 503);
  EXPECT_EQ(sip_status_for(HangupCause::bearercapability_notimpl), 488);
  EXPECT_EQ(sip_status_for(HangupCause::recovery_on_timer_expire), 504);
  EXPECT_EQ(sip_status_for(HangupCause::interworking), 500);
  // No row in RFC 3398 (normal clearing ends with BYE or CANCEL): 480.
  EXPECT_EQ(sip_status_for(HangupCause::normal_clearing), 480);
  EXPECT_EQ(sip_status_for(HangupCause::none), 480);
}

TEST(HangupCauseTest, ResponsesBecomeTheCausesOfRfc3398) {
  EXPECT_EQ(cause_for_sip_status(404), HangupCause::unallocated_number);
  EXPECT_EQ(cause_for_sip_status(403), HangupCause::call_rejected);
  EXPECT_EQ(cause_for_sip_status(407), HangupCause::call_rejected);
  EXPECT_EQ(cause_for_sip_status(408), HangupCause::recovery_on_timer_expire);
  EXPECT_EQ(cause_for_sip_status(480), HangupCause::no_user_response);
  EXPECT_EQ(cause_for_sip_status(484), HangupCause::invalid_number_format);
  EXPECT_EQ(cause_for_sip_status(486), HangupCause::user_busy);
  EXPECT_EQ(cause_for_sip_status(502), HangupCause::network_out_of_order);
  EXPECT_EQ(cause_for_sip_status(503), HangupCause::normal_temporary_failure);
  EXPECT_EQ(cause_for_sip_status(600), HangupCause::user_busy);
  EXPECT_EQ(cause_for_sip_status(603), HangupCause::call_rejected);
  EXPECT_EQ(cause_for_sip_status(604), HangupCause::unallocated_number);
  // Without a row: interworking for 4xx and 6xx, temporary failure for 5xx.
  EXPECT_EQ(cause_for_sip_status(499), HangupCause::interworking);
  EXPECT_EQ(cause_for_sip_status(580), HangupCause::normal_temporary_failure);
  EXPECT_EQ(cause_for_sip_status(699), HangupCause::interworking);
}

TEST(HangupCauseTest, DialplansNameCausesByNameOrNumber) {
  EXPECT_EQ(parse_cause("USER_BUSY"), HangupCause::user_busy);
  EXPECT_EQ(parse_cause("17"), HangupCause::user_busy);
  EXPECT_EQ(parse_cause("16"), HangupCause::normal_clearing);
  EXPECT_EQ(cause_name(HangupCause::normal_clearing), "NORMAL_CLEARING");
  EXPECT_FALSE(parse_cause("user_busy").has_value()) << "names are upper case";
  EXPECT_FALSE(parse_cause("4").has_value()) << "not a cause Tandem knows";
  EXPECT_FALSE(parse_cause("17x").has_value());
  EXPECT_FALSE(parse_cause("").has_value());
  for (int value = 0; value <= 127; ++value) {
    const auto cause = static_cast<HangupCause>(value);
    if (const auto name = cause_name(cause)) {
      EXPECT_EQ(parse_cause(*name), cause) << *name;
    }
  }
}

}  // namespace
}  // namespace tandem::channel
