// A media node (control actors over the packet engine) with real UDP sockets on loopback:
// two "phones" bridged through it.
#include "services/media/media_node.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "libs/media/g711.hpp"
#include "libs/media/rtp_packet.hpp"
#include "libs/media/telephone_event.hpp"
#include "services/media/uring_loop.hpp"
#include "tests/support/audiosocket_server.hpp"
#include "tests/support/manual_clock.hpp"
#include "tests/support/process.hpp"
#include "tests/support/rtp_phone.hpp"

namespace tandem::media {
namespace {

using tandem::testing::RtpPhone;

// Below the kernel's ephemeral ports (32768 and up), so that no client socket of a test
// running alongside holds one. Cases running at once skip each other's ports.
constexpr uint16_t kFirstPort = 31000;
constexpr uint16_t kLastPort = 31099;
constexpr auto kMediaTimeout = std::chrono::seconds(5);
constexpr auto kStatsInterval = std::chrono::seconds(10);

/// The node's asynchronous operations, waited for.
class BlockingNode {
 public:
  explicit BlockingNode(MediaNode& node) : node_(node) {}

  Result<v1::CreateEndpointResponse> create_endpoint(const v1::CreateEndpointRequest& request) {
    return wait<v1::CreateEndpointResponse>(
        [&](auto reply) { node_.create_endpoint(request, std::move(reply)); });
  }
  Result<Done> update_endpoint(const v1::UpdateEndpointRequest& request) {
    return wait<Done>([&](auto reply) { node_.update_endpoint(request, std::move(reply)); });
  }
  Result<v1::EndpointStats> destroy_endpoint(const std::string& id) {
    return wait<v1::EndpointStats>(
        [&](auto reply) { node_.destroy_endpoint(id, std::move(reply)); });
  }
  Result<std::string> bridge(const std::string& a, const std::string& b) {
    return wait<std::string>([&](auto reply) { node_.bridge(a, b, std::move(reply)); });
  }
  Result<std::string> echo(const std::string& id) {
    return wait<std::string>([&](auto reply) { node_.echo(id, std::move(reply)); });
  }
  Result<Done> unbridge(const std::string& id) {
    return wait<Done>([&](auto reply) { node_.unbridge(id, std::move(reply)); });
  }
  Result<v1::EndpointStats> stats(const std::string& id) {
    return wait<v1::EndpointStats>([&](auto reply) { node_.stats(id, std::move(reply)); });
  }
  Result<Done> send_dtmf(const std::string& id, const std::string& digits,
                         std::chrono::milliseconds duration) {
    return wait<Done>([&](auto reply) { node_.send_dtmf(id, digits, duration, std::move(reply)); });
  }
  MediaEngine& engine() { return node_.engine(); }

 private:
  template <class T, class Call>
  static Result<T> wait(Call call) {
    auto done = std::make_shared<std::promise<Result<T>>>();
    call(MediaNode::Reply<T>([done](Result<T> result) { done->set_value(std::move(result)); }));
    return done->get_future().get();
  }

  MediaNode& node_;
};

caf::actor_system_config& actor_config() {
  static caf::actor_system_config config;
  config.set("scheduler.max-threads", 2);
  return config;
}

/// Every case runs on each kind of packet loop.
class MediaNodeTest : public ::testing::TestWithParam<LoopKind> {
 protected:
  explicit MediaNodeTest(uint16_t first = kFirstPort, uint16_t last = kLastPort)
      : media_(actors_, {"127.0.0.1", first, last, kMediaTimeout, kStatsInterval, GetParam()},
               clock_, [this](v1::MediaEvent event) {
                 std::lock_guard lock(mutex_);
                 events_.push_back(std::move(event));
               }) {}

  void SetUp() override {
    // Where the kernel (or a seccomp profile) refuses io_uring the node would run on epoll,
    // and the io_uring cases would test epoll twice: they are skipped, saying why.
    if (GetParam() != LoopKind::io_uring) return;
    if (const auto problem = UringLoop::unavailable_because())
      GTEST_SKIP() << "io_uring cannot be used here: " << *problem;
  }

  v1::CreateEndpointResponse create(const RtpPhone& phone, const char* encoding = "PCMU",
                                    uint32_t type = 0) {
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_RTP);
    request.set_call_id("call-1");
    auto* codec = request.add_offered_codecs();
    codec->set_payload_type(type);
    codec->set_encoding(encoding);
    codec->set_clock_rate(8000);
    request.mutable_remote()->set_host("127.0.0.1");
    request.mutable_remote()->set_port(phone.port());
    auto created = node_.create_endpoint(request);
    EXPECT_TRUE(created.ok()) << created.failure().message;
    return created.value();
  }

  /// Alice's and Bob's endpoints, bridged.
  std::pair<v1::CreateEndpointResponse, v1::CreateEndpointResponse> bridge_phones(
      const char* alice_codec = "PCMU", uint32_t alice_type = 0, const char* bob_codec = "PCMU",
      uint32_t bob_type = 0) {
    auto a = create(alice, alice_codec, alice_type);
    auto b = create(bob, bob_codec, bob_type);
    EXPECT_TRUE(node_.bridge(a.endpoint_id(), b.endpoint_id()).ok());
    return {a, b};
  }

  std::vector<v1::MediaEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

  RtpPhone alice;
  RtpPhone bob;
  // Packets and ticks are real; what they compare against is this clock, which only the
  // tests move: a media timeout happens exactly when a test says.
  testing::ManualClock clock_;
  std::mutex mutex_;
  std::vector<v1::MediaEvent> events_;
  caf::actor_system actors_{actor_config()};
  MediaNode media_;
  BlockingNode node_{media_};
};

TEST_P(MediaNodeTest, BridgesTwoPhonesInOrderAndContinuouslyAcrossARelatch) {
  ASSERT_EQ(node_.engine().io(), GetParam()) << "the loop asked for, not a fallback";
  const auto [a, b] = bridge_phones();
  const auto to_a = static_cast<uint16_t>(a.local().port());

  std::vector<uint16_t> sequences;
  uint32_t ssrc = 0;
  for (uint16_t i = 0; i < 50; ++i) {
    alice.send(to_a, 0, static_cast<uint16_t>(1000 + i), 160u * i, 0xa11ce, {0xff, 0x7f});
    const auto packet = bob.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i;
    const auto header = parse_rtp(*packet).value();
    sequences.push_back(header.sequence);
    ssrc = header.ssrc;
  }
  // Alice's phone restarts its stream from another port with a new SSRC: the endpoint
  // latches on it, and Bob still sees one stream.
  RtpPhone alice_moved;
  for (uint16_t i = 0; i < 50; ++i) {
    alice_moved.send(to_a, 0, static_cast<uint16_t>(60000 + i), 999999u + 160u * i, 0xbeef, {1});
    const auto packet = bob.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i << " after the move";
    const auto header = parse_rtp(*packet).value();
    EXPECT_EQ(header.ssrc, ssrc) << "the outgoing SSRC stays";
    EXPECT_EQ(header.marker, i == 0);
    sequences.push_back(header.sequence);
  }
  for (size_t i = 1; i < sequences.size(); ++i) {
    EXPECT_EQ(static_cast<uint16_t>(sequences[i - 1] + 1), sequences[i]) << "at " << i;
  }
  // Symmetric RTP: Bob's packets now go to where Alice sends from.
  bob.send(static_cast<uint16_t>(b.local().port()), 0, 5, 0, 0xb0b, {0xff});
  EXPECT_TRUE(alice_moved.receive().has_value());
  EXPECT_FALSE(alice.receive(100).has_value());

  const auto stats = node_.stats(a.endpoint_id());
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats.value().packets_received(), 100u);
  EXPECT_EQ(node_.stats(b.endpoint_id()).value().packets_sent(), 100u);
}

TEST_P(MediaNodeTest, TranscodesBetweenMuLawAndALaw) {
  const auto [a, b] = bridge_phones("PCMU", 0, "PCMA", 8);
  const std::vector<uint8_t> ulaw = {0x00, 0x80, 0xff, 0x12};
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 1, 0, 1, ulaw);
  const auto packet = bob.receive();
  ASSERT_TRUE(packet.has_value());
  const auto header = parse_rtp(*packet).value();
  EXPECT_EQ(header.payload_type, 8);
  for (size_t i = 0; i < ulaw.size(); ++i) EXPECT_EQ((*packet)[12 + i], ulaw_to_alaw(ulaw[i]));
}

TEST_P(MediaNodeTest, TelephoneEventsBecomeOneDtmfEventAndAreRelayed) {
  const auto [a, b] = bridge_phones();
  const auto to_a = static_cast<uint16_t>(a.local().port());
  const std::vector<std::vector<uint8_t>> packets = {{5, 10, 0, 160},
                                                     {5, 10, 1, 64},
                                                     {5, 0x80 | 10, 1, 144},
                                                     {5, 0x80 | 10, 1, 144},
                                                     {5, 0x80 | 10, 1, 144}};
  for (size_t i = 0; i < packets.size(); ++i) {
    alice.send(to_a, 101, static_cast<uint16_t>(10 + i), 8000, 7, packets[i], i == 0);
    ASSERT_TRUE(bob.receive().has_value());
  }
  // Events reach the sink through the endpoint's actor, a moment after the packets.
  const auto presses = [this] {
    std::vector<v1::MediaEvent> out;
    for (const auto& event : events()) {
      if (event.has_dtmf()) out.push_back(event);
    }
    return out;
  };
  ASSERT_TRUE(testing::eventually([&] { return !presses().empty(); }));
  EXPECT_FALSE(
      testing::eventually([&] { return presses().size() > 1; }, std::chrono::milliseconds(100)));
  const auto dtmf = presses();
  ASSERT_EQ(dtmf.size(), 1u);
  EXPECT_EQ(dtmf[0].dtmf().digit(), "5");
  EXPECT_EQ(dtmf[0].dtmf().duration_ms(), 50u);
  EXPECT_EQ(dtmf[0].call_id(), "call-1");
  EXPECT_EQ(dtmf[0].endpoint_id(), a.endpoint_id());
}

TEST_P(MediaNodeTest, APeerWithoutTelephoneEventsGetsAudioButNoEvents) {
  const auto [a, b] = bridge_phones();
  const auto to_a = static_cast<uint16_t>(a.local().port());
  v1::UpdateEndpointRequest update;
  update.set_endpoint_id(b.endpoint_id());
  update.set_telephone_events(v1::TELEPHONE_EVENTS_OFF);
  ASSERT_TRUE(node_.update_endpoint(update).ok());
  alice.send(to_a, 101, 10, 8000, 7, {5, 10, 0, 160}, true);
  EXPECT_FALSE(bob.receive(200).has_value()) << "the event is not relayed";
  alice.send(to_a, 0, 11, 8160, 7, {0xff});
  EXPECT_TRUE(bob.receive().has_value()) << "audio still is";
  EXPECT_EQ(node_.send_dtmf(b.endpoint_id(), "5", std::chrono::milliseconds(100)).failure().code,
            ErrorCode::failed_precondition);
  update.set_telephone_events(v1::TELEPHONE_EVENTS_ON);
  ASSERT_TRUE(node_.update_endpoint(update).ok());
  alice.send(to_a, 101, 12, 8320, 7, {6, 10, 0, 160}, true);
  EXPECT_TRUE(bob.receive().has_value()) << "events again once the peer takes them";
  update.set_telephone_events(static_cast<v1::TelephoneEvents>(7));
  EXPECT_EQ(node_.update_endpoint(update).failure().code, ErrorCode::invalid_argument);
}

TEST_P(MediaNodeTest, RelaysRtcpMultiplexedOnTheRtpPortUntilTheSourceChanges) {
  const auto [a, b] = bridge_phones();
  const auto to_a = static_cast<uint16_t>(a.local().port());
  const auto to_b = static_cast<uint16_t>(b.local().port());
  const std::vector<uint8_t> alice_report = {0x80, 201, 0, 1, 0, 0, 0xa1, 0x1c};
  const std::vector<uint8_t> bob_report = {0x80, 201, 0, 1, 0, 0, 0x0b, 0x0b};
  // Both phones send RTP (latching) and one report on their RTP port (rtcp-mux).
  alice.send(to_a, 0, 1, 0, 0xa11c, {0xff});
  ASSERT_TRUE(bob.receive().has_value());
  bob.send(to_b, 0, 1, 0, 0xb0b, {0xff});
  ASSERT_TRUE(alice.receive().has_value());
  bob.send_raw(to_b, bob_report);
  alice.send_raw(to_a, alice_report);
  const auto relayed = bob.receive();
  ASSERT_TRUE(relayed.has_value());
  EXPECT_EQ(*relayed, alice_report) << "relayed unchanged while the stream is Alice's own";

  alice.send_raw(to_a, {0x80, 201, 0, 7, 0, 0, 0, 0});  // a length past the datagram
  EXPECT_FALSE(bob.receive(100).has_value());
  EXPECT_EQ(node_.stats(a.endpoint_id()).value().packets_dropped(), 1u);

  RtpPhone restarted;  // a new source: the stream toward Bob is renumbered
  restarted.send(to_a, 0, 500, 0, 0xbeef, {0xff});
  ASSERT_TRUE(bob.receive().has_value());
  restarted.send_raw(to_a, alice_report);
  EXPECT_FALSE(bob.receive(100).has_value()) << "reports about numbers Bob never saw stay here";
}

TEST_P(MediaNodeTest, DropsGarbageAndCountsIt) {
  const auto [a, b] = bridge_phones();
  const auto to_a = static_cast<uint16_t>(a.local().port());
  alice.send_raw(to_a, {0x40, 0, 0, 1});                                   // too short
  alice.send_raw(to_a, {0x4f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9, 9});  // version 1
  alice.send(to_a, 0, 1, 0, 1, {0xff});                                    // a good one
  ASSERT_TRUE(bob.receive().has_value());
  EXPECT_FALSE(bob.receive(100).has_value()) << "garbage is never forwarded";
  EXPECT_EQ(node_.stats(a.endpoint_id()).value().packets_dropped(), 2u);
}

TEST_P(MediaNodeTest, DirectionStopsTheFlow) {
  const auto [a, b] = bridge_phones();
  v1::UpdateEndpointRequest hold;
  hold.set_endpoint_id(b.endpoint_id());
  hold.set_direction(v1::DIRECTION_INACTIVE);
  ASSERT_TRUE(node_.update_endpoint(hold).ok());
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 1, 0, 1, {0xff});
  EXPECT_FALSE(bob.receive(200).has_value());
  hold.set_direction(v1::DIRECTION_SENDRECV);
  ASSERT_TRUE(node_.update_endpoint(hold).ok());
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 2, 160, 1, {0xff});
  EXPECT_TRUE(bob.receive().has_value());
}

TEST_P(MediaNodeTest, AnswersWithTheRightErrors) {
  EXPECT_EQ(node_.stats("ep-nope").failure().code, ErrorCode::not_found);
  EXPECT_EQ(node_.destroy_endpoint("ep-nope").failure().code, ErrorCode::not_found);
  EXPECT_EQ(node_.unbridge("br-nope").failure().code, ErrorCode::not_found);
  v1::CreateEndpointRequest bad;
  bad.set_kind(v1::ENDPOINT_KIND_RTP);
  EXPECT_THAT(node_.create_endpoint(bad).failure().message, ::testing::StartsWith("call_id"));
  bad.set_call_id("c");
  bad.mutable_remote()->set_host("example.com");
  bad.mutable_remote()->set_port(4000);
  EXPECT_THAT(node_.create_endpoint(bad).failure().message, ::testing::StartsWith("remote.host"));
  RtpPhone phone;
  const auto a = create(phone);
  EXPECT_EQ(node_.bridge(a.endpoint_id(), a.endpoint_id()).failure().code,
            ErrorCode::invalid_argument);
}

TEST_P(MediaNodeTest, SendsDtmfAsRfc4733EventsTowardTheRemote) {
  const auto [a, b] = bridge_phones();
  ASSERT_TRUE(node_.send_dtmf(b.endpoint_id(), "5", std::chrono::milliseconds(100)).ok());
  // 100 ms at 20 ms packets: updates at 20..80 ms, then the end (100 ms) three times.
  std::vector<media::RtpHeader> headers;
  std::vector<TelephoneEvent> events;
  for (int i = 0; i < 7; ++i) {
    const auto packet = bob.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i;
    const auto header = parse_rtp(*packet).value();
    headers.push_back(header);
    events.push_back(*parse_telephone_event(std::span(*packet).subspan(12)));
  }
  for (size_t i = 0; i < headers.size(); ++i) {
    EXPECT_EQ(headers[i].payload_type, 101);
    EXPECT_EQ(headers[i].marker, i == 0);
    EXPECT_EQ(headers[i].timestamp, headers[0].timestamp) << "one event, one timestamp";
    EXPECT_EQ(headers[i].sequence, static_cast<uint16_t>(headers[0].sequence + i));
    EXPECT_EQ(events[i].event, 5);
    EXPECT_EQ(events[i].end, i >= 4);
    EXPECT_EQ(events[i].duration, std::min<size_t>(160 * (i + 1), 800));
  }
  EXPECT_FALSE(bob.receive(200).has_value()) << "nothing after the third end";
}

TEST_P(MediaNodeTest, RefusesDtmfItCannotSend) {
  const auto [a, b] = bridge_phones();
  EXPECT_EQ(node_.send_dtmf(a.endpoint_id(), "12x", std::chrono::milliseconds(100)).failure().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(node_.send_dtmf("ep-none", "1", std::chrono::milliseconds(100)).failure().code,
            ErrorCode::not_found);
  v1::CreateEndpointRequest no_remote;
  no_remote.set_kind(v1::ENDPOINT_KIND_RTP);
  no_remote.set_call_id("c");
  const auto lonely = node_.create_endpoint(no_remote).value();
  EXPECT_EQ(
      node_.send_dtmf(lonely.endpoint_id(), "1", std::chrono::milliseconds(100)).failure().code,
      ErrorCode::failed_precondition);
}

TEST_P(MediaNodeTest, ReportsAMediaTimeoutOncePerSilence) {
  const auto [a, b] = bridge_phones();
  const auto timeouts = [this, id = a.endpoint_id()] {
    size_t count = 0;
    for (const auto& event : events()) count += event.has_timeout() && event.endpoint_id() == id;
    return count;
  };
  clock_.advance(kMediaTimeout - std::chrono::milliseconds(1));
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 1, 0, 1, {0xff});
  ASSERT_TRUE(bob.receive().has_value());
  clock_.advance(kMediaTimeout - std::chrono::milliseconds(1));
  EXPECT_FALSE(testing::eventually([&] { return timeouts() > 0; }, std::chrono::milliseconds(200)))
      << "a packet restarted the count";
  clock_.advance(std::chrono::milliseconds(1));
  ASSERT_TRUE(testing::eventually([&] { return timeouts() == 1; }));
  clock_.advance(kMediaTimeout * 3);
  EXPECT_FALSE(testing::eventually([&] { return timeouts() > 1; }, std::chrono::milliseconds(200)))
      << "once per silence";
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 2, 160, 1, {0xff});
  ASSERT_TRUE(bob.receive().has_value());
  clock_.advance(kMediaTimeout);
  EXPECT_TRUE(testing::eventually([&] { return timeouts() == 2; }));
}

TEST_P(MediaNodeTest, ReportsEveryEndpointsStatsEachInterval) {
  const auto [a, b] = bridge_phones();
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 1, 0, 1, {0xff});
  ASSERT_TRUE(bob.receive().has_value());
  const auto reports = [this](const std::string& id) {
    std::vector<v1::EndpointStats> out;
    for (const auto& event : events()) {
      if (event.has_stats() && event.endpoint_id() == id) out.push_back(event.stats());
    }
    return out;
  };
  EXPECT_FALSE(testing::eventually([&] { return !reports(a.endpoint_id()).empty(); },
                                   std::chrono::milliseconds(100)))
      << "nothing before the interval";
  clock_.advance(kStatsInterval);
  ASSERT_TRUE(testing::eventually(
      [&] { return !reports(a.endpoint_id()).empty() && !reports(b.endpoint_id()).empty(); }));
  EXPECT_EQ(reports(a.endpoint_id())[0].packets_received(), 1u);
  EXPECT_EQ(reports(b.endpoint_id())[0].packets_sent(), 1u);
  clock_.advance(kStatsInterval);
  EXPECT_TRUE(testing::eventually([&] { return reports(a.endpoint_id()).size() == 2; }));
}

TEST_P(MediaNodeTest, ABridgeOwnsItsEndpointsUntilUnbridgedOrOneIsDestroyed) {
  const auto [a, b] = bridge_phones();
  RtpPhone carol;
  const auto c = create(carol);
  const auto busy = node_.bridge(a.endpoint_id(), c.endpoint_id());
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.failure().code, ErrorCode::failed_precondition);
  EXPECT_THAT(busy.failure().message, ::testing::HasSubstr("already in bridge"));
  // Carol was not left half-bridged by the refusal.
  RtpPhone dave;
  const auto d = create(dave);
  const auto carol_dave = node_.bridge(c.endpoint_id(), d.endpoint_id());
  ASSERT_TRUE(carol_dave.ok()) << carol_dave.failure().message;

  // Destroying Bob's endpoint dissolves Alice's bridge: Alice can be bridged again.
  ASSERT_TRUE(node_.destroy_endpoint(b.endpoint_id()).ok());
  ASSERT_TRUE(node_.unbridge(carol_dave.value()).ok());
  EXPECT_EQ(node_.unbridge(carol_dave.value()).failure().code, ErrorCode::not_found);
  ASSERT_TRUE(
      testing::eventually([&] { return node_.bridge(a.endpoint_id(), c.endpoint_id()).ok(); }));
  alice.send(static_cast<uint16_t>(a.local().port()), 0, 1, 0, 1, {0xff});
  EXPECT_TRUE(carol.receive().has_value()) << "the new bridge carries media";
  EXPECT_FALSE(bob.receive(100).has_value());
  EXPECT_FALSE(dave.receive(100).has_value());
}

TEST_P(MediaNodeTest, EchoSendsAPhonesMediaBackToItUntilUnbridged) {
  const auto a = create(alice);
  const auto to_a = static_cast<uint16_t>(a.local().port());
  const auto echo = node_.echo(a.endpoint_id());
  ASSERT_TRUE(echo.ok()) << echo.failure().message;
  for (uint16_t i = 0; i < 5; ++i) {
    alice.send(to_a, 0, static_cast<uint16_t>(70 + i), 160u * i, 0xa11ce, {0x11, 0x22});
    const auto packet = alice.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i;
    EXPECT_EQ(parse_rtp(*packet).value().sequence, 70 + i);
    EXPECT_EQ((*packet)[12], 0x11);
  }
  RtpPhone bob_phone;
  const auto b = create(bob_phone);
  EXPECT_EQ(node_.bridge(a.endpoint_id(), b.endpoint_id()).failure().code,
            ErrorCode::failed_precondition)
      << "an echoing endpoint is in a bridge";
  ASSERT_TRUE(node_.unbridge(echo.value()).ok());
  alice.send(to_a, 0, 80, 160u * 10, 0xa11ce, {0x11});
  EXPECT_FALSE(alice.receive(100).has_value()) << "no echo after the unbridge";
  EXPECT_EQ(node_.echo("ep-none").failure().code, ErrorCode::not_found);
}

TEST_P(MediaNodeTest, StoppingClosesEveryEndpoint) {
  bridge_phones();
  const auto total = node_.engine().total_ports();
  EXPECT_EQ(node_.engine().free_ports(), total - 2);
  media_.stop();
  EXPECT_TRUE(testing::eventually([&] { return node_.engine().free_ports() == total; }));
  EXPECT_EQ(node_.engine().endpoints(), 0u);
}

class MediaNodeAudioSocketTest : public MediaNodeTest {
 protected:
  static constexpr const char* kUuid = "40325ec2-5efd-4bd3-805f-53576e581d13";

  /// Alice's RTP endpoint bridged to an AudioSocket endpoint on `server`.
  std::pair<v1::CreateEndpointResponse, v1::CreateEndpointResponse> bridge_to(
      const testing::AudioSocketServer& server) {
    auto a = create(alice);
    v1::CreateEndpointRequest request;
    request.set_kind(v1::ENDPOINT_KIND_AUDIOSOCKET);
    request.set_call_id("call-1");
    request.set_audiosocket_target(server.target());
    request.set_audiosocket_uuid(kUuid);
    auto created = node_.create_endpoint(request);
    EXPECT_TRUE(created.ok()) << created.failure().message;
    EXPECT_TRUE(node_.bridge(a.endpoint_id(), created.value().endpoint_id()).ok());
    return {a, created.value()};
  }

  std::vector<v1::AudioSocketEnded> endings() {
    std::vector<v1::AudioSocketEnded> out;
    for (const auto& event : events()) {
      if (event.has_audiosocket_ended()) out.push_back(event.audiosocket_ended());
    }
    return out;
  }
};

TEST_P(MediaNodeAudioSocketTest, CarriesAudioAndDtmfBothWaysPacedAndTranscoded) {
  testing::AudioSocketServer server;
  const auto [a, s] = bridge_to(server);
  ASSERT_TRUE(testing::eventually([&] { return server.uuid().has_value(); }));
  EXPECT_EQ(*server.uuid(), kUuid) << "the UUID is the first message";

  // Phone to service: PCMU decoded to linear, in 20 ms frames.
  const auto to_a = static_cast<uint16_t>(a.local().port());
  for (uint16_t i = 0; i < 5; ++i) {
    alice.send(to_a, 0, i, 160u * i, 1, std::vector<uint8_t>(160, 0x10));
  }
  const int16_t expected = ulaw_to_linear(0x10);
  ASSERT_TRUE(testing::eventually([&] {
    const auto audio = server.audio();
    return std::count(audio.begin(), audio.end(), expected) >= 800;
  })) << "the phone's 800 samples reach the service";
  const auto frames = server.audio_messages();
  EXPECT_EQ(server.audio().size(), frames * 160) << "every message is one 20 ms frame";

  // Service to phone: linear encoded to PCMU, one 160-byte packet per 20 ms.
  server.send_audio(std::vector<int16_t>(480, 1000));
  for (int i = 0; i < 3; ++i) {
    const auto packet = alice.receive();
    ASSERT_TRUE(packet.has_value()) << "packet " << i;
    const auto header = parse_rtp(*packet).value();
    EXPECT_EQ(header.payload_type, 0);
    EXPECT_EQ(header.payload_bytes, 160u);
    EXPECT_EQ((*packet)[12], linear_to_ulaw(1000));
  }

  // A key press on the phone: one DTMF message.
  const std::vector<std::vector<uint8_t>> press = {
      {5, 10, 0, 160}, {5, 0x8a, 1, 64}, {5, 0x8a, 1, 64}, {5, 0x8a, 1, 64}};
  for (size_t i = 0; i < press.size(); ++i) {
    alice.send(to_a, 101, static_cast<uint16_t>(10 + i), 9000, 1, press[i], i == 0);
  }
  EXPECT_TRUE(testing::eventually([&] { return server.dtmf() == "5"; })) << server.dtmf();
  ASSERT_TRUE(node_.send_dtmf(s.endpoint_id(), "#", std::chrono::milliseconds(100)).ok());
  EXPECT_TRUE(testing::eventually([&] { return server.dtmf() == "5#"; })) << server.dtmf();
}

TEST_P(MediaNodeAudioSocketTest, AHangupFromTheServiceEndsTheSession) {
  testing::AudioSocketServer server;
  const auto [a, s] = bridge_to(server);
  ASSERT_TRUE(testing::eventually([&] { return server.uuid().has_value(); }));
  server.send_hangup();
  ASSERT_TRUE(testing::eventually([&] { return !endings().empty(); }));
  EXPECT_TRUE(endings()[0].hangup());
  EXPECT_EQ(node_.send_dtmf(s.endpoint_id(), "1", std::chrono::milliseconds(100)).failure().code,
            ErrorCode::failed_precondition);
  EXPECT_TRUE(node_.destroy_endpoint(s.endpoint_id()).ok());
}

TEST_P(MediaNodeAudioSocketTest, AVanishedServiceIsAHangupAndGarbageIsAnError) {
  testing::AudioSocketServer vanishing;
  bridge_to(vanishing);
  ASSERT_TRUE(testing::eventually([&] { return vanishing.uuid().has_value(); }));
  vanishing.disconnect();
  ASSERT_TRUE(testing::eventually([&] { return endings().size() == 1; }));
  EXPECT_TRUE(endings()[0].hangup());

  testing::AudioSocketServer odd;
  bridge_to(odd);
  ASSERT_TRUE(testing::eventually([&] { return odd.uuid().has_value(); }));
  odd.send_raw({0x10, 0x00, 0x03, 1, 2, 3});  // audio of an odd length
  ASSERT_TRUE(testing::eventually([&] { return endings().size() == 2; }));
  EXPECT_FALSE(endings()[1].hangup());
  EXPECT_EQ(endings()[1].error(), "odd_audio");
}

TEST_P(MediaNodeAudioSocketTest, ASilentServiceEndsAfterTheMediaTimeout) {
  testing::AudioSocketServer silent;
  bridge_to(silent);
  ASSERT_TRUE(testing::eventually([&] { return silent.uuid().has_value(); }));
  clock_.advance(kMediaTimeout);
  ASSERT_TRUE(testing::eventually([&] { return !endings().empty(); }));
  EXPECT_THAT(endings()[0].error(), ::testing::HasSubstr("sent nothing"));
}

TEST_P(MediaNodeAudioSocketTest, RefusesWhatItCannotConnect) {
  v1::CreateEndpointRequest request;
  request.set_kind(v1::ENDPOINT_KIND_AUDIOSOCKET);
  request.set_call_id("c");
  request.set_audiosocket_uuid("not-a-uuid");
  request.set_audiosocket_target("127.0.0.1:1");
  EXPECT_THAT(node_.create_endpoint(request).failure().message,
              ::testing::StartsWith("audiosocket_uuid"));
  request.set_audiosocket_uuid(kUuid);
  const auto refused = node_.create_endpoint(request);
  EXPECT_EQ(refused.failure().code, ErrorCode::unavailable);
  EXPECT_THAT(refused.failure().message, ::testing::HasSubstr("127.0.0.1:1"));
  request.set_audiosocket_target("nowhere");
  EXPECT_EQ(node_.create_endpoint(request).failure().code, ErrorCode::invalid_argument);
}

/// A range of its own: no other case may hold one of its ports.
class MediaNodePoolTest : public MediaNodeTest {
 protected:
  MediaNodePoolTest()
      : MediaNodeTest(GetParam() == LoopKind::epoll ? 31200 : 31210,
                      GetParam() == LoopKind::epoll ? 31209 : 31219) {}
};

TEST_P(MediaNodePoolTest, RunsOutOfPortsWithResourceExhaustedAndGetsThemBack) {
  RtpPhone phone;
  std::vector<std::string> ids;
  const size_t total = node_.engine().total_ports();
  for (size_t i = 0; i < total; ++i) ids.push_back(create(phone).endpoint_id());
  v1::CreateEndpointRequest one_more;
  one_more.set_kind(v1::ENDPOINT_KIND_RTP);
  one_more.set_call_id("c");
  const auto refused = node_.create_endpoint(one_more);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.failure().code, ErrorCode::resource_exhausted);
  EXPECT_THAT(refused.failure().message,
              ::testing::HasSubstr(GetParam() == LoopKind::epoll ? "31200-31209" : "31210-31219"));
  ASSERT_TRUE(node_.destroy_endpoint(ids.back()).ok());
  EXPECT_TRUE(node_.create_endpoint(one_more).ok());
}

std::string loop_name(const ::testing::TestParamInfo<LoopKind>& info) {
  return std::string(loop_kind_name(info.param));
}

INSTANTIATE_TEST_SUITE_P(Loops, MediaNodeTest,
                         ::testing::Values(LoopKind::epoll, LoopKind::io_uring), loop_name);
INSTANTIATE_TEST_SUITE_P(Loops, MediaNodeAudioSocketTest,
                         ::testing::Values(LoopKind::epoll, LoopKind::io_uring), loop_name);
INSTANTIATE_TEST_SUITE_P(Loops, MediaNodePoolTest,
                         ::testing::Values(LoopKind::epoll, LoopKind::io_uring), loop_name);

}  // namespace
}  // namespace tandem::media
