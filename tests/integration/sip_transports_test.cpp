// REGISTER with digest authentication over every connection-oriented transport a node
// serves (TCP, TLS, WS, WSS), against the real binary: the challenge, the authenticated
// REGISTER, the 200 OK listing the contact, then tandemctl showing the registration with the
// transport it came over.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "libs/sip/auth_header.hpp"
#include "libs/sip/digest.hpp"
#include "libs/sip/parser.hpp"
#include "tests/integration/tandem_process.hpp"
#include "tests/support/sip_stream_client.hpp"

namespace tandem {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::StreamProtocol;

constexpr auto kWait = milliseconds{5000};

struct Transport {
  StreamProtocol protocol;
  const char* via;    // the Via transport token
  const char* param;  // the Contact's transport parameter
};

void PrintTo(const Transport& t, std::ostream* out) { *out << t.via; }

std::string register_request(const Transport& t, const std::string& user, int cseq,
                             const std::string& authorization) {
  // RFC 7118 clients put an invented .invalid host in Via and Contact.
  std::string request = "REGISTER sip:127.0.0.1 SIP/2.0\r\n";
  request += std::string("Via: SIP/2.0/") + t.via + " client" + t.param +
             ".invalid;branch=z9hG4bK-" + user + std::to_string(cseq) + "\r\n";
  request += "Max-Forwards: 70\r\n";
  request += "To: <sip:" + user + "@127.0.0.1>\r\n";
  request += "From: <sip:" + user + "@127.0.0.1>;tag=reg" + std::to_string(cseq) + "\r\n";
  request += "Call-ID: transports-" + user + "-" + t.param + "\r\n";
  request += "CSeq: " + std::to_string(cseq) + " REGISTER\r\n";
  request += "Contact: <sip:" + user + "@client" + t.param + ".invalid;transport=" + t.param +
             ">;expires=300\r\n";
  request += "User-Agent: transports-test\r\n";
  if (!authorization.empty()) request += "Authorization: " + authorization + "\r\n";
  request += "Content-Length: 0\r\n\r\n";
  return request;
}

/// The Authorization answering a 401's challenge with the user's password.
std::string authorization_for(const std::string& challenge_response, const std::string& user,
                              const std::string& password) {
  const auto parsed = sip::parse_message(challenge_response, sip::Framing::datagram);
  EXPECT_TRUE(parsed.message.has_value());
  const auto header =
      sip::parse_auth_header(parsed.message->value(sip::HeaderId::www_authenticate));
  EXPECT_TRUE(header.ok());
  const auto& challenge = header.value();
  const auto* algorithm_name = challenge.find("algorithm");
  const auto algorithm =
      sip::digest_algorithm(algorithm_name != nullptr ? *algorithm_name : "MD5").value();
  const std::string realm = *challenge.find("realm");
  const std::string nonce = *challenge.find("nonce");
  const std::string uri = "sip:127.0.0.1";
  const auto ha1 = sip::digest_ha1(algorithm, user, realm, password);
  const auto response =
      sip::digest_response(algorithm, ha1, "REGISTER", uri, nonce, "00000001", "c0ffee", "auth");
  return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce +
         "\", uri=\"" + uri + "\", response=\"" + response +
         "\", algorithm=" + std::string(sip::algorithm_name(algorithm)) +
         ", qop=auth, nc=00000001, cnonce=\"c0ffee\"";
}

class SipTransportsTest : public ::testing::TestWithParam<Transport> {
 protected:
  static void SetUpTestSuite() {
    identity = new testing::TlsIdentity();
    // SHA-256 first: the client here answers whichever algorithm comes first.
    node = new testing::TandemProcess(
        {"--role=all", "--log.level=warn", "--signaling.auth.algorithms=SHA-256,MD5"}, {},
        identity);
    node->wait_ready();
  }
  static void TearDownTestSuite() {
    delete node;
    delete identity;
  }
  void SetUp() override { ASSERT_TRUE(node->ready()); }

  static uint16_t port_of(StreamProtocol protocol) {
    switch (protocol) {
      case StreamProtocol::tcp: return node->sip_tcp_port();
      case StreamProtocol::tls: return node->sip_tls_port();
      case StreamProtocol::ws: return node->sip_ws_port();
      case StreamProtocol::wss: return node->sip_wss_port();
    }
    return 0;
  }

  static testing::TlsIdentity* identity;
  static testing::TandemProcess* node;
};

testing::TlsIdentity* SipTransportsTest::identity = nullptr;
testing::TandemProcess* SipTransportsTest::node = nullptr;

TEST_P(SipTransportsTest, RegistersWithDigestAuthAndIsListedWithItsTransport) {
  const auto& t = GetParam();
  const std::string user = "alice";
  testing::SipStreamClient client(t.protocol, port_of(t.protocol));

  ASSERT_TRUE(client.send(register_request(t, user, 1, "")));
  const auto challenge = client.final_response(kWait);
  ASSERT_TRUE(challenge.has_value()) << node->process().output();
  ASSERT_THAT(*challenge, ::testing::StartsWith("SIP/2.0 401"));
  EXPECT_THAT(*challenge, HasSubstr("algorithm=SHA-256"));
  EXPECT_THAT(*challenge, HasSubstr(std::string("SIP/2.0/") + t.via + " client"))
      << "the Via comes back as sent";

  ASSERT_TRUE(
      client.send(register_request(t, user, 2, authorization_for(*challenge, user, "alicepw"))));
  const auto ok = client.final_response(kWait);
  ASSERT_TRUE(ok.has_value()) << node->process().output();
  ASSERT_THAT(*ok, ::testing::StartsWith("SIP/2.0 200")) << *ok;
  EXPECT_THAT(*ok, HasSubstr(std::string("client") + t.param + ".invalid;transport=" + t.param));

  const auto listed = node->ctl({"registrations", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(std::string("client") + t.param + ".invalid"));
  EXPECT_THAT(listed.out, HasSubstr("127.0.0.1:" + std::to_string(client.local_port())))
      << listed.out;
}

TEST_P(SipTransportsTest, AnswersOptionsOnTheSameConnection) {
  const auto& t = GetParam();
  testing::SipStreamClient client(t.protocol, port_of(t.protocol));
  // A new branch each time: a repeated one is a retransmission of a finished transaction.
  for (int i = 0; i < 3; ++i) {
    const std::string n = std::string(t.param) + std::to_string(i);
    const std::string options = std::string("OPTIONS sip:127.0.0.1 SIP/2.0\r\n") + "Via: SIP/2.0/" +
                                t.via + " c.invalid;branch=z9hG4bK-opt" + n + "\r\n" +
                                "Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\n" +
                                "From: <sip:probe@127.0.0.1>;tag=1\r\nCall-ID: opt-" + n +
                                "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    ASSERT_TRUE(client.send(options));
    const auto answer = client.final_response(kWait);
    ASSERT_TRUE(answer.has_value());
    EXPECT_THAT(*answer, ::testing::StartsWith("SIP/2.0 200"));
    EXPECT_THAT(*answer, HasSubstr("Allow:"));
  }
}

TEST_P(SipTransportsTest, CountsMessagesAndOpenConnectionsByTransport) {
  const auto& t = GetParam();
  testing::SipStreamClient client(t.protocol, port_of(t.protocol));
  ASSERT_TRUE(client.send(register_request(t, "bob", 1, "")));
  ASSERT_TRUE(client.final_response(kWait).has_value());
  const auto metrics = testing::http_get(node->http_port(), "/metrics").body;
  EXPECT_THAT(metrics,
              HasSubstr(std::string("tandem_sip_connections{transport=\"") + t.param + "\"} 1"));
  EXPECT_THAT(metrics, HasSubstr(std::string("direction=\"in\",method=\"REGISTER\",transport=\"") +
                                 t.param + "\""));
  for (const char* stage : {"parse", "auth", "reply", "total"}) {
    EXPECT_THAT(metrics, ::testing::ContainsRegex(
                             std::string("tandem_sip_register_stage_seconds_count\\{stage=\"") +
                             stage + "\"\\} [1-9]"))
        << stage;
  }
}

INSTANTIATE_TEST_SUITE_P(AllStreams, SipTransportsTest,
                         ::testing::Values(Transport{StreamProtocol::tcp, "TCP", "tcp"},
                                           Transport{StreamProtocol::tls, "TLS", "tls"},
                                           Transport{StreamProtocol::ws, "WS", "ws"},
                                           Transport{StreamProtocol::wss, "WSS", "wss"}),
                         [](const auto& info) { return std::string(info.param.param); });

}  // namespace
}  // namespace tandem
