#include "libs/sip/transport/tcp_transport.hpp"

#include <deque>

#include "libs/common/boost_beast.hpp"
#include "libs/common/logging.hpp"
#include "libs/sip/stream_framer.hpp"

namespace tandem::sip {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

constexpr size_t kReadChunk = 16 * 1024;

}  // namespace

struct TcpTransport::Impl {
  class Connection;

  Impl(TcpOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  void accept();
  bool admit(const std::string& ip);
  void forget(uint64_t id, const std::string& ip);

  TcpOptions options;
  Handler handler;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer retry{io};
  std::thread thread;
  std::atomic<uint64_t> next_id{1};
  mutable std::mutex mutex;
  std::unordered_map<uint64_t, std::weak_ptr<Connection>> connections;
  std::map<std::string, size_t> per_source;
  std::shared_ptr<spdlog::logger> log = component_logger("sip.tcp");
};

/// One accepted connection: reads into a framer, writes one queued message at a time.
class TcpTransport::Impl::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Impl& owner, tcp::socket socket, uint64_t id, TransportAddress peer)
      : owner_(owner),
        socket_(std::move(socket)),
        idle_(owner.io),
        id_(id),
        peer_(std::move(peer)),
        framer_(owner.options.limits),
        buffer_(kReadChunk) {}

  void start() {
    touch();
    read();
  }

  void queue(std::shared_ptr<const std::string> bytes) {
    asio::post(owner_.io, [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
      self->outbox_.push_back(std::move(bytes));
      if (self->outbox_.size() == 1) self->write();
    });
  }

  void close() {
    error_code ignored;
    idle_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void touch() {
    idle_.expires_after(owner_.options.idle_timeout);
    idle_.async_wait([weak = weak_from_this()](error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->close();
    });
  }

  void read() {
    socket_.async_read_some(asio::buffer(buffer_),
                            [self = shared_from_this()](error_code ec, size_t n) {
                              if (ec) return self->finish();
                              self->touch();
                              self->framer_.append(std::string_view(self->buffer_.data(), n));
                              if (self->drain()) self->read();
                            });
  }

  /// Hands every complete message up; false when the stream is broken.
  bool drain() {
    for (auto frame = framer_.next();; frame = framer_.next()) {
      switch (frame.status) {
        case StreamFramer::Status::need_more: return true;
        case StreamFramer::Status::message: owner_.handler(std::move(frame.bytes), peer_); break;
        case StreamFramer::Status::keepalive:
          queue(std::make_shared<const std::string>("\r\n"));
          break;
        case StreamFramer::Status::error:
          owner_.log->info("closing {}:{}: {}", peer_.ip, peer_.port, frame.error.reason);
          close();
          finish();
          return false;
      }
    }
  }

  void write() {
    asio::async_write(socket_, asio::buffer(*outbox_.front()),
                      [self = shared_from_this()](error_code ec, size_t) {
                        self->outbox_.pop_front();
                        if (ec) return self->close();
                        if (!self->outbox_.empty()) self->write();
                      });
  }

  void finish() {
    if (std::exchange(finished_, true)) return;
    idle_.cancel();
    owner_.forget(id_, peer_.ip);
  }

  Impl& owner_;
  tcp::socket socket_;
  asio::steady_timer idle_;
  uint64_t id_;
  TransportAddress peer_;
  StreamFramer framer_;
  std::vector<char> buffer_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  bool finished_ = false;
};

bool TcpTransport::Impl::admit(const std::string& ip) {
  std::lock_guard lock(mutex);
  auto& count = per_source[ip];
  if (count >= options.max_connections_per_source) return false;
  ++count;
  return true;
}

void TcpTransport::Impl::forget(uint64_t id, const std::string& ip) {
  std::lock_guard lock(mutex);
  connections.erase(id);
  if (auto found = per_source.find(ip); found != per_source.end() && --found->second == 0) {
    per_source.erase(found);
  }
}

void TcpTransport::Impl::accept() {
  acceptor.async_accept([this](error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      retry.expires_after(std::chrono::milliseconds(100));  // out of descriptors: do not spin
      retry.async_wait([this](error_code wait) {
        if (!wait) accept();
      });
      return;
    }
    error_code ignored;
    const auto remote = socket.remote_endpoint(ignored);
    TransportAddress peer{TransportKind::tcp, remote.address().to_string(), remote.port(),
                          next_id++};
    if (!admit(peer.ip)) {
      log->warn("refusing a connection from {}: {} already open", peer.ip,
                options.max_connections_per_source);
      socket.close(ignored);
    } else {
      auto connection =
          std::make_shared<Connection>(*this, std::move(socket), peer.connection, peer);
      {
        std::lock_guard lock(mutex);
        connections[peer.connection] = connection;
      }
      connection->start();
    }
    accept();
  });
}

TcpTransport::TcpTransport(TcpOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

TcpTransport::~TcpTransport() { stop(); }

Result<Done> TcpTransport::start() {
  error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto& listen = impl_->options.listen;
  const auto resolved =
      resolver.resolve(listen.host, std::to_string(listen.port), tcp::resolver::passive, ec);
  if (ec || resolved.empty())
    return invalid_argument("cannot resolve the SIP TCP listen host " + listen.host);
  const auto endpoint = resolved.begin()->endpoint();
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return unavailable("cannot listen for SIP on TCP " + listen.to_string() + ": " + ec.message());
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
  return Done{};
}

uint16_t TcpTransport::port() const {
  error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

bool TcpTransport::send(uint64_t connection, std::shared_ptr<const std::string> bytes) {
  std::shared_ptr<Impl::Connection> target;
  {
    std::lock_guard lock(impl_->mutex);
    auto found = impl_->connections.find(connection);
    if (found != impl_->connections.end()) target = found->second.lock();
  }
  if (target == nullptr) return false;
  target->queue(std::move(bytes));
  return true;
}

size_t TcpTransport::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections.size();
}

void TcpTransport::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [this] {
    error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->retry.cancel();
    {
      std::lock_guard lock(impl_->mutex);
      for (auto& [id, weak] : impl_->connections) {
        if (auto connection = weak.lock()) connection->close();
      }
    }
    impl_->io.stop();
  });
  impl_->thread.join();
}

}  // namespace tandem::sip
