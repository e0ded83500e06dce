#include "libs/common/tcp_listen.hpp"

#include <string>

namespace tandem {

std::optional<ListenFailure> listen_tcp(boost::asio::ip::tcp::acceptor& acceptor,
                                        const HostPort& listen) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  boost::system::error_code ec;
  tcp::resolver resolver(acceptor.get_executor());
  const auto resolved =
      resolver.resolve(listen.host, std::to_string(listen.port), tcp::resolver::passive, ec);
  if (ec || resolved.empty()) return ListenFailure{true, ec};
  const tcp::endpoint endpoint = resolved.begin()->endpoint();
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return ListenFailure{false, ec};
  return std::nullopt;
}

}  // namespace tandem
