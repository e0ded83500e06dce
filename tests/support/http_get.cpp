#include "tests/support/http_get.hpp"

#include <sys/socket.h>

#include "libs/common/boost_beast.hpp"

namespace tandem::testing {

HttpResult http_get(uint16_t port, const std::string& target) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(5));
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
  if (ec) return {};
  // The sync calls below ignore expires_after; bound them at the socket instead.
  const timeval five_seconds{5, 0};
  setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &five_seconds,
             sizeof five_seconds);
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) http::read(stream, buffer, response, ec);
  if (ec) return {};
  return {response.result_int(), response.body()};
}

}  // namespace tandem::testing
