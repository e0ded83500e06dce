// One suite for every BindingStore: MemoryBindingStore and RedisBindingStore against a real
// redis-server. The two implement RFC 3261 10.3 separately (binding_rules.cpp and the Lua
// scripts), so these tests are what keeps them in step.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "services/registry/binding_rules.hpp"
#include "tests/unit/registry/store_backends.hpp"

namespace tandem::registry {
namespace {

using std::chrono::milliseconds;
using testing::await;

ContactChange contact(const std::string& uri, int64_t expires = 3600, int32_t q_milli = 1000) {
  return {binding_key("", 0, uri), uri, expires, q_milli, "", 0};
}

BindCommand bind_command(const std::string& aor, std::vector<ContactChange> contacts,
                         const std::string& call_id = "call-1", uint32_t cseq = 1) {
  BindCommand command;
  command.aor = aor;
  command.contacts = std::move(contacts);
  command.call_id = call_id;
  command.cseq = cseq;
  command.max_contacts = 10;
  return command;
}

std::vector<std::string> contacts_of(std::vector<Binding> bindings) {
  sort_for_lookup(bindings);
  std::vector<std::string> uris;
  for (const auto& b : bindings) uris.push_back(b.contact_uri);
  return uris;
}

class BindingStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  BindingStoreTest() : backend_(testing::make_backend(GetParam())) {}

  Result<BindingSet> bind(const BindCommand& command) {
    return await<BindingSet>([&](auto done) { store().bind(command, done); });
  }
  Result<BindingSet> lookup(const std::string& aor) {
    return await<BindingSet>([&](auto done) { store().lookup(aor, done); });
  }
  Result<UnbindOutcome> unbind(const UnbindCommand& command) {
    return await<UnbindOutcome>([&](auto done) { store().unbind(command, done); });
  }
  Result<RegistrationPage> list(const ListQuery& query) {
    return await<RegistrationPage>([&](auto done) { store().list(query, done); });
  }
  Result<ReapOutcome> reap() {
    return await<ReapOutcome>([&](auto done) { store().reap(done); });
  }
  std::vector<std::string> lookup_contacts(const std::string& aor) {
    auto set = lookup(aor);
    EXPECT_TRUE(set.ok());
    return set.ok() ? contacts_of(set.value().bindings) : std::vector<std::string>{};
  }
  BindingStore& store() { return backend_->bindings(); }
  void advance(milliseconds by) { backend_->advance(by); }

  std::unique_ptr<testing::StoreBackend> backend_;
  const std::string alice = "sip:alice@example.com";
};

TEST_P(BindingStoreTest, BindReturnsEveryLiveContactAndLookupOrdersByQThenRecency) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:alice@10.0.0.1", 3600, 500)}, "a", 1)).ok());
  advance(milliseconds{20});
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:alice@10.0.0.2", 3600, 500)}, "b", 1)).ok());
  advance(milliseconds{20});
  auto result = bind(bind_command(alice, {contact("sip:alice@10.0.0.3", 3600, 1000)}, "c", 1));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value().bindings.size(), 3u);
  EXPECT_THAT(
      lookup_contacts(alice),
      ::testing::ElementsAre("sip:alice@10.0.0.3", "sip:alice@10.0.0.2", "sip:alice@10.0.0.1"));
}

TEST_P(BindingStoreTest, RefreshUnderTheSameCallIdNeedsAHigherCSeq) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h")}, "call", 5)).ok());
  for (uint32_t stale : {5u, 4u}) {
    auto refused = bind(bind_command(alice, {contact("sip:a@h", 60)}, "call", stale));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.failure().code, ErrorCode::failed_precondition);
    EXPECT_THAT(refused.failure().message, ::testing::HasSubstr("out of order"));
  }
  auto refreshed = bind(bind_command(alice, {contact("sip:a@h", 60)}, "call", 6));
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed.value().bindings.at(0).cseq, 6u);
  EXPECT_LE(refreshed.value().bindings.at(0).expires_at_ms - refreshed.value().now_ms, 60'000);
}

TEST_P(BindingStoreTest, ADifferentCallIdReplacesTheBindingWhateverItsCSeq) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h")}, "first", 100)).ok());
  auto replaced = bind(bind_command(alice, {contact("sip:a@h")}, "second", 1));
  ASSERT_TRUE(replaced.ok());
  ASSERT_EQ(replaced.value().bindings.size(), 1u);
  EXPECT_EQ(replaced.value().bindings[0].call_id, "second");
}

TEST_P(BindingStoreTest, ExpiresZeroRemovesOnlyThatContact) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1"), contact("sip:a@h2")}, "c", 1)).ok());
  auto result = bind(bind_command(alice, {contact("sip:a@h1", 0)}, "c", 2));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(contacts_of(result.value().bindings), std::vector<std::string>{"sip:a@h2"});
}

TEST_P(BindingStoreTest, RemovingTheLastContactForgetsTheAor) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1")}, "c", 1)).ok());
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1", 0)}, "c", 2)).ok());
  EXPECT_TRUE(lookup_contacts(alice).empty());
  auto page = list({});
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page.value().registrations.empty());
}

TEST_P(BindingStoreTest, WildcardRemovesEverythingUnlessOutOfOrder) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1")}, "c", 3)).ok());
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h2")}, "other", 1)).ok());
  auto wildcard = bind_command(alice, {}, "c", 3);
  wildcard.remove_all = true;
  auto refused = bind(wildcard);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.failure().code, ErrorCode::failed_precondition);
  EXPECT_EQ(lookup_contacts(alice).size(), 2u) << "a refused wildcard removes nothing";
  wildcard.cseq = 4;
  auto removed = bind(wildcard);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(removed.value().bindings.empty());
  EXPECT_TRUE(lookup_contacts(alice).empty());
}

TEST_P(BindingStoreTest, AMultiContactRegisterIsAllOrNothing) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1")}, "c", 5)).ok());
  auto refused = bind(bind_command(alice, {contact("sip:a@h2"), contact("sip:a@h1")}, "c", 5));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(lookup_contacts(alice), std::vector<std::string>{"sip:a@h1"});
}

TEST_P(BindingStoreTest, MaxContactsRefusesGrowthButNotRefreshes) {
  auto command = bind_command(alice, {contact("sip:a@h1"), contact("sip:a@h2")}, "c", 1);
  command.max_contacts = 2;
  ASSERT_TRUE(bind(command).ok());
  auto grow = bind_command(alice, {contact("sip:a@h3")}, "c", 2);
  grow.max_contacts = 2;
  auto refused = bind(grow);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.failure().code, ErrorCode::resource_exhausted);
  EXPECT_THAT(refused.failure().message, ::testing::HasSubstr("max_contacts_per_aor"));
  auto refresh = bind_command(alice, {contact("sip:a@h1", 120)}, "c", 3);
  refresh.max_contacts = 2;
  EXPECT_TRUE(bind(refresh).ok());
  auto swap = bind_command(alice, {contact("sip:a@h1", 0), contact("sip:a@h3")}, "c", 4);
  swap.max_contacts = 2;
  auto swapped = bind(swap);
  ASSERT_TRUE(swapped.ok());
  EXPECT_EQ(contacts_of(swapped.value().bindings).size(), 2u);
}

TEST_P(BindingStoreTest, ExpiredContactsAreNeverReturnedAndReapingDeletesThem) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@short", 1)}, "c", 1)).ok());
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@long", 3600)}, "d", 1)).ok());
  ASSERT_TRUE(bind(bind_command("sip:bob@example.com", {contact("sip:b@short", 1)}, "e", 1)).ok());
  advance(milliseconds{1100});
  EXPECT_EQ(lookup_contacts(alice), std::vector<std::string>{"sip:a@long"});
  EXPECT_TRUE(lookup_contacts("sip:bob@example.com").empty());
  auto page = list({});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page.value().registrations.size(), 1u);
  EXPECT_EQ(page.value().registrations[0].bindings.size(), 1u);
  auto reaped = reap();
  ASSERT_TRUE(reaped.ok());
  EXPECT_EQ(reaped.value().live_bindings, 1u);
  EXPECT_EQ(reaped.value().live_aors, 1u);
  // Redis may already have dropped bob's whole key by its own expiry; what is certain is
  // that nothing expired is left afterwards.
  auto again = reap();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().removed_bindings, 0u);
}

TEST_P(BindingStoreTest, AnExpiredBindingCountsAsNewWhateverItsCSeq) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h", 1)}, "c", 9)).ok());
  advance(milliseconds{1100});
  EXPECT_TRUE(bind(bind_command(alice, {contact("sip:a@h")}, "c", 1)).ok());
}

TEST_P(BindingStoreTest, RefreshKeepsTheRegistrationTime) {
  auto first = bind(bind_command(alice, {contact("sip:a@h")}, "c", 1));
  ASSERT_TRUE(first.ok());
  advance(milliseconds{20});
  auto second = bind(bind_command(alice, {contact("sip:a@h")}, "c", 2));
  ASSERT_TRUE(second.ok());
  const auto& before = first.value().bindings.at(0);
  const auto& after = second.value().bindings.at(0);
  EXPECT_EQ(after.registered_at_ms, before.registered_at_ms);
  EXPECT_GT(after.updated_at_ms, before.updated_at_ms);
}

TEST_P(BindingStoreTest, AnInstanceAndRegIdIdentifyTheBindingAcrossNewContactUris) {
  ContactChange flow{binding_key("<urn:uuid:1>", 1, "sip:a@10.0.0.1:5060"),
                     "sip:a@10.0.0.1:5060",
                     3600,
                     1000,
                     "<urn:uuid:1>",
                     1};
  ASSERT_TRUE(bind(bind_command(alice, {flow}, "c1", 1)).ok());
  flow.uri = "sip:a@10.0.0.9:6000";
  auto moved = bind(bind_command(alice, {flow}, "c2", 1));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(contacts_of(moved.value().bindings), std::vector<std::string>{"sip:a@10.0.0.9:6000"});
  ContactChange second_flow = flow;
  second_flow.reg_id = 2;
  second_flow.key = binding_key("<urn:uuid:1>", 2, flow.uri);
  auto both = bind(bind_command(alice, {second_flow}, "c3", 1));
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both.value().bindings.size(), 2u);
}

TEST_P(BindingStoreTest, EveryFieldIsStoredAndReadBack) {
  auto command = bind_command(
      alice,
      {{binding_key("<urn:uuid:7>", 3, "sip:a@h;ob"), "sip:a@h;ob", 600, 700, "<urn:uuid:7>", 3}},
      "call-x", 42);
  command.path = {"sip:edge1.example.com;lr", "sip:edge2.example.com;lr"};
  command.user_agent = "baresip v1.0.0 \"quoted\" é";
  command.source_address = "[2001:db8::1]:5062";
  command.transport = Transport::tls;
  command.node_id = "sig-1";
  ASSERT_TRUE(bind(command).ok());
  auto set = lookup(alice);
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set.value().bindings.size(), 1u);
  const auto& b = set.value().bindings[0];
  EXPECT_EQ(b.aor, alice);
  EXPECT_EQ(b.contact_uri, "sip:a@h;ob");
  EXPECT_EQ(b.q_milli, 700);
  EXPECT_EQ(b.call_id, "call-x");
  EXPECT_EQ(b.cseq, 42u);
  EXPECT_EQ(b.instance_id, "<urn:uuid:7>");
  EXPECT_EQ(b.reg_id, 3u);
  EXPECT_EQ(b.path, command.path);
  EXPECT_EQ(b.user_agent, command.user_agent);
  EXPECT_EQ(b.source_address, command.source_address);
  EXPECT_EQ(b.transport, Transport::tls);
  EXPECT_EQ(b.node_id, "sig-1");
  EXPECT_NEAR(static_cast<double>(b.expires_at_ms - set.value().now_ms), 600'000.0, 5'000.0);
}

TEST_P(BindingStoreTest, UnbindRemovesOneContactOrAllAndHonoursOrderingWhenAsked) {
  ASSERT_TRUE(bind(bind_command(alice, {contact("sip:a@h1"), contact("sip:a@h2")}, "c", 5)).ok());
  auto stale = unbind({alice, "sip:a@h1", "c", 5});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.failure().code, ErrorCode::failed_precondition);
  auto one = unbind({alice, "sip:a@h1", "", 0});
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one.value().removed, 1u);
  EXPECT_EQ(contacts_of(one.value().remaining.bindings), std::vector<std::string>{"sip:a@h2"});
  auto none = unbind({alice, "sip:a@nowhere", "", 0});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value().removed, 0u);
  auto all = unbind({alice, "*", "c", 6});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value().removed, 1u);
  EXPECT_TRUE(lookup_contacts(alice).empty());
}

TEST_P(BindingStoreTest, ListPagesThroughAorsInOrderWithAPrefix) {
  for (const char* user : {"carol", "alice", "bob", "albert", "dave"}) {
    const std::string aor = std::string("sip:") + user + "@example.com";
    ASSERT_TRUE(bind(bind_command(aor, {contact("sip:x@h")}, user, 1)).ok());
  }
  auto first = list({"", "", 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.value().registrations.size(), 2u);
  EXPECT_EQ(first.value().registrations[0].aor, "sip:albert@example.com");
  EXPECT_EQ(first.value().registrations[1].aor, "sip:alice@example.com");
  EXPECT_TRUE(first.value().more);
  auto second = list({"", "sip:alice@example.com", 2});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second.value().registrations.size(), 2u);
  EXPECT_EQ(second.value().registrations[0].aor, "sip:bob@example.com");
  auto last = list({"", "sip:carol@example.com", 2});
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last.value().registrations.size(), 1u);
  EXPECT_FALSE(last.value().more);
  auto prefixed = list({"sip:al", "", 10});
  ASSERT_TRUE(prefixed.ok());
  ASSERT_EQ(prefixed.value().registrations.size(), 2u);
  EXPECT_FALSE(prefixed.value().more);
}

TEST_P(BindingStoreTest, ListSkipsAorsWhoseBindingsExpired) {
  ASSERT_TRUE(bind(bind_command("sip:a@x", {contact("sip:a@h", 1)}, "c", 1)).ok());
  ASSERT_TRUE(bind(bind_command("sip:b@x", {contact("sip:b@h", 3600)}, "c", 1)).ok());
  ASSERT_TRUE(bind(bind_command("sip:c@x", {contact("sip:c@h", 1)}, "c", 1)).ok());
  advance(milliseconds{1100});
  auto page = list({"", "", 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page.value().registrations.size(), 1u);
  EXPECT_EQ(page.value().registrations[0].aor, "sip:b@x");
  EXPECT_FALSE(page.value().more);
}

TEST_P(BindingStoreTest, ConcurrentRegistersOfOneAorAllLand) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string uri = "sip:a@10.0." + std::to_string(t) + "." + std::to_string(i);
        auto command = bind_command(alice, {contact(uri)}, "t" + std::to_string(t), i + 1);
        command.max_contacts = 1000;
        if (!bind(command).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(lookup_contacts(alice).size(), static_cast<size_t>(kThreads * kPerThread));
}

INSTANTIATE_TEST_SUITE_P(Stores, BindingStoreTest, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tandem::registry
