// The media role in the real binary: endpoints made and bridged over the Media gRPC API,
// RTP between two phones on loopback through it, the node in the directory with its load,
// and the tandem_media_* metrics, linted by promtool.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "libs/media/rtp_packet.hpp"
#include "tandem/v1/media.grpc.pb.h"
#include "tandem/v1/registry.grpc.pb.h"
#include "tests/integration/tandem_process.hpp"
#include "tests/support/rtp_phone.hpp"

namespace tandem {
namespace {

using ::testing::HasSubstr;
using testing::RtpPhone;

// Each case runs its own node on its own ports, below the ephemeral range and apart from
// the engine's unit tests: cases run at once must never compete for a port.
class MediaBinaryTest : public ::testing::Test {
 protected:
  void start(uint16_t first_port, uint16_t last_port) {
    node_ = std::make_unique<testing::TandemProcess>(std::vector<std::string>{
        "--role=all", "--log.level=warn", "--media.rtp.first_port=" + std::to_string(first_port),
        "--media.rtp.last_port=" + std::to_string(last_port), "--cluster.announce_interval=200ms",
        "--cluster.node_ttl=1s"});
    node_->wait_ready();
    ASSERT_TRUE(node_->ready());
    media_ = v1::Media::NewStub(node_->channel());
  }

  v1::CreateEndpointResponse create(const RtpPhone& phone) {
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_RTP);
    request.set_call_id("binary-call");
    request.mutable_remote()->set_host("127.0.0.1");
    request.mutable_remote()->set_port(phone.port());
    grpc::ClientContext context;
    v1::CreateEndpointResponse response;
    const auto status = media_->CreateEndpoint(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status destroy(const std::string& id) {
    grpc::ClientContext context;
    v1::DestroyEndpointRequest request;
    request.set_endpoint_id(id);
    v1::DestroyEndpointResponse response;
    return media_->DestroyEndpoint(&context, request, &response);
  }

  std::unique_ptr<testing::TandemProcess> node_;
  std::unique_ptr<v1::Media::Stub> media_;
};

TEST_F(MediaBinaryTest, RelaysRtpBetweenTwoBridgedEndpoints) {
  start(31400, 31409);
  RtpPhone alice;
  RtpPhone bob;
  const auto a = create(alice);
  const auto b = create(bob);
  EXPECT_EQ(a.local().host(), "127.0.0.1");
  EXPECT_EQ(a.codec().encoding(), "PCMU");
  EXPECT_EQ(a.telephone_event_payload_type(), 101u);
  {
    grpc::ClientContext context;
    v1::BridgeRequest request;
    request.set_endpoint_a(a.endpoint_id());
    request.set_endpoint_b(b.endpoint_id());
    v1::BridgeResponse response;
    ASSERT_TRUE(media_->Bridge(&context, request, &response).ok());
    EXPECT_FALSE(response.bridge_id().empty());
  }
  for (uint16_t i = 0; i < 20; ++i) {
    alice.send(static_cast<uint16_t>(a.local().port()), 0, static_cast<uint16_t>(100 + i), 160u * i,
               42, std::vector<uint8_t>(160, 0xff));
    const auto packet = bob.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i;
    EXPECT_EQ(media::parse_rtp(*packet).value().sequence, 100 + i);
  }
  {
    grpc::ClientContext context;
    v1::GetStatsRequest request;
    request.set_endpoint_id(b.endpoint_id());
    v1::GetStatsResponse response;
    ASSERT_TRUE(media_->GetStats(&context, request, &response).ok());
    EXPECT_EQ(response.stats().packets_sent(), 20u);
    EXPECT_EQ(response.stats().bytes_sent(), 20u * 160);
  }
  const auto metrics = testing::http_get(node_->http_port(), "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("tandem_media_packets_total{direction=\"in\"} 20"));
  EXPECT_THAT(metrics, HasSubstr("tandem_media_packets_total{direction=\"out\"} 20"));
  EXPECT_THAT(metrics, HasSubstr("tandem_media_endpoints{kind=\"rtp\"} 2"));
  const auto lint = testing::run_command({PROMTOOL_BINARY, "check", "metrics"}, metrics);
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_TRUE(destroy(a.endpoint_id()).ok());
  EXPECT_TRUE(destroy(b.endpoint_id()).ok());
  // Alice's endpoint received 20 packets and lost none; Bob's received nothing to judge.
  const auto after = testing::http_get(node_->http_port(), "/metrics").body;
  EXPECT_THAT(after, HasSubstr("tandem_media_loss_ratio_count 1\n"));
  EXPECT_THAT(after, HasSubstr("tandem_media_loss_ratio_bucket{le=\"0.0001\"} 1\n"));
}

TEST_F(MediaBinaryTest, StreamsDtmfBothWaysAndTheEndOfEndpoints) {
  start(31500, 31509);
  RtpPhone alice;
  RtpPhone bob;
  const auto a = create(alice);
  const auto b = create(bob);
  grpc::ClientContext watch_context;
  v1::WatchEventsRequest watch;
  watch.set_call_id("binary-call");
  auto events = media_->WatchEvents(&watch_context, watch);
  // The stream is open once the node has the subscription; an event published before
  // that would be missed, so wait for the first DTMF round trip to land.
  std::mutex mutex;
  std::vector<v1::MediaEvent> received;
  const auto count = [&] {
    std::lock_guard lock(mutex);
    return received.size();
  };
  std::thread reader([&] {
    v1::MediaEvent event;
    while (events->Read(&event)) {
      std::lock_guard lock(mutex);
      received.push_back(event);
      if (event.has_destroyed()) break;
    }
  });
  // Whatever happens below, the stream ends and the reader is joined.
  struct Finish {
    grpc::ClientContext& context;
    std::thread& thread;
    ~Finish() {
      context.TryCancel();
      if (thread.joinable()) thread.join();
    }
  } finish{watch_context, reader};
  // Alice presses 7: three updates and three ends, the way phones send it.
  bool seen = false;
  for (int round = 0; round < 20 && !seen; ++round) {
    const std::vector<std::vector<uint8_t>> packets = {
        {7, 10, 0, 160}, {7, 10, 1, 64}, {7, 0x8a, 1, 144}, {7, 0x8a, 1, 144}, {7, 0x8a, 1, 144}};
    for (size_t i = 0; i < packets.size(); ++i) {
      alice.send(static_cast<uint16_t>(a.local().port()), 101,
                 static_cast<uint16_t>(round * 10 + i), 8000u * (round + 1), 9, packets[i], i == 0);
    }
    seen = testing::eventually([&] { return count() > 0; }, std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(seen) << "no DTMF event on the stream";
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(received.front().dtmf().digit(), "7");
    EXPECT_EQ(received.front().endpoint_id(), a.endpoint_id());
  }
  // SendDtmf toward Bob: RFC 4733 packets reach his phone.
  grpc::ClientContext dtmf_context;
  v1::SendDtmfRequest dtmf;
  dtmf.set_endpoint_id(b.endpoint_id());
  dtmf.set_digits("#");
  v1::SendDtmfResponse sent;
  ASSERT_TRUE(media_->SendDtmf(&dtmf_context, dtmf, &sent).ok());
  bool got_event_packet = false;
  for (int i = 0; i < 10 && !got_event_packet; ++i) {
    const auto packet = bob.receive();
    ASSERT_TRUE(packet.has_value());
    got_event_packet = media::parse_rtp(*packet).value().payload_type == 101 && (*packet)[12] == 11;
  }
  EXPECT_TRUE(got_event_packet);
  EXPECT_TRUE(destroy(a.endpoint_id()).ok());
  reader.join();
  EXPECT_TRUE(received.back().has_destroyed());
  EXPECT_TRUE(destroy(b.endpoint_id()).ok());
}

TEST_F(MediaBinaryTest, TheDirectoryShowsTheNodesMediaLoad) {
  start(31420, 31439);
  RtpPhone phone;
  const auto a = create(phone);
  auto directory = v1::Directory::NewStub(node_->channel());
  const bool listed = testing::eventually([&] {
    grpc::ClientContext context;
    v1::ListNodesRequest request;
    request.set_role(v1::NODE_ROLE_MEDIA);
    v1::ListNodesResponse response;
    if (!directory->List(&context, request, &response).ok() || response.nodes_size() != 1) {
      return false;
    }
    const auto& gauges = response.nodes(0).gauges();
    return gauges.contains("active_endpoints") && gauges.at("active_endpoints") == 1 &&
           gauges.at("free_ports") == 9 && response.nodes(0).load() > 0.09;
  });
  EXPECT_TRUE(listed) << "10 ports, one endpoint: 9 free, load 0.1";
  EXPECT_TRUE(destroy(a.endpoint_id()).ok());
}

TEST_F(MediaBinaryTest, AnswersBadRequestsWithStatusesThatSayWhy) {
  start(31440, 31449);
  grpc::ClientContext context;
  v1::BridgeRequest request;
  request.set_endpoint_a("ep-missing");
  request.set_endpoint_b("ep-gone");
  v1::BridgeResponse response;
  const auto missing = media_->Bridge(&context, request, &response);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(), HasSubstr("ep-missing"));

  grpc::ClientContext create_context;
  v1::CreateEndpointRequest create_request;
  create_request.set_kind(v1::ENDPOINT_KIND_RTP);
  create_request.set_call_id("c");
  create_request.mutable_remote()->set_host("127.0.0.1");
  create_request.mutable_remote()->set_port(70000);
  v1::CreateEndpointResponse created;
  const auto bad_port = media_->CreateEndpoint(&create_context, create_request, &created);
  EXPECT_EQ(bad_port.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_port.error_message(), HasSubstr("remote.port"));

  grpc::ClientContext empty_context;
  v1::GetStatsRequest no_id;
  v1::GetStatsResponse stats;
  const auto empty = media_->GetStats(&empty_context, no_id, &stats);
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(empty.error_message(), "endpoint_id: required");
}

TEST_F(MediaBinaryTest, RunsOutOfPortsWithResourceExhausted) {
  start(31460, 31479);
  std::vector<std::unique_ptr<RtpPhone>> phones;
  std::vector<std::string> ids;
  grpc::Status status;
  for (int i = 0; i < 11 && status.ok(); ++i) {
    phones.push_back(std::make_unique<RtpPhone>());
    grpc::ClientContext context;
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_RTP);
    request.set_call_id("many");
    v1::CreateEndpointResponse response;
    status = media_->CreateEndpoint(&context, request, &response);
    if (status.ok()) ids.push_back(response.endpoint_id());
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("31460-31479"));
  EXPECT_EQ(ids.size(), 10u);
  for (const auto& id : ids) EXPECT_TRUE(destroy(id).ok());
}

TEST_F(MediaBinaryTest, ADrainingNodeRelaysUntilItsLastEndpointIsGoneThenExits) {
  start(31480, 31489);
  RtpPhone alice;
  RtpPhone bob;
  const auto a = create(alice);
  const auto b = create(bob);
  node_->process().signal(SIGTERM);
  ASSERT_TRUE(testing::eventually(
      [&] { return testing::http_get(node_->http_port(), "/readyz").status == 503; }));
  EXPECT_FALSE(node_->process().wait(std::chrono::milliseconds(300)).has_value())
      << "two endpoints are still in use";
  {
    grpc::ClientContext context;
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_RTP);
    request.set_call_id("late");
    v1::CreateEndpointResponse response;
    EXPECT_EQ(media_->CreateEndpoint(&context, request, &response).error_code(),
              grpc::StatusCode::UNAVAILABLE);
  }
  ASSERT_TRUE(destroy(a.endpoint_id()).ok());
  EXPECT_FALSE(node_->process().wait(std::chrono::milliseconds(300)).has_value());
  ASSERT_TRUE(destroy(b.endpoint_id()).ok());
  EXPECT_EQ(node_->process().wait(std::chrono::seconds(10)), 0) << "the last one is gone:\n"
                                                                << node_->process().output();
}

TEST_F(MediaBinaryTest, ASecondSignalStopsADrainingNodeAtOnce) {
  start(31490, 31499);
  RtpPhone alice;
  create(alice);
  node_->process().signal(SIGTERM);
  EXPECT_FALSE(node_->process().wait(std::chrono::milliseconds(300)).has_value());
  node_->process().signal(SIGTERM);
  EXPECT_EQ(node_->process().wait(std::chrono::seconds(10)), 0) << node_->process().output();
}

}  // namespace
}  // namespace tandem
