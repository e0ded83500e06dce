#include "services/registry/binding_rules.hpp"

#include <gtest/gtest.h>

namespace tandem::registry {
namespace {

Binding binding(const std::string& uri, int32_t q, int64_t updated, int64_t expires = 10'000) {
  Binding b;
  b.contact_uri = uri;
  b.q_milli = q;
  b.updated_at_ms = updated;
  b.expires_at_ms = expires;
  return b;
}

TEST(BindingRulesTest, KeysByInstanceAndRegIdBeforeUri) {
  EXPECT_EQ(binding_key("", 0, "sip:a@h"), "u:sip:a@h");
  EXPECT_EQ(binding_key("<urn:uuid:1>", 0, "sip:a@h"), "i:<urn:uuid:1>");
  EXPECT_EQ(binding_key("<urn:uuid:1>", 2, "sip:a@h"), "i:<urn:uuid:1>#2");
}

TEST(BindingRulesTest, LookupOrderIsQThenRecencyThenUri) {
  std::vector<Binding> bindings{binding("sip:c", 500, 3), binding("sip:b", 1000, 1),
                                binding("sip:a", 1000, 2), binding("sip:d", 1000, 2)};
  sort_for_lookup(bindings);
  ASSERT_EQ(bindings.size(), 4u);
  EXPECT_EQ(bindings[0].contact_uri, "sip:a");
  EXPECT_EQ(bindings[1].contact_uri, "sip:d");
  EXPECT_EQ(bindings[2].contact_uri, "sip:b");
  EXPECT_EQ(bindings[3].contact_uri, "sip:c");
}

TEST(BindingRulesTest, ABindingExpiresAtItsExpiryInstant) {
  const auto live =
      live_bindings({binding("sip:a", 1000, 0, 100), binding("sip:b", 1000, 0, 101)}, 100);
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].contact_uri, "sip:b");
}

TEST(BindingRulesTest, ExpiresZeroForAnUnknownContactChangesNothing) {
  BindCommand command;
  command.aor = "sip:a@x";
  command.call_id = "c";
  command.cseq = 1;
  command.contacts = {{binding_key("", 0, "sip:z"), "sip:z", 0, 1000, "", 0}};
  auto result = apply_bind({binding("sip:a", 1000, 0)}, command, 50);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.value().size(), 1u);
}

}  // namespace
}  // namespace tandem::registry
