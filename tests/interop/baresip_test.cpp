// baresip 1.0 (a real softphone on libre, not our code) registers with a node over UDP, TCP
// and TLS, answering the digest challenge; tandemctl lists the registration with the
// transport it came over, and baresip's unregistration on exit removes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "tests/integration/tandem_process.hpp"

namespace tandem {
namespace {

using ::testing::HasSubstr;

struct Transport {
  const char* name;   // baresip's transport parameter
  const char* shown;  // what tandemctl shows
  // baresip listens here on UDP and TCP, and on the port above for TLS. Below the kernel's
  // ephemeral ports and apart per case: a port merely found free could be taken by a case
  // running alongside before baresip binds it, the TLS one was never checked at all.
  uint16_t listen_port;
};

void PrintTo(const Transport& t, std::ostream* out) { *out << t.name; }

/// A baresip configuration in a temporary directory: loopback only, no audio devices.
class BaresipConfig {
 public:
  /// `extra`: more configuration lines (audio source, recording, modules).
  BaresipConfig(const std::string& account, uint16_t listen_port, const testing::TlsIdentity& ca,
                const std::string& extra = "") {
    char pattern[] = "/tmp/tandem-baresip-XXXXXX";
    directory_ = mkdtemp(pattern);
    std::ofstream(directory_ + "/config") << "sip_listen\t127.0.0.1:" << listen_port << "\n"
                                          << "net_interface\t127.0.0.1\n"
                                          << "sip_cafile\t" << ca.certificate_file() << "\n"
                                          << "module_path\t/usr/lib/baresip/modules\n"
                                          << "module\tg711.so\n"
                                          << "module_tmp\tuuid.so\n"
                                          << "module_tmp\taccount.so\n"
                                          << extra;
    std::ofstream(directory_ + "/accounts") << account << "\n";
  }
  ~BaresipConfig() {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
};

class BaresipTest : public ::testing::TestWithParam<Transport> {
 protected:
  static void SetUpTestSuite() {
    identity = new testing::TlsIdentity();
    // libre 1.x gives up on a challenge set containing an algorithm it does not know, so
    // baresip 1.0 registers only where MD5 alone is offered: the default.
    node = new testing::TandemProcess({"--role=all", "--log.level=warn"}, {}, identity);
    node->wait_ready();
  }
  static void TearDownTestSuite() {
    delete node;
    delete identity;
  }
  void SetUp() override { ASSERT_TRUE(node->ready()); }

  static std::string registrations() { return node->ctl({"registrations", "list"}).out; }

  static testing::TlsIdentity* identity;
  static testing::TandemProcess* node;
};

testing::TlsIdentity* BaresipTest::identity = nullptr;
testing::TandemProcess* BaresipTest::node = nullptr;

TEST_P(BaresipTest, RegistersIsListedAndUnregistersOnExit) {
  const auto& t = GetParam();
  const bool tls = std::string(t.name) == "tls";
  const auto port = tls                            ? node->sip_tls_port()
                    : std::string(t.name) == "tcp" ? node->sip_tcp_port()
                                                   : node->sip_udp_port();
  const BaresipConfig config("<sip:alice@127.0.0.1:" + std::to_string(port) +
                                 ";transport=" + t.name + ">;auth_pass=alicepw;regint=60",
                             t.listen_port, *identity);
  // -t: baresip's own watchdog, in case this test dies before stopping it.
  testing::ChildProcess baresip({"baresip", "-f", config.directory(), "-t", "60"});

  const bool listed = testing::eventually(
      [&] {
        const auto out = registrations();
        return out.find("baresip") != std::string::npos && out.find(t.shown) != std::string::npos;
      },
      std::chrono::seconds(15));
  ASSERT_TRUE(listed) << "tandemctl:\n"
                      << registrations() << "\nbaresip:\n"
                      << baresip.output() << "\nnode:\n"
                      << node->process().output();
  const auto out = registrations();
  EXPECT_THAT(out, HasSubstr("sip:alice@127.0.0.1"));
  EXPECT_THAT(baresip.output(), HasSubstr("200 OK"));

  baresip.signal(SIGTERM);
  EXPECT_TRUE(baresip.wait(std::chrono::seconds(10)).has_value()) << baresip.output();
  EXPECT_TRUE(
      testing::eventually([&] { return registrations().find("baresip") == std::string::npos; },
                          std::chrono::seconds(10)))
      << "baresip unregisters on exit:\n"
      << registrations();
}

INSTANTIATE_TEST_SUITE_P(Transports, BaresipTest,
                         ::testing::Values(Transport{"udp", "UDP", 31800},
                                           Transport{"tcp", "TCP", 31810},
                                           Transport{"tls", "TLS", 31820}),
                         [](const auto& info) { return std::string(info.param.name); });

/// A 16-bit mono WAV of a sine wave.
void write_tone(const std::string& path, int frequency, int rate, int seconds) {
  const uint32_t samples = static_cast<uint32_t>(rate * seconds);
  const auto u32 = [](std::ofstream& out, uint32_t v) {
    out.write(reinterpret_cast<char*>(&v), 4);
  };
  const auto u16 = [](std::ofstream& out, uint16_t v) {
    out.write(reinterpret_cast<char*>(&v), 2);
  };
  std::ofstream out(path, std::ios::binary);
  out << "RIFF";
  u32(out, 36 + samples * 2);
  out << "WAVEfmt ";
  u32(out, 16);
  u16(out, 1);  // PCM
  u16(out, 1);  // mono
  u32(out, static_cast<uint32_t>(rate));
  u32(out, static_cast<uint32_t>(rate * 2));
  u16(out, 2);
  u16(out, 16);
  out << "data";
  u32(out, samples * 2);
  for (uint32_t i = 0; i < samples; ++i) {
    const auto v = static_cast<int16_t>(16000 * std::sin(2 * M_PI * frequency * i / rate));
    out.write(reinterpret_cast<const char*>(&v), 2);
  }
}

/// The samples of a 16-bit mono WAV baresip's sndfile wrote (a 44-byte header).
std::vector<int16_t> read_wav(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<int16_t> samples;
  for (size_t i = 44; i + 1 < bytes.size(); i += 2) {
    samples.push_back(static_cast<int16_t>(static_cast<uint8_t>(bytes[i]) |
                                           (static_cast<uint8_t>(bytes[i + 1]) << 8)));
  }
  return samples;
}

/// RMS (0..1) and the frequency from zero crossings of 8 kHz samples.
std::pair<double, double> loudness_and_frequency(const std::vector<int16_t>& samples) {
  double energy = 0;
  size_t crossings = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    energy += static_cast<double>(samples[i]) * samples[i];
    if (i > 0 && (samples[i - 1] < 0) != (samples[i] < 0)) ++crossings;
  }
  const double rms = std::sqrt(energy / static_cast<double>(samples.size())) / 32768;
  const double frequency =
      static_cast<double>(crossings) / 2 / (static_cast<double>(samples.size()) / 8000);
  return {rms, frequency};
}

/// The decoded recording baresip's sndfile wrote into `directory`, or "" when none.
std::string received_recording(const std::string& directory) {
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().string().ends_with("-dec.wav")) return entry.path();
  }
  return "";
}

TEST(BaresipCallTest, ARegisteredBaresipCallsTheEchoExtensionAndHearsItself) {
  testing::TlsIdentity identity;
  testing::TandemProcess node({"--role=all", "--log.level=warn", "--media.rtp.first_port=31830",
                               "--media.rtp.last_port=31839"});
  node.wait_ready();
  ASSERT_TRUE(node.ready());
  // Calls anchor on a media node from the directory, which the node polls every second.
  ASSERT_TRUE(testing::eventually([&] {
    return node.ctl({"nodes", "list"}).out.find("media") != std::string::npos;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));

  char pattern[] = "/tmp/tandem-tone-XXXXXX";
  const std::string work = mkdtemp(pattern);
  write_tone(work + "/tone.wav", 1000, 8000, 30);
  std::filesystem::create_directories(work + "/rec");
  const auto port = std::to_string(node.sip_udp_port());
  const BaresipConfig config(
      "<sip:alice@127.0.0.1:" + port + ";transport=udp>;auth_pass=alicepw;regint=60", 31840,
      identity,
      "audio_source\taufile," + work +
          "/tone.wav\n"
          "audio_player\taubridge,alice-play\n"
          "rtp_ports\t31850-31859\n"
          "module\taufile.so\nmodule\taubridge.so\nmodule\tsndfile.so\n"
          "module_app\tmenu.so\n"
          "snd_path\t" +
          work + "/rec\n");
  // Dial, talk for the 5 s of baresip's watchdog, then hang up (BYE) and quit.
  testing::ChildProcess baresip(
      {"baresip", "-f", config.directory(), "-e", "/dial sip:600@127.0.0.1:" + port, "-t", "5"});
  ASSERT_TRUE(baresip.wait(std::chrono::seconds(20)).has_value()) << baresip.output();
  EXPECT_THAT(baresip.output(), HasSubstr("Call established")) << node.process().output();

  const auto received = received_recording(work + "/rec");
  ASSERT_FALSE(received.empty()) << "baresip recorded what it received";
  const auto samples = read_wav(received);
  ASSERT_GT(samples.size(), 8000u) << "more than a second of audio came back";
  const auto [rms, frequency] = loudness_and_frequency(samples);
  EXPECT_GT(rms, 0.1) << "not silence";
  EXPECT_NEAR(frequency, 1000, 100) << "its own 1 kHz tone, echoed by the media node";
  std::filesystem::remove_all(work);
}

TEST(BaresipCallTest, SippReachesARegisteredBaresipThroughDial) {
  testing::TlsIdentity identity;
  // SIPp cannot sign an INVITE Tandem accepts (see sipp_test.cpp), so calls need no
  // credentials here; baresip still registers with digest auth.
  testing::TandemProcess node({"--role=all", "--log.level=warn", "--signaling.calls.auth=off",
                               "--media.rtp.first_port=31860", "--media.rtp.last_port=31869"});
  node.wait_ready();
  ASSERT_TRUE(node.ready());
  ASSERT_TRUE(testing::eventually([&] {
    return node.ctl({"nodes", "list"}).out.find("media") != std::string::npos;
  }));

  char pattern[] = "/tmp/tandem-callee-XXXXXX";
  const std::string work = mkdtemp(pattern);
  write_tone(work + "/tone.wav", 1000, 8000, 30);
  std::filesystem::create_directories(work + "/rec");
  const auto port = std::to_string(node.sip_udp_port());
  const BaresipConfig config(
      "<sip:bob@127.0.0.1:" + port + ";transport=udp>;auth_pass=bobpw;answermode=auto;regint=60",
      31870, identity,
      "audio_source\taufile," + work +
          "/tone.wav\n"
          "audio_player\taubridge,bob-play\n"
          "rtp_ports\t31880-31889\n"
          "module\taufile.so\nmodule\taubridge.so\nmodule\tsndfile.so\n"
          "module_app\tmenu.so\n"
          "snd_path\t" +
          work + "/rec\n");
  testing::ChildProcess baresip({"baresip", "-f", config.directory(), "-t", "30"});
  ASSERT_TRUE(testing::eventually(
      [&] {
        return node.ctl({"registrations", "list"}).out.find("sip:bob@") != std::string::npos;
      },
      std::chrono::seconds(15)))
      << baresip.output() << node.process().output();

  // The demo dialplan: _[a-z]. -> Dial(SIP/${EXTEN},30). SIPp plays two seconds of PCMA.
  const std::string dir = TANDEM_SIPP_SCENARIOS;
  const auto caller = testing::run_command({"sipp",
                                            "127.0.0.1:" + port,
                                            "-sf",
                                            dir + "/call-echo.xml",
                                            "-inf",
                                            dir + "/users.csv",
                                            "-t",
                                            "u1",
                                            "-i",
                                            "127.0.0.1",
                                            "-p",
                                            "31890",
                                            "-mi",
                                            "127.0.0.1",
                                            "-mp",
                                            "31892",
                                            "-s",
                                            "bob",
                                            "-m",
                                            "1",
                                            "-l",
                                            "1",
                                            "-nostdin",
                                            "-timeout",
                                            "20",
                                            "-timeout_error",
                                            "-recv_timeout",
                                            "10000"},
                                           "", std::chrono::seconds(40));
  EXPECT_EQ(caller.exit_code, 0) << caller.out << caller.err << "\nbaresip:\n"
                                 << baresip.output() << "\nnode:\n"
                                 << node.process().output();
  EXPECT_THAT(baresip.output(), HasSubstr("Call established"));
  EXPECT_TRUE(testing::eventually([&] { return !received_recording(work + "/rec").empty(); }));
  baresip.signal(SIGTERM);
  EXPECT_TRUE(baresip.wait(std::chrono::seconds(10)).has_value()) << baresip.output();

  const auto received = received_recording(work + "/rec");
  ASSERT_FALSE(received.empty()) << "baresip recorded what it received";
  const auto samples = read_wav(received);
  ASSERT_GT(samples.size(), 8000u) << "more than a second of the caller's audio";
  EXPECT_GT(loudness_and_frequency(samples).first, 0.01) << "the caller's pcap, not silence";
  // Both directions passed the media node: the caller's 2 s of 30 ms packets toward baresip,
  // and baresip's 20 ms packets of its tone for the whole call toward the caller.
  const auto page = testing::http_get(node.http_port(), "/metrics").body;
  const std::string out = "\ntandem_media_packets_total{direction=\"out\"} ";
  ASSERT_NE(page.find(out), std::string::npos);
  EXPECT_GT(std::stod(page.substr(page.find(out) + out.size())), 100);
  std::filesystem::remove_all(work);
}

}  // namespace
}  // namespace tandem
