#include "libs/sip/transport/framed_connection.hpp"

#include <boost/asio/ssl.hpp>

#include <deque>
#include <vector>

#include "libs/sip/stream_framer.hpp"

namespace tandem::sip {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr size_t kReadChunk = 16 * 1024;

template <class Socket>
class FramedConnection final : public StreamConnection,
                               public std::enable_shared_from_this<FramedConnection<Socket>> {
 public:
  FramedConnection(ConnectionHost& host, Socket socket, TransportAddress peer)
      : host_(host),
        socket_(std::move(socket)),
        timer_(host.io()),
        peer_(std::move(peer)),
        framer_(host.options().limits),
        buffer_(kReadChunk) {}

  void start() override {
    if constexpr (kEncrypted<Socket>) {
      arm(host_.options().handshake_timeout);
      socket_.async_handshake(
          asio::ssl::stream_base::server, [self = this->shared_from_this()](error_code ec) {
            if (ec) {
              self->host_.log().info("TLS handshake with {}:{} failed: {}", self->peer_.ip,
                                     self->peer_.port, ec.message());
              self->close();
              return self->finish();
            }
            self->arm(self->host_.options().idle_timeout);
            self->read();
          });
    } else {
      arm(host_.options().idle_timeout);
      read();
    }
  }

  void queue(std::shared_ptr<const std::string> bytes) override {
    asio::post(host_.io(), [self = this->shared_from_this(), bytes = std::move(bytes)]() mutable {
      self->outbox_.push_back(std::move(bytes));
      if (self->outbox_.size() == 1) self->write();
    });
  }

  void close() override {
    error_code ignored;
    timer_.cancel();
    auto& lowest = boost::beast::get_lowest_layer(socket_);
    lowest.shutdown(tcp::socket::shutdown_both, ignored);
    lowest.close(ignored);
  }

 private:
  /// Closes the connection unless traffic re-arms the timer within `after`.
  void arm(std::chrono::milliseconds after) {
    timer_.expires_after(after);
    timer_.async_wait([weak = this->weak_from_this()](error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->close();
    });
  }

  void read() {
    socket_.async_read_some(asio::buffer(buffer_),
                            [self = this->shared_from_this()](error_code ec, size_t n) {
                              if (ec) return self->finish();
                              self->arm(self->host_.options().idle_timeout);
                              self->framer_.append(std::string_view(self->buffer_.data(), n));
                              if (self->drain()) self->read();
                            });
  }

  /// Hands every complete message up; false when the stream is broken.
  bool drain() {
    for (auto frame = framer_.next();; frame = framer_.next()) {
      switch (frame.status) {
        case StreamFramer::Status::need_more: return true;
        case StreamFramer::Status::message: host_.deliver(std::move(frame.bytes), peer_); break;
        case StreamFramer::Status::keepalive:
          queue(std::make_shared<const std::string>("\r\n"));
          break;
        case StreamFramer::Status::error:
          host_.log().info("closing {}:{}: {}", peer_.ip, peer_.port, frame.error.reason);
          close();
          finish();
          return false;
      }
    }
  }

  void write() {
    asio::async_write(socket_, asio::buffer(*outbox_.front()),
                      [self = this->shared_from_this()](error_code ec, size_t) {
                        self->outbox_.pop_front();
                        if (ec) return self->close();
                        if (!self->outbox_.empty()) self->write();
                      });
  }

  void finish() {
    if (std::exchange(finished_, true)) return;
    timer_.cancel();
    host_.finished(peer_);
  }

  ConnectionHost& host_;
  Socket socket_;
  asio::steady_timer timer_;
  TransportAddress peer_;
  StreamFramer framer_;
  std::vector<char> buffer_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  bool finished_ = false;
};

}  // namespace

std::shared_ptr<StreamConnection> make_tcp_connection(ConnectionHost& host, tcp::socket socket,
                                                      TransportAddress peer) {
  return std::make_shared<FramedConnection<tcp::socket>>(host, std::move(socket), std::move(peer));
}

std::shared_ptr<StreamConnection> make_tls_connection(ConnectionHost& host, tcp::socket socket,
                                                      asio::ssl::context& tls,
                                                      TransportAddress peer) {
  using TlsSocket = asio::ssl::stream<tcp::socket>;
  return std::make_shared<FramedConnection<TlsSocket>>(host, TlsSocket(std::move(socket), tls),
                                                       std::move(peer));
}

}  // namespace tandem::sip
