#include "libs/sip/transport/websocket_connection.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <deque>
#include <optional>

namespace tandem::sip {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr size_t kUpgradeHeaderLimit = 8 * 1024;

/// RFC 7118 5: UTF-8 messages go in text frames, anything else in binary ones. Checking for
/// plain ASCII is enough: other UTF-8 merely travels as binary, which is also allowed.
bool is_ascii(const std::string& bytes) {
  return std::all_of(bytes.begin(), bytes.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

template <class Socket>
class WebSocketConnection final : public StreamConnection,
                                  public std::enable_shared_from_this<WebSocketConnection<Socket>> {
 public:
  template <class... NextLayerArgs>
  WebSocketConnection(ConnectionHost& host, TransportAddress peer, NextLayerArgs&&... args)
      : host_(host),
        ws_(std::forward<NextLayerArgs>(args)...),
        handshake_timer_(host.io()),
        peer_(std::move(peer)) {}

  void start() override {
    handshake_timer_.expires_after(host_.options().handshake_timeout);
    handshake_timer_.async_wait([weak = this->weak_from_this()](error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->close();
    });
    if constexpr (kEncrypted<Socket>) {
      ws_.next_layer().async_handshake(asio::ssl::stream_base::server,
                                       [self = this->shared_from_this()](error_code ec) {
                                         if (ec) return self->fail("TLS handshake", ec);
                                         self->read_upgrade();
                                       });
    } else {
      read_upgrade();
    }
  }

  void queue(std::shared_ptr<const std::string> bytes) override {
    asio::post(host_.io(), [self = this->shared_from_this(), bytes = std::move(bytes)]() mutable {
      self->outbox_.push_back(std::move(bytes));
      if (self->outbox_.size() == 1 && self->open_) self->write();
    });
  }

  void close() override {
    error_code ignored;
    handshake_timer_.cancel();
    auto& lowest = beast::get_lowest_layer(ws_);
    lowest.shutdown(tcp::socket::shutdown_both, ignored);
    lowest.close(ignored);
  }

 private:
  void read_upgrade() {
    upgrade_.emplace();
    upgrade_->header_limit(kUpgradeHeaderLimit);
    upgrade_->body_limit(0);
    http::async_read(ws_.next_layer(), buffer_, *upgrade_,
                     [self = this->shared_from_this()](error_code ec, size_t) {
                       if (ec) return self->fail("WebSocket upgrade", ec);
                       self->on_upgrade(self->upgrade_->release());
                     });
  }

  void on_upgrade(http::request<http::empty_body> request) {
    if (!websocket::is_upgrade(request)) {
      return refuse(request, http::status::upgrade_required,
                    "This is a SIP WebSocket endpoint (RFC 7118): send a WebSocket upgrade "
                    "offering the \"sip\" subprotocol.");
    }
    const auto offered = request[http::field::sec_websocket_protocol];
    if (!offers_sip_subprotocol(std::string_view(offered.data(), offered.size()))) {
      return refuse(request, http::status::bad_request,
                    "The WebSocket upgrade must offer the \"sip\" subprotocol "
                    "(Sec-WebSocket-Protocol: sip), RFC 7118 section 4.");
    }
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(http::field::sec_websocket_protocol, "sip");
      response.set(http::field::server, "tandem");
    }));
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = host_.options().handshake_timeout;
    timeouts.idle_timeout = host_.options().idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(host_.options().limits.max_message_bytes);
    ws_.async_accept(request, [self = this->shared_from_this()](error_code ec) {
      if (ec) return self->fail("WebSocket handshake", ec);
      self->handshake_timer_.cancel();
      self->buffer_.consume(self->buffer_.size());  // clients wait for the 101: nothing is lost
      self->open_ = true;
      if (!self->outbox_.empty()) self->write();
      self->read();
    });
  }

  void refuse(const http::request<http::empty_body>& request, http::status status,
              std::string text) {
    host_.log().info("refusing a WebSocket connection from {}:{}: {}", peer_.ip, peer_.port, text);
    auto response = std::make_shared<http::response<http::string_body>>(status, request.version());
    response->set(http::field::server, "tandem");
    response->set(http::field::content_type, "text/plain");
    if (status == http::status::upgrade_required) {
      response->set(http::field::upgrade, "websocket");
      response->set(http::field::sec_websocket_protocol, "sip");
    }
    response->body() = std::move(text) + "\n";
    response->keep_alive(false);
    response->prepare_payload();
    http::async_write(ws_.next_layer(), *response,
                      [self = this->shared_from_this(), response](error_code, size_t) {
                        self->close();
                        self->finish();
                      });
  }

  void read() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](error_code ec, size_t) {
      if (ec) {
        if (ec == websocket::error::message_too_big) {
          self->host_.log().info("closing {}:{}: a WebSocket message over {} bytes", self->peer_.ip,
                                 self->peer_.port, self->host_.options().limits.max_message_bytes);
        }
        return self->finish();
      }
      std::string message = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->host_.deliver(std::move(message), self->peer_);
      self->read();
    });
  }

  void write() {
    ws_.text(is_ascii(*outbox_.front()));
    ws_.async_write(asio::buffer(*outbox_.front()),
                    [self = this->shared_from_this()](error_code ec, size_t) {
                      self->outbox_.pop_front();
                      if (ec) return self->close();
                      if (!self->outbox_.empty()) self->write();
                    });
  }

  void fail(const char* stage, error_code ec) {
    host_.log().info("{} with {}:{} failed: {}", stage, peer_.ip, peer_.port, ec.message());
    close();
    finish();
  }

  void finish() {
    if (std::exchange(finished_, true)) return;
    handshake_timer_.cancel();
    host_.finished(peer_);
  }

  ConnectionHost& host_;
  websocket::stream<Socket> ws_;
  asio::steady_timer handshake_timer_;
  TransportAddress peer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> upgrade_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  bool open_ = false;
  bool finished_ = false;
};

}  // namespace

bool offers_sip_subprotocol(std::string_view header) {
  size_t start = 0;
  while (start <= header.size()) {
    auto comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    auto token = header.substr(start, comma - start);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
      token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (boost::algorithm::iequals(token, "sip")) return true;
    start = comma + 1;
  }
  return false;
}

std::shared_ptr<StreamConnection> make_ws_connection(ConnectionHost& host, tcp::socket socket,
                                                     TransportAddress peer) {
  return std::make_shared<WebSocketConnection<tcp::socket>>(host, std::move(peer),
                                                            std::move(socket));
}

std::shared_ptr<StreamConnection> make_wss_connection(ConnectionHost& host, tcp::socket socket,
                                                      asio::ssl::context& tls,
                                                      TransportAddress peer) {
  using TlsSocket = asio::ssl::stream<tcp::socket>;
  return std::make_shared<WebSocketConnection<TlsSocket>>(host, std::move(peer), std::move(socket),
                                                          tls);
}

}  // namespace tandem::sip
