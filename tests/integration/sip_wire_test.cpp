// The RFC 4475 / RFC 5118 corpus on the wire: each message sent to a running node as one
// UDP datagram from the address its Via names (so the answer comes back there), and over
// TCP for those whose Via says TCP. The node is a registrar and OPTIONS UAS with
// authentication off for REGISTER and on for calls: a well-formed INVITE is challenged
// (401); MESSAGE is not served (405); a request inside an unknown dialog gets 481.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/sip/parser.hpp"
#include "libs/sip/request_info.hpp"
#include "libs/sip/stream_framer.hpp"
#include "libs/sip/transaction/client_transaction.hpp"
#include "tests/integration/tandem_process.hpp"

namespace tandem {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

std::string corpus_file(const std::string& name) {
  std::ifstream in(std::string(TANDEM_SIP_CORPUS) + "/" + name, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// A socket that closes itself.
struct Socket {
  int fd;
  explicit Socket(int type) : fd(socket(AF_INET, type, 0)) {}
  ~Socket() { close(fd); }
};

sockaddr_in address(const std::string& ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

std::optional<std::string> receive(int fd, milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return std::nullopt;
  std::string buffer(65536, '\0');
  const auto n = recv(fd, buffer.data(), buffer.size(), 0);
  if (n <= 0) return std::nullopt;
  buffer.resize(static_cast<size_t>(n));
  return buffer;
}

/// Where the corpus message's answer will go: the Via port (5060 by default), unless it
/// asked for rport, when any port will do.
uint16_t reply_port(const std::string& message) {
  auto parsed = sip::parse_message(message, sip::Framing::datagram);
  if (!parsed.message) return 5060;
  auto via = sip::top_via(*parsed.message);
  if (!via || via->has_rport()) return 0;
  return via->port.value_or(5060);
}

int status_of(const std::string& response) {
  return response.size() > 12 ? std::stoi(response.substr(8, 3)) : 0;
}

struct WireCase {
  const char* file;
  /// The status the node answers with; 0: no answer at all.
  int udp;
  /// Over TCP, for messages whose Via says TCP: -1 not sent; 0 the connection is closed.
  int tcp = -1;
};

void PrintTo(const WireCase& c, std::ostream* out) { *out << c.file; }

class SipWireTest : public ::testing::TestWithParam<WireCase> {
 protected:
  static void SetUpTestSuite() {
    node = new testing::TandemProcess(
        {"--role=all", "--signaling.registrar.auth=off", "--log.level=warn"});
    node->wait_ready();
  }
  static void TearDownTestSuite() {
    delete node;
    node = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(node->ready()); }

  /// Sends the message as one datagram from 127.0.0.<n>; the first answer, if any.
  std::optional<std::string> over_udp(const std::string& message, milliseconds wait) {
    // A source address of this test's own, so that cases running at once never collide.
    static int sends = 0;
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const size_t h =
        std::hash<std::string>{}(std::string(test->name()) + "/" + std::to_string(sends++));
    const std::string source = !fixed_source_.empty()
                                   ? fixed_source_
                                   : "127." + std::to_string(1 + h % 250) + "." +
                                         std::to_string(1 + h / 250 % 250) + "." +
                                         std::to_string(1 + h / 62'500 % 250);
    Socket s(SOCK_DGRAM);
    const auto local = address(source, reply_port(message));
    EXPECT_EQ(bind(s.fd, reinterpret_cast<const sockaddr*>(&local), sizeof local), 0) << source;
    const auto remote = address("127.0.0.1", node->sip_udp_port());
    sendto(s.fd, message.data(), message.size(), 0, reinterpret_cast<const sockaddr*>(&remote),
           sizeof remote);
    auto answer = receive(s.fd, wait);
    while (answer && status_of(*answer) < 200) answer = receive(s.fd, wait);  // 100 Trying
    if (!answer) return answer;
    acknowledge(s.fd, remote, message, *answer);
    extra_ = receive(s.fd, milliseconds{300});
    return answer;
  }

  /// Behaves as a UAC: an INVITE's failure is acknowledged, or it comes again (RFC 3261 17.1.1).
  static void acknowledge(int fd, const sockaddr_in& remote, const std::string& invite,
                          const std::string& answer) {
    auto request = sip::parse_message(invite, sip::Framing::datagram);
    auto response = sip::parse_message(answer, sip::Framing::datagram);
    if (!request.message || request.message->method() != sip::Method::invite || !response.message)
      return;
    const auto ack = sip::make_ack_for_failure(*request.message, *response.message);
    sendto(fd, ack.data(), ack.size(), 0, reinterpret_cast<const sockaddr*>(&remote),
           sizeof remote);
  }

  /// Sends the message over a new TCP connection: the answer, or nothing if it was closed.
  std::optional<std::string> over_tcp(const std::string& message) {
    Socket s(SOCK_STREAM);
    const auto remote = address("127.0.0.1", node->sip_tcp_port());
    EXPECT_EQ(connect(s.fd, reinterpret_cast<const sockaddr*>(&remote), sizeof remote), 0);
    send(s.fd, message.data(), message.size(), MSG_NOSIGNAL);
    // Several responses may arrive in one read (100 Trying, then the final): frame them.
    sip::StreamFramer framer;
    while (auto bytes = receive(s.fd, milliseconds{5000})) {
      framer.append(*bytes);
      for (auto frame = framer.next(); frame.status == sip::StreamFramer::Status::message;
           frame = framer.next()) {
        if (status_of(frame.bytes) >= 200) return frame.bytes;
      }
    }
    return std::nullopt;
  }

  static testing::TandemProcess* node;
  std::optional<std::string> extra_;
  /// Send from this address every time, when set.
  std::string fixed_source_;
};

testing::TandemProcess* SipWireTest::node = nullptr;

TEST_P(SipWireTest, IsAnsweredOverUdpAsARegistrarShould) {
  const auto message = corpus_file(GetParam().file);
  ASSERT_FALSE(message.empty());
  const auto answer =
      over_udp(message, GetParam().udp == 0 ? milliseconds{500} : milliseconds{5000});
  if (GetParam().udp == 0) {
    EXPECT_FALSE(answer.has_value()) << "no answer expected, got:\n" << *answer;
    return;
  }
  ASSERT_TRUE(answer.has_value()) << "no answer; node output:\n" << node->process().output();
  EXPECT_EQ(status_of(*answer), GetParam().udp) << *answer;
  EXPECT_FALSE(extra_.has_value()) << "one request, one answer; also got:\n" << *extra_;
}

/// Messages whose Via says TCP, sent over TCP.
class SipWireTcpTest : public SipWireTest {};

TEST_P(SipWireTcpTest, IsAnsweredOverTcp) {
  const auto answer = over_tcp(corpus_file(GetParam().file));
  if (GetParam().tcp == 0) {
    EXPECT_FALSE(answer.has_value()) << "expected no answer, got:\n" << *answer;
    return;
  }
  ASSERT_TRUE(answer.has_value()) << node->process().output();
  EXPECT_EQ(status_of(*answer), GetParam().tcp) << *answer;
}

INSTANTIATE_TEST_SUITE_P(
    Rfc4475, SipWireTest,
    ::testing::Values(
        WireCase{"wsinv.dat", 481}, WireCase{"intmeth.dat", 501, 501}, WireCase{"esc01.dat", 401},
        WireCase{"escnull.dat", 200}, WireCase{"esc02.dat", 501, 501}, WireCase{"lwsdisp.dat", 200},
        WireCase{"longreq.dat", 401, 401}, WireCase{"dblreq.dat", 200},
        WireCase{"semiuri.dat", 200}, WireCase{"transports.dat", 200}, WireCase{"mpart01.dat", 405},
        WireCase{"unreason.dat", 0}, WireCase{"noreason.dat", 0}, WireCase{"badinv01.dat", 400},
        WireCase{"clerr.dat", 400}, WireCase{"ncl.dat", 400}, WireCase{"scalar02.dat", 400, 400},
        WireCase{"scalarlg.dat", 0, 0}, WireCase{"quotbal.dat", 400}, WireCase{"ltgtruri.dat", 400},
        WireCase{"lwsruri.dat", 400}, WireCase{"lwsstart.dat", 400}, WireCase{"trws.dat", 400, 400},
        WireCase{"escruri.dat", 400}, WireCase{"baddate.dat", 401}, WireCase{"regbadct.dat", 400},
        WireCase{"badaspec.dat", 400}, WireCase{"baddn.dat", 400}, WireCase{"badvers.dat", 505},
        WireCase{"mismatch01.dat", 400}, WireCase{"mismatch02.dat", 501},
        WireCase{"bigcode.dat", 0}, WireCase{"badbranch.dat", 200}, WireCase{"insuf.dat", 400},
        WireCase{"unkscm.dat", 416, 416}, WireCase{"novelsc.dat", 416, 416},
        WireCase{"unksm2.dat", 400}, WireCase{"bext01.dat", 420}, WireCase{"invut.dat", 401},
        WireCase{"regaut01.dat", 200, 200}, WireCase{"multi01.dat", 400},
        WireCase{"mcl01.dat", 400}, WireCase{"bcast.dat", 0}, WireCase{"zeromf.dat", 200},
        WireCase{"cparam01.dat", 200}, WireCase{"cparam02.dat", 200}, WireCase{"regescrt.dat", 200},
        WireCase{"sdp01.dat", 401}, WireCase{"inv2543.dat", 401}, WireCase{"extra/test.dat", 400},
        WireCase{"extra/baddn.crlf-terminated.dat", 400}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.file).stem().string();
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

INSTANTIATE_TEST_SUITE_P(
    Rfc4475, SipWireTcpTest,
    ::testing::Values(WireCase{"intmeth.dat", 501, 501}, WireCase{"esc02.dat", 501, 501},
                      WireCase{"longreq.dat", 401, 401}, WireCase{"scalar02.dat", 400, 400},
                      WireCase{"scalarlg.dat", 0, 0}, WireCase{"trws.dat", 400, 400},
                      WireCase{"unkscm.dat", 416, 416}, WireCase{"novelsc.dat", 416, 416},
                      WireCase{"regaut01.dat", 200, 200},
                      // Broken framing over a stream: the connection is closed.
                      WireCase{"ncl.dat", 400, 0}, WireCase{"mcl01.dat", 400, 0}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.file).stem().string();
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

INSTANTIATE_TEST_SUITE_P(
    Rfc5118, SipWireTest,
    ::testing::Values(WireCase{"rfc5118/wire/ipv6-good.dat", 200},
                      WireCase{"rfc5118/wire/ipv6-bad.dat", 400},
                      WireCase{"rfc5118/wire/port-ambiguous.dat", 200},
                      WireCase{"rfc5118/wire/port-unambiguous.dat", 200},
                      WireCase{"rfc5118/wire/via-received-param-no-delim.dat", 200},
                      WireCase{"rfc5118/wire/ipv6-correct-abnf-2-colons.dat", 200},
                      WireCase{"rfc5118/wire/ipv6-bug-abnf-3-colons.dat", 200},
                      WireCase{"rfc5118/wire/ipv4-mapped-ipv6.dat", 401}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.file).stem().string();
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

/// The REGISTER cases where what is stored matters, not just the status.
class SipWireRegistrarTest : public SipWireTest {};

TEST_F(SipWireRegistrarTest, EscapedNulsMakeTwoDistinctBindings) {
  const auto answer = over_udp(corpus_file("escnull.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, HasSubstr("Contact: <sip:%00@host5.example.com>"));
  EXPECT_THAT(*answer, HasSubstr("Contact: <sip:%00%00@host5.example.com>"));
}

// cparam01, cparam02 and regescrt share a branch and sent-by, so one node takes the second
// for a retransmission of the first (RFC 3261 17.2.3): each gets a node of its own.
TEST_F(SipWireRegistrarTest, AParameterAfterAnAddrSpecBelongsToTheHeader) {
  const auto answer = over_udp(corpus_file("cparam01.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, ::testing::Not(HasSubstr(";unknownparam>")));
}

TEST_F(SipWireRegistrarTest, AParameterInsideAnglesStaysInTheUri) {
  const auto answer = over_udp(corpus_file("cparam02.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, HasSubstr(";unknownparam>"));
}

TEST_F(SipWireRegistrarTest, AnEscapedRouteHeaderStaysInTheContactUri) {
  const auto answer = over_udp(corpus_file("regescrt.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, HasSubstr("?Route=%3Csip:sip.example.com%3E>"));
}

TEST_F(SipWireRegistrarTest, UnsupportedRequireTokensAreListed) {
  const auto answer = over_udp(corpus_file("bext01.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, HasSubstr("Unsupported: nothingSupportsThis, nothingSupportsThisEither"));
}

TEST_F(SipWireRegistrarTest, RefusalsNameTheFaultInTheReasonPhrase) {
  const auto answer = over_udp(corpus_file("mismatch01.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, ::testing::StartsWith("SIP/2.0 400 CSeq Method Mismatch\r\n"));
}

/// A registrar that requires authentication answers unknown schemes with its own challenge.
class SipWireAuthTest : public SipWireTest {
 protected:
  static void SetUpTestSuite() {
    node = new testing::TandemProcess({"--role=all", "--log.level=warn"});
    node->wait_ready();
  }
};

TEST_F(SipWireAuthTest, AnUnknownAuthorizationSchemeGetsADigestChallenge) {
  const auto answer = over_udp(corpus_file("regaut01.dat"), milliseconds{5000});
  ASSERT_TRUE(answer.has_value());
  EXPECT_THAT(*answer, ::testing::StartsWith("SIP/2.0 401 Unauthorized\r\n"));
  EXPECT_THAT(*answer, HasSubstr("WWW-Authenticate: Digest realm=\"tandem\""));
}

/// Interception: a source that keeps failing authentication is no longer heard.
class SipWireBanTest : public SipWireTest {
 protected:
  static void SetUpTestSuite() {
    node = new testing::TandemProcess(
        {"--role=all", "--signaling.ban.failures=3", "--log.level=warn"});
    node->wait_ready();
  }

  static std::string forged_register(int n) {
    return "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 127.0.0.1;rport;branch=z9hG4bKban" +
           std::to_string(n) +
           "\r\n"
           "From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\n"
           "Call-ID: ban" +
           std::to_string(n) +
           "\r\nCSeq: 1 REGISTER\r\n"
           "Contact: <sip:alice@127.0.0.1:5999>\r\n"
           "Authorization: Digest username=\"alice\", realm=\"tandem\", nonce=\"forged\", "
           "uri=\"sip:127.0.0.1\", response=\"00\", qop=auth, nc=00000001, cnonce=\"x\"\r\n"
           "Content-Length: 0\r\n\r\n";
  }
};

TEST_F(SipWireBanTest, ThreeFailedAuthenticationsBanTheSource) {
  fixed_source_ = "127.0.9.9";
  for (int n = 0; n < 3; ++n) {
    const auto answer = over_udp(forged_register(n), milliseconds{5000});
    ASSERT_TRUE(answer.has_value()) << n;
    EXPECT_EQ(status_of(*answer), 401);
  }
  EXPECT_FALSE(over_udp(forged_register(3), milliseconds{500}).has_value()) << "banned: no answer";
  const auto metrics = testing::http_get(node->http_port(), "/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("tandem_sip_bans_total 1"));
  EXPECT_THAT(metrics.body, HasSubstr("tandem_sip_dropped_total{reason=\"ban\"} 1"));
}

}  // namespace
}  // namespace tandem
