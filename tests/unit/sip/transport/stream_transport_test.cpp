#include "libs/sip/transport/stream_transport.hpp"

#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "libs/common/boost_beast.hpp"
#include "libs/sip/transport/websocket_connection.hpp"
#include "tests/support/sip_stream_client.hpp"
#include "tests/support/tls_identity.hpp"

namespace tandem::sip {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::SipStreamClient;
using testing::StreamProtocol;

constexpr auto kWait = milliseconds{5000};

const std::string kOptions =
    "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
    "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKhjhs8ass877\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:127.0.0.1>\r\n"
    "From: <sip:alice@127.0.0.1>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 63104 OPTIONS\r\n"
    "Content-Length: 0\r\n\r\n";

/// A transport whose handler records what arrives.
class Received {
 public:
  StreamTransport::Handler handler() {
    return [this](std::string bytes, const TransportAddress& from) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(std::move(bytes), from);
      changed_.notify_all();
    };
  }

  std::optional<std::pair<std::string, TransportAddress>> next(milliseconds wait = kWait) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, wait, [&] { return taken_ < messages_.size(); })) {
      return std::nullopt;
    }
    return messages_[taken_++];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::string, TransportAddress>> messages_;
  size_t taken_ = 0;
};

StreamOptions loopback_options(TransportKind kind) {
  StreamOptions options;
  options.kind = kind;
  options.listen = {"127.0.0.1", 0};
  return options;
}

StreamOptions options_for(TransportKind kind, const testing::TlsIdentity& identity) {
  auto options = loopback_options(kind);
  options.certificate_file = identity.certificate_file();
  options.private_key_file = identity.private_key_file();
  return options;
}

struct Protocol {
  TransportKind kind;
  StreamProtocol client;
  const char* name;
};

void PrintTo(const Protocol& p, std::ostream* out) { *out << p.name; }

class StreamTransportTest : public ::testing::TestWithParam<Protocol> {
 protected:
  testing::TlsIdentity identity_;
  Received received_;
};

TEST_P(StreamTransportTest, DeliversAMessageAndSendsTheAnswerBackOnItsConnection) {
  StreamTransport transport(options_for(GetParam().kind, identity_), received_.handler());
  ASSERT_TRUE(transport.start()) << GetParam().name;
  SipStreamClient client(GetParam().client, transport.port());
  ASSERT_TRUE(client.send(kOptions));

  const auto message = received_.next();
  ASSERT_TRUE(message.has_value());
  EXPECT_EQ(message->first, kOptions);
  const TransportAddress& from = message->second;
  EXPECT_EQ(from.transport, GetParam().kind);
  EXPECT_EQ(from.ip, "127.0.0.1");
  EXPECT_EQ(from.port, client.local_port());
  EXPECT_NE(from.connection, 0U);

  const std::string answer = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  ASSERT_TRUE(transport.send(from.connection, std::make_shared<const std::string>(answer)));
  EXPECT_EQ(client.receive(kWait), answer);
  EXPECT_EQ(transport.connections(), 1U);
}

TEST_P(StreamTransportTest, KeepsTheConnectionForLaterMessages) {
  StreamTransport transport(options_for(GetParam().kind, identity_), received_.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(GetParam().client, transport.port());
  ASSERT_TRUE(client.send(kOptions));
  ASSERT_TRUE(client.send(kOptions));
  const auto first = received_.next();
  const auto second = received_.next();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->second.connection, second->second.connection);
}

TEST_P(StreamTransportTest, RefusesConnectionsBeyondTheLimitPerSource) {
  auto options = options_for(GetParam().kind, identity_);
  options.max_connections_per_source = 1;
  StreamTransport transport(options, received_.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient first(GetParam().client, transport.port());
  ASSERT_TRUE(first.send(kOptions));
  ASSERT_TRUE(received_.next().has_value());
  // The second is closed at once, so its handshake (if any) fails or the connection ends.
  try {
    SipStreamClient second(GetParam().client, transport.port());
    second.send(kOptions);
    EXPECT_TRUE(second.closed_by_peer(kWait));
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(received_.next(milliseconds{200}).has_value());
}

TEST_P(StreamTransportTest, ClosesConnectionsOfSilentPeers) {
  auto options = options_for(GetParam().kind, identity_);
  options.idle_timeout = milliseconds{200};
  StreamTransport transport(options, received_.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(GetParam().client, transport.port());
  // Not reading, the client answers no WebSocket ping either: silent by every measure.
  std::this_thread::sleep_for(milliseconds{600});
  EXPECT_TRUE(client.closed_by_peer(kWait));
}

TEST_P(StreamTransportTest, StopsWithConnectionsOpen) {
  StreamTransport transport(options_for(GetParam().kind, identity_), received_.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(GetParam().client, transport.port());
  ASSERT_TRUE(client.send(kOptions));
  ASSERT_TRUE(received_.next().has_value());
  transport.stop();
  EXPECT_TRUE(client.closed_by_peer(kWait));
}

INSTANTIATE_TEST_SUITE_P(AllStreams, StreamTransportTest,
                         ::testing::Values(Protocol{TransportKind::tcp, StreamProtocol::tcp, "tcp"},
                                           Protocol{TransportKind::tls, StreamProtocol::tls, "tls"},
                                           Protocol{TransportKind::ws, StreamProtocol::ws, "ws"},
                                           Protocol{TransportKind::wss, StreamProtocol::wss,
                                                    "wss"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StreamTransport, CutsMessagesOutOfATcpStreamByContentLength) {
  Received received;
  StreamOptions options;
  options.listen = {"127.0.0.1", 0};
  StreamTransport transport(options, received.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(StreamProtocol::tcp, transport.port());
  ASSERT_TRUE(client.send(kOptions + kOptions.substr(0, 20)));
  ASSERT_TRUE(client.send(kOptions.substr(20)));
  EXPECT_EQ(received.next()->first, kOptions);
  EXPECT_EQ(received.next()->first, kOptions);
}

TEST(StreamTransport, KeepsAWebSocketWhosePeerAnswersPings) {
  Received received;
  auto options = loopback_options(TransportKind::ws);
  options.idle_timeout = milliseconds{200};
  StreamTransport transport(options, received.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(StreamProtocol::ws, transport.port());
  // Reading, the client answers the pings sent halfway through each idle period.
  EXPECT_FALSE(client.closed_by_peer(milliseconds{1000}));
  ASSERT_TRUE(client.send(kOptions));
  EXPECT_TRUE(received.next().has_value());
}

TEST(StreamTransport, ClosesATlsConnectionThatSpeaksPlainSip) {
  testing::TlsIdentity identity;
  Received received;
  StreamTransport transport(options_for(TransportKind::tls, identity), received.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(StreamProtocol::tcp, transport.port());
  client.send(kOptions);
  EXPECT_TRUE(client.closed_by_peer(kWait));
  EXPECT_FALSE(received.next(milliseconds{200}).has_value());
}

TEST(StreamTransport, ClosesAWebSocketWhoseMessageIsTooLarge) {
  Received received;
  auto options = loopback_options(TransportKind::ws);
  options.limits.max_message_bytes = 1024;
  StreamTransport transport(options, received.handler());
  ASSERT_TRUE(transport.start());
  SipStreamClient client(StreamProtocol::ws, transport.port());
  client.send(kOptions + std::string(2000, 'x'));
  EXPECT_TRUE(client.closed_by_peer(kWait));
  EXPECT_FALSE(received.next(milliseconds{200}).has_value());
}

/// The HTTP answer to a WebSocket upgrade the transport refuses.
boost::beast::http::response<boost::beast::http::string_body> refused_upgrade(
    uint16_t port,
    const std::function<void(boost::beast::http::request<boost::beast::http::empty_body>&)>& edit) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> request(http::verb::get, "/", 11);
  request.set(http::field::host, "127.0.0.1");
  edit(request);
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  boost::system::error_code ec;
  http::read(socket, buffer, response, ec);
  return response;
}

TEST(StreamTransport, AnswersAPlainHttpRequestWith426) {
  Received received;
  auto options = loopback_options(TransportKind::ws);
  StreamTransport transport(options, received.handler());
  ASSERT_TRUE(transport.start());
  const auto response = refused_upgrade(transport.port(), [](auto&) {});
  EXPECT_EQ(response.result_int(), 426);
  EXPECT_THAT(response.body(), HasSubstr("RFC 7118"));
}

TEST(StreamTransport, RefusesAWebSocketUpgradeWithoutTheSipSubprotocol) {
  Received received;
  auto options = loopback_options(TransportKind::ws);
  StreamTransport transport(options, received.handler());
  ASSERT_TRUE(transport.start());
  const auto response = refused_upgrade(transport.port(), [](auto& request) {
    namespace http = boost::beast::http;
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::sec_websocket_version, "13");
    request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    request.set(http::field::sec_websocket_protocol, "chat");
  });
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_THAT(response.body(), HasSubstr("Sec-WebSocket-Protocol: sip"));
  EXPECT_THROW(SipStreamClient(StreamProtocol::ws, transport.port(), ""), std::runtime_error);
}

TEST(StreamTransport, AcceptsTheSipSubprotocolAmongOthers) {
  EXPECT_TRUE(offers_sip_subprotocol("sip"));
  EXPECT_TRUE(offers_sip_subprotocol("chat, SIP"));
  EXPECT_TRUE(offers_sip_subprotocol(" chat ,\tsip "));
  EXPECT_FALSE(offers_sip_subprotocol(""));
  EXPECT_FALSE(offers_sip_subprotocol("sips"));
  EXPECT_FALSE(offers_sip_subprotocol("chat, sip2"));
}

TEST(StreamTransport, NamesAMissingCertificateFile) {
  auto options = loopback_options(TransportKind::tls);
  options.certificate_file = "/nonexistent/cert.pem";
  options.private_key_file = "/nonexistent/key.pem";
  StreamTransport transport(options, [](std::string, const TransportAddress&) {});
  const auto started = transport.start();
  ASSERT_FALSE(started);
  EXPECT_THAT(started.failure().message, HasSubstr("/nonexistent/cert.pem"));
}

TEST(StreamTransport, RefusesAKeyThatDoesNotBelongToTheCertificate) {
  testing::TlsIdentity one;
  testing::TlsIdentity other;
  auto options = loopback_options(TransportKind::wss);
  options.certificate_file = one.certificate_file();
  options.private_key_file = other.private_key_file();
  StreamTransport transport(options, [](std::string, const TransportAddress&) {});
  const auto started = transport.start();
  ASSERT_FALSE(started);
  EXPECT_THAT(started.failure().message, HasSubstr("does not belong"));
}

TEST(StreamTransport, NamesAnUnusableListenAddress) {
  StreamOptions options;
  options.listen = {"127.0.0.1", 0};
  StreamTransport first(options, [](std::string, const TransportAddress&) {});
  ASSERT_TRUE(first.start());
  options.listen.port = first.port();
  StreamTransport second(options, [](std::string, const TransportAddress&) {});
  const auto started = second.start();
  ASSERT_FALSE(started);
  EXPECT_THAT(started.failure().message, HasSubstr("cannot listen for SIP on TCP"));
}

}  // namespace
}  // namespace tandem::sip
