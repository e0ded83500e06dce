// tshark, an independent RTP decoder, reads a stream bridged through a media node: a
// capture on loopback shows the relayed stream as valid RTP with no loss and no sequence
// errors, across a change of source in the middle (a re-latch).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "tandem/v1/media.grpc.pb.h"
#include "tests/integration/tandem_process.hpp"
#include "tests/support/rtp_phone.hpp"

namespace tandem {
namespace {

using testing::RtpPhone;

constexpr uint16_t kFirstPort = 31600;
constexpr uint16_t kLastPort = 31609;

v1::CreateEndpointResponse create(v1::Media::Stub& media, const RtpPhone& phone) {
  grpc::ClientContext context;
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_RTP);
  request.set_call_id("tshark");
  request.mutable_remote()->set_host("127.0.0.1");
  request.mutable_remote()->set_port(phone.port());
  v1::CreateEndpointResponse response;
  EXPECT_TRUE(media.CreateEndpoint(&context, request, &response).ok());
  return response;
}

TEST(TsharkTest, DecodesTheBridgedStreamWithoutLossOrSequenceErrors) {
  testing::TandemProcess node({"--role=all", "--log.level=warn",
                               "--media.rtp.first_port=" + std::to_string(kFirstPort),
                               "--media.rtp.last_port=" + std::to_string(kLastPort)});
  ASSERT_TRUE(node.wait_ready()) << node.process().output();
  auto media = v1::Media::NewStub(node.channel());
  RtpPhone alice;
  RtpPhone bob;
  const auto a = create(*media, alice);
  const auto b = create(*media, bob);
  {
    grpc::ClientContext context;
    v1::BridgeRequest request;
    request.set_endpoint_a(a.endpoint_id());
    request.set_endpoint_b(b.endpoint_id());
    v1::BridgeResponse response;
    ASSERT_TRUE(media->Bridge(&context, request, &response).ok());
  }
  const auto capture = std::filesystem::temp_directory_path() /
                       ("tandem-rtp-" + std::to_string(getpid()) + ".pcapng");
  // Only what leaves Bob's endpoint: its port is the source of the relayed stream.
  const std::string filter = "udp src port " + std::to_string(b.local().port());
  // tshark stops by itself after the 200 packets expected (or 30 s): stopping it with
  // SIGINT from here lost the capture.
  testing::ChildProcess tshark({TSHARK_BINARY, "-i", "lo", "-f", filter, "-w", capture.string(),
                                "-a", "duration:30", "-c", "200"});
  // dumpcap says "Capturing on" before its filter is attached; packets count from a moment
  // after "Capture started" (test-peers.md 5).
  ASSERT_TRUE(testing::eventually([&] {
    return tshark.output().find("Capture started") != std::string::npos;
  })) << tshark.output();
  usleep(500'000);

  // 100 packets from Alice's phone, then 100 from the same phone restarted with another
  // SSRC and other sequence numbers, 20 ms of RTP time apart, as a phone sends them.
  const auto to_a = static_cast<uint16_t>(a.local().port());
  for (uint16_t i = 0; i < 100; ++i) {
    alice.send(to_a, 0, static_cast<uint16_t>(5000 + i), 160u * i, 0x1111,
               std::vector<uint8_t>(160, 0xff));
    ASSERT_TRUE(bob.receive().has_value());
  }
  RtpPhone restarted;
  for (uint16_t i = 0; i < 100; ++i) {
    restarted.send(to_a, 0, static_cast<uint16_t>(60000 + i), 777u + 160u * i, 0x2222,
                   std::vector<uint8_t>(160, 0x7f));
    ASSERT_TRUE(bob.receive().has_value());
  }
  ASSERT_EQ(tshark.wait(std::chrono::seconds(30)), 0) << tshark.output();

  const auto streams = testing::run_command(
      {TSHARK_BINARY, "-r", capture.string(), "-q", "-d",
       "udp.port==" + std::to_string(b.local().port()) + ",rtp", "-z", "rtp,streams"});
  std::filesystem::remove(capture);
  ASSERT_EQ(streams.exit_code, 0) << streams.err;

  // One stream (one SSRC throughout), 200 packets, nothing lost, no problem flagged.
  std::istringstream lines(streams.out);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(std::to_string(b.local().port())) != std::string::npos) rows.push_back(line);
  }
  ASSERT_EQ(rows.size(), 1u) << streams.out;
  EXPECT_THAT(rows[0], ::testing::HasSubstr(" 200 ")) << streams.out;
  EXPECT_THAT(rows[0], ::testing::ContainsRegex(" 0 \\(0\\.0%\\)")) << streams.out;
  EXPECT_THAT(rows[0], ::testing::Not(::testing::EndsWith("X"))) << streams.out;
}

}  // namespace
}  // namespace tandem
