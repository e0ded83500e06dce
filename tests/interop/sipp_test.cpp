// SIPp (package sip-tester) against a real node: the registrar with digest auth and the
// OPTIONS responder, over UDP and over TCP. Scenarios are in tests/interop/sipp/, named for
// what they prove. SIPp answers only MD5 challenges, so the node offers MD5 first here.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <sstream>
#include <thread>

#include "tests/integration/tandem_process.hpp"
#include "tests/support/audiosocket_server.hpp"

namespace tandem {
namespace {

using ::testing::HasSubstr;

struct SippCase {
  const char* scenario;
  const char* users;  // CSV in tests/interop/sipp, or "" for none
  int calls;
};

struct Transport {
  const char* sipp_flag;  // -t
  const char* name;
};

void PrintTo(const SippCase& c, std::ostream* out) { *out << c.scenario; }
void PrintTo(const Transport& t, std::ostream* out) { *out << t.name; }

/// Runs SIPp against a node's SIP port: `c.calls` calls of a scenario in tests/interop/sipp,
/// RTP (when the scenario has any) from `media_port`, to `service` (the Request-URI user of
/// scenarios that take one).
testing::CommandResult sipp(uint16_t port, const SippCase& c, const Transport& t,
                            uint16_t media_port = 0, const std::string& service = "") {
  const std::string dir = TANDEM_SIPP_SCENARIOS;
  const bool tcp = std::string(t.sipp_flag) == "t1";
  std::vector<std::string> argv{
      "sipp",
      "127.0.0.1:" + std::to_string(port),
      "-sf",
      dir + "/" + c.scenario,
      "-t",
      t.sipp_flag,
      "-i",
      "127.0.0.1",
      "-p",
      std::to_string(tcp ? testing::free_tcp_port() : testing::free_udp_port()),
      "-m",
      std::to_string(c.calls),
      "-l",
      "1",
      "-nostdin",
      "-timeout",
      "20",
      "-timeout_error",
      "-recv_timeout",
      "5000"};
  if (*c.users != 0) argv.insert(argv.end(), {"-inf", dir + "/" + c.users});
  if (media_port != 0)
    argv.insert(argv.end(), {"-mi", "127.0.0.1", "-mp", std::to_string(media_port)});
  if (!service.empty()) argv.insert(argv.end(), {"-s", service});
  return testing::run_command(argv, "", std::chrono::seconds(40));
}

class SippTest : public ::testing::TestWithParam<std::tuple<SippCase, Transport>> {
 protected:
  static void SetUpTestSuite() {
    node = new testing::TandemProcess(
        {"--role=all", "--signaling.auth.algorithms=MD5,SHA-256", "--log.level=warn"});
    node->wait_ready();
  }
  static void TearDownTestSuite() {
    delete node;
    node = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(node->ready()); }

  testing::CommandResult run_sipp(const SippCase& c, const Transport& t) {
    const bool tcp = std::string(t.sipp_flag) == "t1";
    return sipp(tcp ? node->sip_tcp_port() : node->sip_udp_port(), c, t);
  }

  static testing::TandemProcess* node;
};

testing::TandemProcess* SippTest::node = nullptr;

TEST_P(SippTest, ScenarioSucceeds) {
  const auto& [c, transport] = GetParam();
  const auto result = run_sipp(c, transport);
  EXPECT_EQ(result.exit_code, 0) << "sipp " << c.scenario << " over " << transport.name << ":\n"
                                 << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
}

INSTANTIATE_TEST_SUITE_P(
    Registrar, SippTest,
    ::testing::Combine(
        ::testing::Values(SippCase{"register-digest.xml", "users.csv", 2},
                          SippCase{"register-wrong-password.xml", "users-wrong-password.csv", 1},
                          SippCase{"reregister-digest.xml", "users.csv", 2},
                          SippCase{"unregister-all.xml", "users.csv", 2},
                          SippCase{"options.xml", "", 3}, SippCase{"call-challenged.xml", "", 1}),
        ::testing::Values(Transport{"u1", "udp"}, Transport{"t1", "tcp"})),
    [](const auto& info) {
      std::string name = std::get<0>(info.param).scenario;
      name = name.substr(0, name.find('.')) + "_" + std::get<1>(info.param).name;
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST_F(SippTest, RegisteredUsersAreListedWithTheirSourceAndTransport) {
  ASSERT_EQ(run_sipp({"register-digest.xml", "users.csv", 2}, {"t1", "tcp"}).exit_code, 0);
  const auto listed = node->ctl({"registrations", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("sip:alice@127.0.0.1"));
  EXPECT_THAT(listed.out, HasSubstr("sip:bob@127.0.0.1"));
  EXPECT_THAT(listed.out, HasSubstr("TCP"));
  EXPECT_THAT(listed.out, HasSubstr("SIPp register-digest"));
  EXPECT_THAT(listed.out, HasSubstr("127.0.0.1:")) << "the source address";
}

/// The figure of a counter on /metrics, or 0 when it is absent.
double metric(uint16_t http_port, const std::string& series) {
  const auto body = testing::http_get(http_port, "/metrics").body;
  const auto at = body.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::stod(body.substr(at + series.size() + 2));
}

/// A node of its own for a suite of call tests (`Suite::node_arguments()`), started once
/// for the suite; each test waits until the node's directory lists a media node.
template <class Suite>
class CallNodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    node = new testing::TandemProcess(Suite::node_arguments());
    node->wait_ready();
  }
  static void TearDownTestSuite() {
    delete node;
    node = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(node->ready());
    // Calls anchor on a media node from the directory, which the signaling role polls every
    // second; a call placed before it has seen one waits for it (up to 2 s), so no sleep.
    ASSERT_TRUE(testing::eventually([&] {
      return node->ctl({"nodes", "list"}).out.find("media") != std::string::npos;
    }));
  }

  static testing::CommandResult call(const char* scenario, uint16_t media_port,
                                     const std::string& extension) {
    return sipp(node->sip_udp_port(), {scenario, "users.csv", 1}, {"u1", "udp"}, media_port,
                extension);
  }

  static inline testing::TandemProcess* node = nullptr;
};

/// Calls through a node of its own, which takes calls without credentials: SIPp 3.6 signs
/// an INVITE with the digest uri sip:<host>:<port> rather than its Request-URI, which
/// Tandem refuses.
class SippCallTest : public CallNodeTest<SippCallTest> {
 public:
  static std::vector<std::string> node_arguments() {
    return {"--role=all",
            "--log.level=warn",
            "--signaling.calls.auth=off",
            "--media.rtp.first_port=31910",
            "--media.rtp.last_port=31929",
            "--signaling.dialplan={default: {'600': [Answer, Echo], '486': ['Hangup(USER_BUSY)'], "
            "'700': [Ringing, 'Wait(10)'], '900': ['Stasis(ivr,en,1)'], "
            "'100': ['Dial(Local/600@default,5)'], "
            "'300': ['Dial(UnicastRTP/127.0.0.1:31908,5)'], "
            "'301': ['Dial(UnicastRTP/127.0.0.1:31938,5)']}}"};
  }
};

TEST_F(SippCallTest, ACallerReachesTheEchoExtensionAndTheMediaNodeEchoesTheAudio) {
  const std::string in = "tandem_media_packets_total{direction=\"in\"}";
  const std::string out = "tandem_media_packets_total{direction=\"out\"}";
  const double in_before = metric(node->http_port(), in);
  const double out_before = metric(node->http_port(), out);
  const auto result = call("call-echo.xml", 31900, "600");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  // Two seconds of 30 ms PCMA packets went in, and as many came back out.
  EXPECT_GT(metric(node->http_port(), in) - in_before, 40);
  EXPECT_GT(metric(node->http_port(), out) - out_before, 40);
  EXPECT_TRUE(testing::eventually([&] {
    return testing::http_get(node->http_port(), "/metrics")
               .body.find("tandem_media_endpoints{kind=\"rtp\"} 0") != std::string::npos;
  })) << "the endpoint is gone with the call";
  // The call record, as metrics.
  EXPECT_GE(metric(node->http_port(), "tandem_calls_total{result=\"answered\"}"), 1);
  EXPECT_GE(metric(node->http_port(), "tandem_call_duration_seconds_count"), 1);
  EXPECT_GE(metric(node->http_port(), "tandem_call_setup_seconds_count{stage=\"answer\"}"), 1);
  // Every state's series of tandem_channels is back to 0: no channel is left behind.
  const auto channel_lines = [&] {
    std::vector<double> values;
    std::istringstream lines(testing::http_get(node->http_port(), "/metrics").body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("tandem_channels{", 0) == 0)
        values.push_back(std::stod(line.substr(line.rfind(' ') + 1)));
    }
    return values;
  }();
  EXPECT_FALSE(channel_lines.empty());
  for (const double value : channel_lines) EXPECT_EQ(value, 0);
  const auto page = testing::http_get(node->http_port(), "/metrics").body;
  const auto lint = testing::run_command({PROMTOOL_BINARY, "check", "metrics"}, page);
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
}

TEST_F(SippCallTest, ACallThroughALocalPairReachesTheEchoOfItsSecondHalf) {
  const std::string in = "tandem_media_packets_total{direction=\"in\"}";
  const std::string out = "tandem_media_packets_total{direction=\"out\"}";
  const double in_before = metric(node->http_port(), in);
  const double out_before = metric(node->http_port(), out);
  const auto local_channels = [&] {
    std::istringstream lines(testing::http_get(node->http_port(), "/metrics").body);
    double live = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("tandem_channels{", 0) == 0 &&
          line.find("tech=\"Local\"") != std::string::npos)
        live += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return live;
  };
  // 100: Dial(Local/600@default); ;2 runs 600 (Answer, Echo) on the caller's media.
  double most_local = 0;
  std::thread caller([&] {
    const auto result = call("call-echo.xml", 31904, "100");
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                   << node->process().output();
  });
  EXPECT_TRUE(testing::eventually([&] {
    most_local = std::max(most_local, local_channels());
    return most_local == 2;
  })) << "both halves of the pair live during the call";
  caller.join();
  EXPECT_GT(metric(node->http_port(), in) - in_before, 40);
  EXPECT_GT(metric(node->http_port(), out) - out_before, 40) << "the echo came back";
  EXPECT_TRUE(testing::eventually([&] { return local_channels() == 0; }))
      << "the pair is gone with the call";
}

/// Counts the RTP packets that arrive on a loopback UDP port, by payload type.
class RtpListener {
 public:
  explicit RtpListener(uint16_t port) : socket_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bound_ = ::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    thread_ = std::thread([this] {
      std::array<uint8_t, 2048> packet{};
      while (!done_) {
        pollfd ready{socket_, POLLIN, 0};
        if (::poll(&ready, 1, 100) <= 0) continue;
        const auto got = ::recv(socket_, packet.data(), packet.size(), 0);
        if (got > 12 && (packet[0] >> 6) == 2) ++by_type_[packet[1] & 0x7f];
      }
    });
  }
  ~RtpListener() {
    done_ = true;
    thread_.join();
    ::close(socket_);
  }
  bool bound() const { return bound_; }
  int packets(int payload_type) const { return by_type_[payload_type]; }

 private:
  int socket_;
  bool bound_ = false;
  std::atomic<bool> done_{false};
  std::array<std::atomic<int>, 128> by_type_{};
  std::thread thread_;
};

TEST_F(SippCallTest, AUnicastRtpLegSendsTheCallersAudioToItsAddress) {
  // 300: Dial(UnicastRTP/127.0.0.1:31908): answered at once, the caller's RTP goes there.
  RtpListener listener(31908);
  ASSERT_TRUE(listener.bound());
  const auto result = call("call-echo.xml", 31934, "300");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_GT(listener.packets(8), 40) << "two seconds of 30 ms PCMA reached the address";
}

TEST_F(SippCallTest, KeysPressedWithSipInfoArePlayedAsRfc4733ToTheBridgedLeg) {
  // 301: Dial(UnicastRTP/127.0.0.1:31938); the caller sends INFO 5 and #, which the media
  // node plays toward the UnicastRTP address as telephone-events (101: the caller offered
  // none, so the media node's default).
  RtpListener listener(31938);
  ASSERT_TRUE(listener.bound());
  const auto result = call("call-info.xml", 31954, "301");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_GE(listener.packets(101), 6) << "two keys, each several event packets and an end\n"
                                      << node->process().output();
}

TEST_F(SippCallTest, TheDialplanRefusesWithTheResponseOfItsCause) {
  const auto busy = call("call-busy.xml", 31930, "486");
  EXPECT_EQ(busy.exit_code, 0) << "486 for Hangup(USER_BUSY):\n" << busy.out << busy.err;
  const auto unknown = call("call-unknown.xml", 31940, "999");
  EXPECT_EQ(unknown.exit_code, 0) << "404 for an unknown extension:\n"
                                  << unknown.out << unknown.err;
  EXPECT_GE(metric(node->http_port(), "tandem_calls_total{result=\"busy\"}"), 1);
  EXPECT_GE(metric(node->http_port(), "tandem_calls_total{result=\"failed\"}"), 1);
}

TEST_F(SippCallTest, AReinviteHoldsTheCallAndTakesItBack) {
  const auto result = call("call-hold.xml", 31960, "600");
  EXPECT_EQ(result.exit_code, 0) << "sendonly answered recvonly, then sendrecv:\n"
                                 << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
}

/// A node of its own (RTP ports `first_port` to `last_port`) whose extension 800 runs
/// `application`, called once by SIPp `scenario` from `media_port`; once the node is
/// connected to `service`, `once_connected` runs (by default, a second of audio).
class AudioSocketCall {
 public:
  AudioSocketCall(testing::AudioSocketServer& service, const std::string& application,
                  uint16_t first_port, uint16_t last_port, uint16_t media_port,
                  const char* scenario = "call-audiosocket.xml",
                  std::function<void()> once_connected = {})
      : node_({"--role=all", "--log.level=warn", "--signaling.calls.auth=off",
               "--media.rtp.first_port=" + std::to_string(first_port),
               "--media.rtp.last_port=" + std::to_string(last_port),
               "--signaling.dialplan={default: {'800': ['" + application + "']}}"}) {
    node_.wait_ready();
    EXPECT_TRUE(node_.ready());
    EXPECT_TRUE(testing::eventually([&] {
      return node_.ctl({"nodes", "list"}).out.find("media") != std::string::npos;
    }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    std::thread service_side([&] {
      if (!testing::eventually([&] { return service.uuid().has_value(); },
                               std::chrono::seconds(10)))
        return;
      if (once_connected) return once_connected();
      service.send_audio(std::vector<int16_t>(8000, 1000));
    });
    result_ =
        sipp(node_.sip_udp_port(), {scenario, "users.csv", 1}, {"u1", "udp"}, media_port, "800");
    service_side.join();
  }

  const testing::CommandResult& result() const { return result_; }
  testing::TandemProcess& node() { return node_; }

  /// The call succeeded, the service got `uuid` first and the caller's audio, and its own
  /// audio went out toward the caller.
  void expect_audio_both_ways(const testing::AudioSocketServer& service, const char* uuid) {
    ASSERT_EQ(result_.exit_code, 0) << result_.out << result_.err << "\nnode:\n"
                                    << node_.process().output();
    EXPECT_EQ(service.uuid(), uuid) << "the UUID is the first message";
    EXPECT_GT(service.audio().size(), 8000u) << "the caller's audio reached the service";
    EXPECT_GT(metric(node_.http_port(), "tandem_media_packets_total{direction=\"out\"}"), 25)
        << "the service's audio went out toward the caller";
  }

 private:
  testing::TandemProcess node_;
  testing::CommandResult result_;
};

TEST(SippAudioSocketTest, ACallReachesAnAudioSocketServiceThatHearsAndAnswersTheCaller) {
  constexpr const char* kUuid = "40325ec2-5efd-4bd3-805f-53576e581d13";
  testing::AudioSocketServer service;
  AudioSocketCall call(service, "AudioSocket(" + service.target() + "," + kUuid + ")", 31970, 31979,
                       31980);
  call.expect_audio_both_ways(service, kUuid);
}

TEST(SippAudioSocketTest, AServiceThatHangsUpEndsTheCallWithABye) {
  testing::AudioSocketServer service;
  AudioSocketCall call(service, "AudioSocket(" + service.target() + ")", 31986, 31989, 31990,
                       "call-hung-up.xml", [&] { service.send_hangup(); });
  EXPECT_EQ(call.result().exit_code, 0) << "the caller gets a BYE:\n"
                                        << call.result().out << call.result().err << "\nnode:\n"
                                        << call.node().process().output();
  EXPECT_EQ(service.uuid()->size(), 36u) << "a generated UUID";
}

TEST(SippAudioSocketTest, DialPlacesAnAudioSocketLegThatIsBridgedWithTheCaller) {
  constexpr const char* kUuid = "5b4c7a2e-9d3f-4e1a-8c6b-2f0e1d9a7c35";
  testing::AudioSocketServer service;
  AudioSocketCall call(service, "Dial(AudioSocket/" + service.target() + "/" + kUuid + ",5)", 32110,
                       32119, 32120);
  call.expect_audio_both_ways(service, kUuid);
  EXPECT_TRUE(testing::eventually([&] {
    const auto page = testing::http_get(call.node().http_port(), "/metrics").body;
    return page.find("tandem_media_endpoints{kind=\"rtp\"} 0") != std::string::npos &&
           page.find("tandem_media_endpoints{kind=\"audiosocket\"} 0") != std::string::npos;
  })) << "both endpoints are gone with the call";
}

TEST_F(SippCallTest, KeysPressedWithSipInfoBecomeTheCallsDtmf) {
  const double before = metric(node->http_port(), "tandem_call_dtmf_total{source=\"info\"}");
  const auto result = call("call-info.xml", 31996, "600");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(metric(node->http_port(), "tandem_call_dtmf_total{source=\"info\"}") - before, 2)
      << "dtmf-relay Signal=5 and dtmf #";
}

TEST_F(SippCallTest, StasisParksTheChannelUntilTheCallerGivesUp) {
  const auto parked = [&] {
    return metric(node->http_port(), "tandem_channels{state=\"CS_PARK\",tech=\"SIP\"}");
  };
  std::thread caller([&] {
    const auto result = call("call-stasis.xml", 31944, "900");
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  });
  EXPECT_TRUE(testing::eventually([&] { return parked() == 1; })) << "in CS_PARK";
  caller.join();
  EXPECT_TRUE(testing::eventually([&] { return parked() == 0; })) << "gone after the CANCEL";
}

TEST_F(SippCallTest, ACancelWhileRingingIsAnswered487) {
  const auto result = call("call-cancel.xml", 31950, "700");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_TRUE(testing::eventually([&] {
    return testing::http_get(node->http_port(), "/metrics")
               .body.find("tandem_media_endpoints{kind=\"rtp\"} 0") != std::string::npos;
  })) << "the cancelled call left no endpoint behind";
  EXPECT_TRUE(testing::eventually(
      [&] { return metric(node->http_port(), "tandem_calls_total{result=\"cancelled\"}") >= 1; }));
}

TEST_F(SippCallTest, ALateOfferIsOfferedInThe200AndTheAckAnswersIt) {
  const std::string out = "tandem_media_packets_total{direction=\"out\"}";
  const double out_before = metric(node->http_port(), out);
  const auto result = call("call-late-offer.xml", 31964, "600");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  // The endpoint was made for PCMU and PCMA; only once the ACK's answer switched it to
  // PCMA does the caller's PCMA come back echoed (another payload type is dropped).
  EXPECT_GT(metric(node->http_port(), out) - out_before, 40);
}

TEST_F(SippCallTest, ALateOfferWhoseAckCarriesNoAnswerIsEndedWithABye) {
  const auto result = call("call-late-offer-no-answer.xml", 32100, "600");
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_TRUE(testing::eventually([&] {
    return testing::http_get(node->http_port(), "/metrics")
               .body.find("tandem_media_endpoints{kind=\"rtp\"} 0") != std::string::npos;
  })) << "the ended call left no endpoint behind";
}

TEST_F(SippTest, AWrongPasswordIsCountedAsAnAuthFailure) {
  ASSERT_EQ(run_sipp({"register-wrong-password.xml", "users-wrong-password.csv", 1}, {"u1", "udp"})
                .exit_code,
            0);
  const auto metrics = testing::http_get(node->http_port(), "/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("tandem_sip_auth_failures_total{reason=\"rejected\"}"));
}

/// SIPp uac -> Tandem -> SIPp uas through Dial(SIP/<user>): each callee SIPp registers a
/// user of its own (the registrar takes REGISTER without credentials here) and then waits
/// for the INVITE Tandem forks to it.
class SippDialTest : public CallNodeTest<SippDialTest> {
 public:
  static std::vector<std::string> node_arguments() {
    return {"--role=all",
            "--log.level=warn",
            "--signaling.calls.auth=off",
            "--signaling.registrar.auth=off",
            "--media.rtp.first_port=32010",
            "--media.rtp.last_port=32029",
            "--signaling.dialplan={default: {'_[a-z].': ['Dial(SIP/${EXTEN},3)'], "
            "'_9.': ['Dial(SIP/${EXTEN:1},3)', 'Set(AFTER=${DIALSTATUS})', "
            "'Hangup(USER_BUSY)'], '77': ['Dial(SIP/mia&SIP/ned,5)']}}"};
  }

 protected:
  /// Registers `user` at a callee SIPp on `sip_port`, then runs that callee in the
  /// background with `scenario`, echoing RTP on `media_port`.
  static std::thread callee(const std::string& user, const char* scenario, uint16_t sip_port,
                            uint16_t media_port, testing::CommandResult& result) {
    const std::string dir = TANDEM_SIPP_SCENARIOS;
    const auto registered =
        testing::run_command({"sipp",
                              "127.0.0.1:" + std::to_string(node->sip_udp_port()),
                              "-sf",
                              dir + "/register-callee.xml",
                              "-t",
                              "u1",
                              "-i",
                              "127.0.0.1",
                              "-p",
                              std::to_string(testing::free_udp_port()),
                              "-s",
                              user,
                              "-key",
                              "contact_port",
                              std::to_string(sip_port),
                              "-m",
                              "1",
                              "-nostdin",
                              "-timeout",
                              "10",
                              "-timeout_error",
                              "-recv_timeout",
                              "5000"},
                             "", std::chrono::seconds(20));
    EXPECT_EQ(registered.exit_code, 0) << registered.out << registered.err;
    return std::thread([=, &result] {
      result = testing::run_command({"sipp",
                                     "-sf",
                                     dir + "/" + scenario,
                                     "-t",
                                     "u1",
                                     "-i",
                                     "127.0.0.1",
                                     "-p",
                                     std::to_string(sip_port),
                                     "-mi",
                                     "127.0.0.1",
                                     "-mp",
                                     std::to_string(media_port),
                                     "-rtp_echo",
                                     "-m",
                                     "1",
                                     "-nostdin",
                                     "-timeout",
                                     "20",
                                     "-timeout_error"},
                                    "", std::chrono::seconds(30));
    });
  }

  /// `user` is registered at a callee SIPp running `callee_scenario` (SIP port `callee_sip`,
  /// media `callee_media`) and dialed by a caller SIPp running `caller_scenario` from
  /// `caller_media`; both scenarios must run to their end (`what` says what that proves).
  static void expect_both_succeed(const std::string& user, const char* callee_scenario,
                                  uint16_t callee_sip, uint16_t callee_media,
                                  const char* caller_scenario, uint16_t caller_media,
                                  const char* what) {
    testing::CommandResult callee_result;
    auto callee_thread = callee(user, callee_scenario, callee_sip, callee_media, callee_result);
    const auto caller = dial(caller_scenario, caller_media, user);
    callee_thread.join();
    ASSERT_EQ(caller.exit_code, 0) << caller.out << caller.err << "\nnode:\n"
                                   << node->process().output();
    EXPECT_EQ(callee_result.exit_code, 0) << what << ":\n"
                                          << callee_result.out << callee_result.err;
  }

  /// A caller dials `extension` once the callee SIPp had a moment to bind its port.
  static testing::CommandResult dial(const char* scenario, uint16_t media_port,
                                     const std::string& extension) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return call(scenario, media_port, extension);
  }
};

TEST_F(SippDialTest, AnAnsweredCallCarriesAudioBothWaysThroughTheMediaNode) {
  const std::string in = "tandem_media_packets_total{direction=\"in\"}";
  const std::string out = "tandem_media_packets_total{direction=\"out\"}";
  const double in_before = metric(node->http_port(), in);
  const double out_before = metric(node->http_port(), out);
  testing::CommandResult callee_result;
  auto callee_thread = callee("bob", "callee-answer.xml", 32000, 32040, callee_result);
  const auto caller = dial("call-echo.xml", 32060, "bob");
  callee_thread.join();
  ASSERT_EQ(caller.exit_code, 0) << caller.out << caller.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_EQ(callee_result.exit_code, 0) << "the callee got the BYE:\n"
                                        << callee_result.out << callee_result.err;
  // Two seconds of 30 ms packets from the caller reach the callee, which echoes them: each
  // passes the media node twice (caller -> node -> callee, callee -> node -> caller).
  EXPECT_GT(metric(node->http_port(), in) - in_before, 100);
  EXPECT_GT(metric(node->http_port(), out) - out_before, 100);
  EXPECT_TRUE(testing::eventually([&] {
    return testing::http_get(node->http_port(), "/metrics")
               .body.find("tandem_media_endpoints{kind=\"rtp\"} 0") != std::string::npos;
  })) << "both legs' endpoints are gone with the call";
  EXPECT_GE(metric(node->http_port(), "tandem_call_setup_seconds_count{stage=\"registry_lookup\"}"),
            1);
}

TEST_F(SippDialTest, ASecondAnswerFromAnotherForkIsAcknowledgedAndEndedWithABye) {
  expect_both_succeed(
      "ivan", "callee-forked-answers.xml", 32007, 32104, "call-echo.xml", 32108,
      "both 200s ACKed, the second fork's dialog BYEd, the first's BYEd at the end");
}

TEST_F(SippDialTest, AnotherForkOfALoserAnsweringAfterItEndedIsAcknowledgedAndEndedWithABye) {
  // 77: Dial(SIP/mia&SIP/ned). mia answers; ned's 200 crosses its CANCEL (ACKed, BYEd, the
  // leg is over), then another fork behind ned answers the same INVITE.
  testing::CommandResult mia_result;
  testing::CommandResult ned_result;
  auto mia = callee("mia", "callee-answer.xml", 32150, 32154, mia_result);
  auto ned = callee("ned", "callee-loser-forks.xml", 32151, 32158, ned_result);
  const auto caller = dial("call-echo.xml", 32162, "77");
  mia.join();
  ned.join();
  ASSERT_EQ(caller.exit_code, 0) << caller.out << caller.err << "\nnode:\n"
                                 << node->process().output();
  EXPECT_EQ(mia_result.exit_code, 0) << mia_result.out << mia_result.err;
  EXPECT_EQ(ned_result.exit_code, 0)
      << "the crossing 200 and the late fork's 200 each ACKed and BYEd:\n"
      << ned_result.out << ned_result.err;
}

TEST_F(SippDialTest, KeysReachACalleeWithoutTelephoneEventAsSipInfo) {
  // The caller offers no telephone-event and presses 5 and # with INFO; the callee's answer
  // has none either, so the keys cross the bridge as INFO, not as RFC 4733.
  expect_both_succeed("judy", "callee-info.xml", 32008, 32124, "call-info.xml", 32128,
                      "INFO Signal=5, INFO Signal=#, then the BYE");
}

TEST_F(SippDialTest, Rfc4733KeysReachACalleeWithoutTelephoneEventAsSipInfo) {
  // The caller offers telephone-event and presses 5 and # in the media; the callee's answer
  // has none, so the node tells it with INFO.
  expect_both_succeed("kim", "callee-info.xml", 32009, 32132, "call-rfc4733.xml", 32136,
                      "INFO Signal=5, INFO Signal=#, then the BYE");
}

TEST_F(SippDialTest, ABusyCalleeMakesTheCallerHear486) {
  expect_both_succeed("carol", "callee-busy.xml", 32001, 32044, "call-busy.xml", 32064,
                      "the callee answered 486");
}

TEST_F(SippDialTest, ACalleeThatNeverAnswersIsCancelledAndTheCallerHears480) {
  expect_both_succeed("dave", "callee-cancelled.xml", 32002, 32048, "call-no-answer.xml", 32068,
                      "the callee was cancelled");
  EXPECT_GE(metric(node->http_port(), "tandem_calls_total{result=\"no_answer\"}"), 1);
}

TEST_F(SippDialTest, ACallerThatGivesUpCancelsTheCallee) {
  expect_both_succeed("erin", "callee-cancelled.xml", 32003, 32052, "call-cancel.xml", 32072,
                      "the CANCEL went on to the callee");
}

TEST_F(SippDialTest, ACalleeThatHangsUpEndsTheCallerWithABye) {
  expect_both_succeed("frank", "callee-hangs-up.xml", 32004, 32056, "call-hung-up.xml", 32076,
                      "the callee's BYE was answered");
}

TEST_F(SippDialTest, ACalleeThatHoldsTheCallIsAnsweredRecvonly) {
  expect_both_succeed("grace", "callee-holds.xml", 32005, 32084, "call-hung-up.xml", 32088,
                      "sendonly answered recvonly");
}

TEST_F(SippDialTest, EarlyMediaFollowedAtOnceByTheAnswerIsBridgedOnce) {
  // 183 with SDP and the 200 back to back: the answer waits for the early-media bridge.
  expect_both_succeed("henry", "callee-early-media.xml", 32006, 32092, "call-echo.xml", 32096,
                      "one bridge, then the BYE");
}

TEST_F(SippDialTest, AUserWithoutContactsIsUnavailableAndTheDialplanGoesOn) {
  // "9nobody": Dial(SIP/nobody) finds no contact (CHANUNAVAIL), then Hangup(USER_BUSY) runs.
  const auto caller = dial("call-busy.xml", 32080, "9nobody");
  EXPECT_EQ(caller.exit_code, 0) << "the priority after the Dial answered 486:\n"
                                 << caller.out << caller.err << "\nnode:\n"
                                 << node->process().output();
}

}  // namespace
}  // namespace tandem
