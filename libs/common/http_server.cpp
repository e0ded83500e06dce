#include "libs/common/http_server.hpp"

#include <optional>

#include "libs/common/boost_beast.hpp"
#include "libs/common/tcp_listen.hpp"

namespace tandem {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);
constexpr size_t kMaxRequestBytes = size_t{16} * 1024;

using Routes = std::map<std::string, HttpServer::Handler>;

http::response<http::string_body> respond(const Routes& routes,
                                          const http::request<http::string_body>& request) {
  HttpServer::Response out;
  const std::string target(request.target());
  const std::string path = target.substr(0, target.find('?'));
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    out = {405, "text/plain; charset=utf-8", "only GET and HEAD are served\n"};
  } else if (auto route = routes.find(path); route != routes.end()) {
    out = route->second();
  } else {
    out = {404, "text/plain; charset=utf-8", "not found; try /metrics, /healthz or /readyz\n"};
  }
  http::response<http::string_body> response{static_cast<http::status>(out.status),
                                             request.version()};
  response.set(http::field::content_type, out.content_type);
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::head) {
    response.content_length(out.body.size());
  } else {
    response.body() = std::move(out.body);
    response.prepare_payload();
  }
  return response;
}

/// One client connection: read a request, answer, repeat while the client keeps it alive.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Routes& routes) : stream_(std::move(socket)), routes_(routes) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBytes);
    parser_->header_limit(kMaxRequestBytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (!ec) self->answer();
                     });
  }

 private:
  void answer() {
    response_ = respond(routes_, parser_->get());
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec || !self->response_.keep_alive()) {
                          beast::error_code ignored;
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                          return;
                        }
                        self->read();
                      });
  }

  beast::tcp_stream stream_;
  const Routes& routes_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
};

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Routes r) : routes(std::move(r)) {}

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        std::make_shared<Session>(std::move(socket), routes)->read();
        return accept();
      }
      // Out of file descriptors, most likely: retrying at once would spin.
      retry.expires_after(kAcceptRetry);
      retry.async_wait([this](beast::error_code wait) {
        if (wait != asio::error::operation_aborted) accept();
      });
    });
  }

  Routes routes;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer retry{io};
  std::thread thread;
};

HttpServer::HttpServer(Routes routes) : impl_(std::make_unique<Impl>(std::move(routes))) {}

HttpServer::~HttpServer() { stop(); }

Result<Done> HttpServer::start(const HostPort& listen) {
  if (const auto failed = listen_tcp(impl_->acceptor, listen)) {
    if (failed->resolving) {
      return invalid_argument("cannot resolve the HTTP listen host " + listen.host + ": " +
                              failed->error.message());
    }
    return unavailable("cannot listen for HTTP on " + listen.to_string() + ": " +
                       failed->error.message());
  }
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->io.run(); });
  return Done{};
}

uint16_t HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->io.stop();
  impl_->thread.join();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace tandem
