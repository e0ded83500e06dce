#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "libs/common/host_port.hpp"
#include "libs/common/result.hpp"

namespace tandem {

/// A small HTTP/1.1 server for the operational endpoints (/metrics, /healthz, /readyz).
/// GET and HEAD only; one I/O thread; handlers run on that thread and must be quick.
class HttpServer {
 public:
  struct Response {
    unsigned status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
  };
  using Handler = std::function<Response()>;

  explicit HttpServer(std::map<std::string, Handler> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and starts serving; fails if the address cannot be bound.
  Result<Done> start(const HostPort& listen);
  /// The bound port (useful when listening on port 0).
  uint16_t port() const;
  /// Stops accepting, closes connections and joins the I/O thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem
