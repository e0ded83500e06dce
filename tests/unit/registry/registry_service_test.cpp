#include "services/registry/registry_service.hpp"

#include <gmock/gmock.h>

#include "health.grpc.pb.h"
#include "tests/unit/registry/registry_fixture.hpp"

namespace tandem::registry {
namespace {

using ::testing::HasSubstr;

class RegistryServiceTest : public testing::RegistryFixture {
 protected:
  grpc::Status bind(const std::string& contact, int64_t expires, uint32_t cseq,
                    v1::BindResponse* response, grpc::ClientContext* ctx = nullptr) {
    v1::BindRequest request;
    request.set_aor("sip:alice@example.com");
    request.set_call_id("call-1");
    request.set_cseq(cseq);
    request.set_transport(v1::TRANSPORT_UDP);
    request.set_source_address("127.0.0.1:5070");
    auto* c = request.add_contacts();
    c->set_uri(contact);
    c->set_expires_seconds(expires);
    auto own = context();
    return registry->Bind(ctx != nullptr ? ctx : own.get(), request, response);
  }
};

TEST_F(RegistryServiceTest, BindLookupListAndUnbindOverGrpc) {
  v1::BindResponse bound;
  ASSERT_TRUE(bind("sip:alice@127.0.0.1:5070", 3600, 1, &bound).ok());
  ASSERT_EQ(bound.bindings_size(), 1);
  EXPECT_EQ(bound.bindings(0).expires_seconds(), 3600);
  EXPECT_EQ(bound.bindings(0).transport(), v1::TRANSPORT_UDP);

  clock.advance(std::chrono::seconds(100));
  v1::LookupRequest lookup;
  lookup.set_aor("sip:alice@EXAMPLE.com");
  v1::LookupResponse found;
  ASSERT_TRUE(registry->Lookup(context().get(), lookup, &found).ok());
  ASSERT_EQ(found.bindings_size(), 1);
  EXPECT_EQ(found.bindings(0).expires_seconds(), 3500) << "counted by the store's clock";

  v1::ListRegistrationsRequest list;
  v1::ListRegistrationsResponse page;
  ASSERT_TRUE(registry->List(context().get(), list, &page).ok());
  ASSERT_EQ(page.registrations_size(), 1);
  EXPECT_EQ(page.registrations(0).aor(), "sip:alice@example.com");
  EXPECT_TRUE(page.next_page_token().empty());

  v1::UnbindRequest unbind;
  unbind.set_aor("sip:alice@example.com");
  unbind.set_contact_uri("*");
  v1::UnbindResponse unbound;
  ASSERT_TRUE(registry->Unbind(context().get(), unbind, &unbound).ok());
  EXPECT_EQ(unbound.removed(), 1u);
}

TEST_F(RegistryServiceTest, ListPagesWithATokenUntilTheLastPage) {
  for (const char* user : {"a", "b", "c"}) {
    v1::BindRequest request;
    request.set_aor(std::string("sip:") + user + "@example.com");
    request.set_call_id(user);
    auto* c = request.add_contacts();
    c->set_uri("sip:x@h");
    c->set_expires_seconds(600);
    v1::BindResponse response;
    ASSERT_TRUE(registry->Bind(context().get(), request, &response).ok());
  }
  v1::ListRegistrationsRequest list;
  list.set_page_size(2);
  std::vector<std::string> seen;
  do {
    v1::ListRegistrationsResponse page;
    ASSERT_TRUE(registry->List(context().get(), list, &page).ok());
    for (const auto& r : page.registrations()) seen.push_back(r.aor());
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_THAT(
      seen, ::testing::ElementsAre("sip:a@example.com", "sip:b@example.com", "sip:c@example.com"));
}

TEST_F(RegistryServiceTest, TooBriefIsOutOfRangeWithTheMinimumInTheTrailer) {
  grpc::ClientContext ctx;
  v1::BindResponse response;
  const auto status = bind("sip:alice@h", 10, 1, &response, &ctx);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(status.error_message(), HasSubstr("contacts[0].expires_seconds"));
  const auto& trailers = ctx.GetServerTrailingMetadata();
  const auto found = trailers.find(RegistryService::kMinExpiresTrailer);
  ASSERT_NE(found, trailers.end());
  EXPECT_EQ(std::string(found->second.data(), found->second.size()), "60");
}

TEST_F(RegistryServiceTest, StoreRefusalsMapToTheirStatusCodes) {
  v1::BindResponse response;
  ASSERT_TRUE(bind("sip:alice@h1", 600, 5, &response).ok());
  EXPECT_EQ(bind("sip:alice@h1", 600, 5, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(bind("sip:alice@h2", 600, 6, &response).ok());
  ASSERT_TRUE(bind("sip:alice@h3", 600, 7, &response).ok());
  const auto full = bind("sip:alice@h4", 600, 8, &response);
  EXPECT_EQ(full.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(RegistryServiceTest, BadInputIsInvalidArgumentNamingTheField) {
  v1::BindResponse response;
  const auto status = bind("<sip:alice@h>", 600, 1, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("contacts[0].uri"));
  v1::LookupRequest lookup;
  v1::LookupResponse found;
  const auto empty = registry->Lookup(context().get(), lookup, &found);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(empty.error_message(), HasSubstr("aor: is required"));
}

TEST_F(RegistryServiceTest, EveryCallIsCountedByMethodAndCode) {
  v1::BindResponse response;
  ASSERT_TRUE(bind("sip:alice@h1", 600, 1, &response).ok());
  EXPECT_FALSE(bind("sip:alice@h1", -5, 2, &response).ok());
  const std::string text = metrics_text();
  EXPECT_THAT(
      text,
      HasSubstr(R"(tandem_grpc_requests_total{code="OK",method="/tandem.v1.Registry/Bind"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          R"(tandem_grpc_requests_total{code="INVALID_ARGUMENT",method="/tandem.v1.Registry/Bind"} 1)"));
  EXPECT_THAT(
      text,
      HasSubstr(R"(tandem_registry_operations_total{op="bind",result="invalid_argument"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(tandem_registry_store_latency_seconds_count{op="bind"} 1)"));
}

TEST_F(RegistryServiceTest, TheHealthServiceReportsServing) {
  auto health_stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("tandem.v1.Registry");
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health_stub->Check(context().get(), request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace tandem::registry
