// The Media gRPC service in front of an engine, through a real gRPC server.
#include "services/media/media_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/common/grpc_server.hpp"
#include "tests/support/manual_clock.hpp"

namespace tandem::media {
namespace {

class MediaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_service(&service_, "tandem.v1.Media");
    ASSERT_TRUE(server_.start({"127.0.0.1", 0}).ok());
    media_ = v1::Media::NewStub(server_.in_process_channel());
  }
  void TearDown() override { server_.shutdown(std::chrono::milliseconds(100)); }

  grpc::Status create(v1::CreateEndpointResponse& response) {
    grpc::ClientContext context;
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_RTP);
    request.set_call_id("c");
    return media_->CreateEndpoint(&context, request, &response);
  }

  testing::ManualClock clock_;
  prometheus::Registry metrics_;
  Health health_;
  MediaEventHub events_;
  caf::actor_system_config actor_config_;
  caf::actor_system actors_{actor_config_};
  MediaNode node_{actors_, {"127.0.0.1", 31700, 31709}, clock_, [](v1::MediaEvent) {}};
  MediaService service_{node_, events_, health_};
  GrpcServer server_{metrics_};
  std::unique_ptr<v1::Media::Stub> media_;
};

TEST_F(MediaServiceTest, ADrainingNodeTakesNoNewEndpointsButKeepsItsOwn) {
  v1::CreateEndpointResponse first;
  ASSERT_TRUE(create(first).ok());
  health_.start_draining();
  v1::CreateEndpointResponse second;
  const auto refused = create(second);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(refused.error_message(), ::testing::HasSubstr("draining"));
  grpc::ClientContext context;
  v1::GetStatsRequest request;
  request.set_endpoint_id(first.endpoint_id());
  v1::GetStatsResponse stats;
  EXPECT_TRUE(media_->GetStats(&context, request, &stats).ok()) << "existing endpoints carry on";
}

TEST_F(MediaServiceTest, RequiredIdsAreNamed) {
  grpc::ClientContext context;
  v1::BridgeRequest request;
  request.set_endpoint_a("ep-1");
  v1::BridgeResponse response;
  const auto status = media_->Bridge(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "endpoint_b: required");
}

}  // namespace
}  // namespace tandem::media
