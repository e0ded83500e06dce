#pragma once

#include <optional>

#include "libs/common/boost_beast.hpp"
#include "libs/common/host_port.hpp"

namespace tandem {

/// Why listen_tcp failed: resolving the host, or opening, binding or listening.
struct ListenFailure {
  bool resolving = false;
  boost::system::error_code error;
};

/// Resolves `listen` for a passive socket, then opens `acceptor`, sets SO_REUSEADDR, binds
/// and listens: what every TCP server of the process does before accepting.
std::optional<ListenFailure> listen_tcp(boost::asio::ip::tcp::acceptor& acceptor,
                                        const HostPort& listen);

}  // namespace tandem
