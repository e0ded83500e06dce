#include "libs/sip/transport/stream_transport.hpp"

#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "libs/common/logging.hpp"
#include "libs/common/tcp_listen.hpp"
#include "libs/sip/transport/framed_connection.hpp"
#include "libs/sip/transport/stream_connection.hpp"
#include "libs/sip/transport/tls_context.hpp"
#include "libs/sip/transport/websocket_connection.hpp"

namespace tandem::sip {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

std::string peer_key(const std::string& ip, uint16_t port) {
  return ip + "|" + std::to_string(port);
}

bool encrypted(TransportKind kind) {
  return kind == TransportKind::tls || kind == TransportKind::wss;
}

}  // namespace

struct StreamTransport::Impl final : ConnectionHost {
  Impl(StreamOptions o, Handler h)
      : options_(std::move(o)),
        handler(std::move(h)),
        log_(component_logger(std::string("sip.") + transport_param(options_.kind))) {}

  asio::io_context& io() override { return io_; }
  const StreamOptions& options() const override { return options_; }
  spdlog::logger& log() override { return *log_; }
  void deliver(std::string bytes, const TransportAddress& from) override {
    handler(std::move(bytes), from);
  }

  void finished(const TransportAddress& peer) override {
    std::lock_guard lock(mutex);
    connections.erase(peer.connection);
    by_peer.erase(peer_key(peer.ip, peer.port));
    if (auto found = per_source.find(peer.ip); found != per_source.end() && --found->second == 0) {
      per_source.erase(found);
    }
  }

  bool admit(const std::string& ip) {
    std::lock_guard lock(mutex);
    auto& count = per_source[ip];
    if (count >= options_.max_connections_per_source) return false;
    ++count;
    return true;
  }

  std::shared_ptr<StreamConnection> make_connection(tcp::socket socket, TransportAddress peer) {
    switch (options_.kind) {
      case TransportKind::tls: return make_tls_connection(*this, std::move(socket), *tls, peer);
      case TransportKind::ws: return make_ws_connection(*this, std::move(socket), peer);
      case TransportKind::wss: return make_wss_connection(*this, std::move(socket), *tls, peer);
      default: return make_tcp_connection(*this, std::move(socket), peer);
    }
  }

  void accept() {
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
      TransportAddress peer{options_.kind, remote.address().to_string(), remote.port(), next_id++};
      if (!admit(peer.ip)) {
        log_->warn("refusing a connection from {}: {} already open", peer.ip,
                   options_.max_connections_per_source);
        socket.close(ignored);
      } else {
        auto connection = make_connection(std::move(socket), peer);
        {
          std::lock_guard lock(mutex);
          connections[peer.connection] = connection;
          by_peer[peer_key(peer.ip, peer.port)] = peer.connection;
        }
        connection->start();
      }
      accept();
    });
  }

  StreamOptions options_;
  Handler handler;
  std::shared_ptr<spdlog::logger> log_;
  asio::io_context io_{1};
  std::unique_ptr<asio::ssl::context> tls;
  tcp::acceptor acceptor{io_};
  asio::steady_timer retry{io_};
  std::thread thread;
  std::atomic<uint64_t> next_id{1};
  mutable std::mutex mutex;
  std::unordered_map<uint64_t, std::weak_ptr<StreamConnection>> connections;
  std::map<std::string, size_t> per_source;
  std::unordered_map<std::string, uint64_t> by_peer;  // "ip|port" -> connection
};

StreamTransport::StreamTransport(StreamOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

StreamTransport::~StreamTransport() { stop(); }

Result<Done> StreamTransport::start() {
  const auto& options = impl_->options_;
  const std::string name = via_name(options.kind);
  if (options.kind == TransportKind::udp) return invalid_argument("UDP is not a stream transport");
  if (encrypted(options.kind)) {
    auto tls = make_server_tls_context(options.certificate_file, options.private_key_file);
    if (!tls) return invalid_argument("SIP over " + name + ": " + tls.failure().message);
    impl_->tls = std::move(tls).value();
  }
  const auto& listen = options.listen;
  if (const auto failed = listen_tcp(impl_->acceptor, listen)) {
    if (failed->resolving) {
      return invalid_argument("cannot resolve the SIP " + name + " listen host " + listen.host);
    }
    return unavailable("cannot listen for SIP on " + name + " " + listen.to_string() + ": " +
                       failed->error.message());
  }
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io_.run(); });
  return Done{};
}

TransportKind StreamTransport::kind() const { return impl_->options_.kind; }

uint16_t StreamTransport::port() const {
  error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

bool StreamTransport::send(uint64_t connection, std::shared_ptr<const std::string> bytes) {
  std::shared_ptr<StreamConnection> target;
  {
    std::lock_guard lock(impl_->mutex);
    auto found = impl_->connections.find(connection);
    if (found != impl_->connections.end()) target = found->second.lock();
  }
  if (target == nullptr) return false;
  target->queue(std::move(bytes));
  return true;
}

std::optional<uint64_t> StreamTransport::connection_to(const std::string& ip, uint16_t port) const {
  std::lock_guard lock(impl_->mutex);
  const auto found = impl_->by_peer.find(peer_key(ip, port));
  if (found == impl_->by_peer.end()) return std::nullopt;
  return found->second;
}

size_t StreamTransport::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections.size();
}

void StreamTransport::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io_, [this] {
    error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->retry.cancel();
    std::vector<std::shared_ptr<StreamConnection>> open;
    {
      std::lock_guard lock(impl_->mutex);
      for (auto& [id, weak] : impl_->connections) {
        if (auto connection = weak.lock()) open.push_back(std::move(connection));
      }
    }
    for (auto& connection : open) connection->close();
    impl_->io_.stop();
  });
  impl_->thread.join();
}

}  // namespace tandem::sip
