#include "services/registry/request_validation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::registry {
namespace {

using ::testing::HasSubstr;

v1::BindRequest valid_request() {
  v1::BindRequest request;
  request.set_aor("sip:alice@example.com");
  request.set_call_id("abc@10.0.0.1");
  request.set_cseq(1);
  auto* contact = request.add_contacts();
  contact->set_uri("sip:alice@10.0.0.1:5060");
  contact->set_expires_seconds(3600);
  return request;
}

const RegistryPolicy policy{60, 7200, 10};

TEST(RequestValidationTest, AcceptsAValidRegisterAndCanonicalisesIt) {
  auto request = valid_request();
  request.set_aor("SIP:alice@EXAMPLE.com;transport=udp");
  request.mutable_contacts(0)->set_q(0.5);
  auto command = to_bind_command(request, policy);
  ASSERT_TRUE(command.ok()) << command.failure().message;
  EXPECT_EQ(command.value().aor, "sip:alice@example.com");
  EXPECT_EQ(command.value().contacts.at(0).q_milli, 500);
  EXPECT_EQ(command.value().contacts.at(0).key, "u:sip:alice@10.0.0.1:5060");
  EXPECT_EQ(command.value().max_contacts, 10u);
}

TEST(RequestValidationTest, ShortensExpiresAboveTheMaximum) {
  auto request = valid_request();
  request.mutable_contacts(0)->set_expires_seconds(100'000);
  EXPECT_EQ(to_bind_command(request, policy).value().contacts.at(0).expires_seconds, 7200);
}

TEST(RequestValidationTest, ExpiresBelowTheMinimumIsOutOfRange) {
  auto request = valid_request();
  request.mutable_contacts(0)->set_expires_seconds(30);
  auto command = to_bind_command(request, policy);
  ASSERT_FALSE(command.ok());
  EXPECT_EQ(command.failure().code, ErrorCode::out_of_range);
  EXPECT_THAT(command.failure().message, HasSubstr("minimum of 60"));
}

TEST(RequestValidationTest, WildcardNeedsExpiresZeroAndToBeAlone) {
  auto request = valid_request();
  request.mutable_contacts(0)->set_uri("*");
  request.mutable_contacts(0)->set_expires_seconds(0);
  auto command = to_bind_command(request, policy);
  ASSERT_TRUE(command.ok());
  EXPECT_TRUE(command.value().remove_all);
  request.mutable_contacts(0)->set_expires_seconds(60);
  EXPECT_THAT(to_bind_command(request, policy).failure().message,
              HasSubstr("contacts[0].expires_seconds: must be 0"));
  request.mutable_contacts(0)->set_expires_seconds(0);
  *request.add_contacts() = valid_request().contacts(0);
  EXPECT_THAT(to_bind_command(request, policy).failure().message, HasSubstr("only contact"));
}

struct BadBind {
  const char* name;
  std::function<void(v1::BindRequest&)> spoil;
  const char* field;
};

void PrintTo(const BadBind& bad, std::ostream* out) { *out << bad.name; }

class BadBindTest : public ::testing::TestWithParam<BadBind> {};

TEST_P(BadBindTest, IsRefusedNamingTheField) {
  auto request = valid_request();
  GetParam().spoil(request);
  auto command = to_bind_command(request, policy);
  ASSERT_FALSE(command.ok());
  EXPECT_EQ(command.failure().code, ErrorCode::invalid_argument);
  EXPECT_THAT(command.failure().message,
              ::testing::StartsWith(std::string(GetParam().field) + ":"));
}

INSTANTIATE_TEST_SUITE_P(
    Fields, BadBindTest,
    ::testing::Values(
        BadBind{"EmptyAor", [](auto& r) { r.set_aor(""); }, "aor"},
        BadBind{"MalformedAor", [](auto& r) { r.set_aor("alice"); }, "aor"},
        BadBind{"AorWithoutUser", [](auto& r) { r.set_aor("sip:example.com"); }, "aor"},
        BadBind{"NoContacts", [](auto& r) { r.clear_contacts(); }, "contacts"},
        BadBind{"EmptyContact", [](auto& r) { r.mutable_contacts(0)->set_uri(""); },
                "contacts[0].uri"},
        BadBind{"BracketedContact", [](auto& r) { r.mutable_contacts(0)->set_uri("<sip:a@h>"); },
                "contacts[0].uri"},
        BadBind{"MissingExpires", [](auto& r) { r.mutable_contacts(0)->clear_expires_seconds(); },
                "contacts[0].expires_seconds"},
        BadBind{"NegativeExpires", [](auto& r) { r.mutable_contacts(0)->set_expires_seconds(-1); },
                "contacts[0].expires_seconds"},
        BadBind{"QAboveOne", [](auto& r) { r.mutable_contacts(0)->set_q(1.5); }, "contacts[0].q"},
        BadBind{"QNotANumber", [](auto& r) { r.mutable_contacts(0)->set_q(std::nan("")); },
                "contacts[0].q"},
        BadBind{"RegIdWithoutInstance", [](auto& r) { r.mutable_contacts(0)->set_reg_id(1); },
                "contacts[0].reg_id"},
        BadBind{"EmptyCallId", [](auto& r) { r.set_call_id(""); }, "call_id"},
        BadBind{"CallIdWithSpace", [](auto& r) { r.set_call_id("a b"); }, "call_id"},
        BadBind{"HugeCSeq", [](auto& r) { r.set_cseq(0x80000000u); }, "cseq"},
        BadBind{"BadSource", [](auto& r) { r.set_source_address("somewhere"); }, "source_address"},
        BadBind{"BadPath", [](auto& r) { r.add_path("not a uri"); }, "path[0]"},
        BadBind{"UnknownTransport",
                [](auto& r) { r.set_transport(static_cast<v1::Transport>(42)); }, "transport"},
        BadBind{"ControlCharInUserAgent", [](auto& r) { r.set_user_agent("ua\r\nInjected: 1"); },
                "user_agent"},
        BadBind{"SameContactTwice", [](auto& r) { *r.add_contacts() = r.contacts(0); },
                "contacts[1]"},
        BadBind{"TooManyPathHops",
                [](auto& r) {
                  for (int i = 0; i < 33; ++i) r.add_path("sip:edge.example.com;lr");
                },
                "path"},
        BadBind{"SecondContactBad",
                [](auto& r) {
                  auto* c = r.add_contacts();
                  c->set_uri("sip:x@h");
                },
                "contacts[1].expires_seconds"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RequestValidationTest, MoreContactsThanAnAorMayHoldIsResourceExhausted) {
  auto request = valid_request();
  for (int i = 0; i < 10; ++i) {
    auto* c = request.add_contacts();
    c->set_uri("sip:alice@10.0.0." + std::to_string(i));
    c->set_expires_seconds(60);
  }
  auto command = to_bind_command(request, policy);
  ASSERT_FALSE(command.ok());
  EXPECT_EQ(command.failure().code, ErrorCode::resource_exhausted);
  EXPECT_THAT(command.failure().message, HasSubstr("11 in one request"));
}

TEST(RequestValidationTest, UnbindNeedsAnAorAndAContact) {
  v1::UnbindRequest request;
  request.set_aor("sip:alice@example.com");
  EXPECT_THAT(to_unbind_command(request).failure().message, HasSubstr("contact_uri: is required"));
  request.set_contact_uri("*");
  EXPECT_TRUE(to_unbind_command(request).ok());
  request.set_aor("bogus");
  EXPECT_THAT(to_unbind_command(request).failure().message, ::testing::StartsWith("aor:"));
}

TEST(RequestValidationTest, ListDefaultsAndLimitsThePageSize) {
  v1::ListRegistrationsRequest request;
  EXPECT_EQ(to_list_query(request).value().limit, 100u);
  request.set_page_size(1001);
  EXPECT_THAT(to_list_query(request).failure().message, HasSubstr("page_size"));
}

}  // namespace
}  // namespace tandem::registry
