#include "tests/support/sip_stream_client.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <deque>
#include <stdexcept>

#include "libs/common/boost_beast.hpp"
#include "libs/sip/stream_framer.hpp"

namespace tandem::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

}  // namespace

struct SipStreamClient::Impl {
  StreamProtocol protocol;
  asio::io_context io;
  ssl::context tls{ssl::context::tls_client};
  std::unique_ptr<tcp::socket> plain;
  std::unique_ptr<ssl::stream<tcp::socket>> encrypted;
  std::unique_ptr<websocket::stream<tcp::socket>> ws;
  std::unique_ptr<websocket::stream<ssl::stream<tcp::socket>>> wss;
  sip::StreamFramer framer;
  std::deque<std::string> received;
  beast::flat_buffer buffer;
  bool reading = false;
  bool closed = false;

  tcp::socket& lowest() {
    if (plain) return *plain;
    if (encrypted) return encrypted->next_layer();
    if (ws) return ws->next_layer();
    return wss->next_layer().next_layer();
  }

  /// Runs the io_context until `done` or the time is up.
  template <class Done>
  void run_until(Done done, std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io.restart();
      io.run_one_for(deadline - std::chrono::steady_clock::now());
    }
  }

  void on_bytes(error_code ec, std::string_view bytes) {
    reading = false;
    if (ec) {
      closed = true;
      return;
    }
    if (ws || wss) {
      received.emplace_back(bytes);
      return;
    }
    framer.append(bytes);
    for (auto frame = framer.next(); frame.status == sip::StreamFramer::Status::message;
         frame = framer.next()) {
      received.push_back(std::move(frame.bytes));
    }
  }

  void start_read() {
    if (reading || closed) return;
    reading = true;
    auto handler = [this](error_code ec, size_t n) {
      if (ws || wss) {
        const auto text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        return on_bytes(ec, text);
      }
      const std::string_view view(static_cast<const char*>(buffer.data().data()), ec ? 0 : n);
      on_bytes(ec, view);
      buffer.consume(buffer.size());
    };
    if (ws) return ws->async_read(buffer, handler);
    if (wss) return wss->async_read(buffer, handler);
    auto space = buffer.prepare(16 * 1024);
    auto committed = [this, handler](error_code ec, size_t n) {
      buffer.commit(n);
      handler(ec, n);
    };
    if (plain) return plain->async_read_some(space, committed);
    encrypted->async_read_some(space, committed);
  }
};

SipStreamClient::SipStreamClient(StreamProtocol protocol, uint16_t port, std::string subprotocol)
    : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.protocol = protocol;
  i.tls.set_verify_mode(ssl::verify_none);
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
  const auto fail = [](const std::string& step, error_code ec) {
    if (ec) throw std::runtime_error(step + ": " + ec.message());
  };
  error_code ec;
  switch (protocol) {
    case StreamProtocol::tcp: i.plain = std::make_unique<tcp::socket>(i.io); break;
    case StreamProtocol::tls:
      i.encrypted = std::make_unique<ssl::stream<tcp::socket>>(i.io, i.tls);
      break;
    case StreamProtocol::ws: i.ws = std::make_unique<websocket::stream<tcp::socket>>(i.io); break;
    case StreamProtocol::wss:
      i.wss = std::make_unique<websocket::stream<ssl::stream<tcp::socket>>>(i.io, i.tls);
      break;
  }
  i.lowest().connect(server, ec);
  fail("connect", ec);
  if (i.encrypted) {
    i.encrypted->handshake(ssl::stream_base::client, ec);
    fail("TLS handshake", ec);
  }
  if (i.wss) {
    i.wss->next_layer().handshake(ssl::stream_base::client, ec);
    fail("TLS handshake", ec);
  }
  const auto offer = [subprotocol](websocket::request_type& request) {
    if (!subprotocol.empty()) request.set(beast::http::field::sec_websocket_protocol, subprotocol);
  };
  if (i.ws) {
    i.ws->set_option(websocket::stream_base::decorator(offer));
    i.ws->handshake("127.0.0.1", "/", ec);
    fail("WebSocket handshake", ec);
  }
  if (i.wss) {
    i.wss->set_option(websocket::stream_base::decorator(offer));
    i.wss->handshake("127.0.0.1", "/", ec);
    fail("WebSocket handshake", ec);
  }
}

SipStreamClient::~SipStreamClient() {
  error_code ignored;
  impl_->lowest().close(ignored);
}

bool SipStreamClient::send(const std::string& message) {
  auto& i = *impl_;
  error_code ec;
  if (i.plain) asio::write(*i.plain, asio::buffer(message), ec);
  if (i.encrypted) asio::write(*i.encrypted, asio::buffer(message), ec);
  if (i.ws) {
    i.ws->text(true);
    i.ws->write(asio::buffer(message), ec);
  }
  if (i.wss) {
    i.wss->text(true);
    i.wss->write(asio::buffer(message), ec);
  }
  return !ec;
}

std::optional<std::string> SipStreamClient::receive(std::chrono::milliseconds wait) {
  auto& i = *impl_;
  i.run_until(
      [&] {
        if (!i.received.empty() || i.closed) return true;
        i.start_read();
        return false;
      },
      wait);
  if (i.received.empty()) return std::nullopt;
  auto message = std::move(i.received.front());
  i.received.pop_front();
  return message;
}

std::optional<std::string> SipStreamClient::final_response(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    auto message = receive(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!message) return std::nullopt;
    if (message->rfind("SIP/2.0 1", 0) != 0) return message;
  }
  return std::nullopt;
}

bool SipStreamClient::closed_by_peer(std::chrono::milliseconds wait) {
  auto& i = *impl_;
  i.run_until(
      [&] {
        i.received.clear();
        if (i.closed) return true;
        i.start_read();
        return false;
      },
      wait);
  return i.closed;
}

uint16_t SipStreamClient::local_port() const {
  error_code ec;
  return impl_->lowest().local_endpoint(ec).port();
}

}  // namespace tandem::testing
