// SIPp (package sip-tester) against a real node: the registrar with digest auth and the
// OPTIONS responder, over UDP and over TCP. Scenarios are in tests/interop/sipp/, named for
// what they prove. SIPp answers only MD5 challenges, so the node offers MD5 first here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/tandem_process.hpp"

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
    const std::string dir = TANDEM_SIPP_SCENARIOS;
    const bool tcp = std::string(t.sipp_flag) == "t1";
    const auto port = tcp ? node->sip_tcp_port() : node->sip_udp_port();
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
    if (*c.users != 0) {
      argv.insert(argv.end(), {"-inf", dir + "/" + c.users});
    }
    return testing::run_command(argv, "", std::chrono::seconds(40));
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
    ::testing::Combine(::testing::Values(SippCase{"register-digest.xml", "users.csv", 2},
                                         SippCase{"register-wrong-password.xml",
                                                  "users-wrong-password.csv", 1},
                                         SippCase{"reregister-digest.xml", "users.csv", 2},
                                         SippCase{"unregister-all.xml", "users.csv", 2},
                                         SippCase{"options.xml", "", 3}),
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

TEST_F(SippTest, AWrongPasswordIsCountedAsAnAuthFailure) {
  ASSERT_EQ(run_sipp({"register-wrong-password.xml", "users-wrong-password.csv", 1}, {"u1", "udp"})
                .exit_code,
            0);
  const auto metrics = testing::http_get(node->http_port(), "/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("tandem_sip_auth_failures_total{reason=\"rejected\"}"));
}

}  // namespace
}  // namespace tandem
