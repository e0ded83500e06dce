#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <optional>
#include <string>

namespace tandem {

/// An IPv4 or IPv6 socket address as the kernel takes it.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;

  /// "192.0.2.1" or "2001:db8::1", and a port; nothing if the host is not an IP address.
  static std::optional<SocketAddress> from(const std::string& host, uint16_t port);
  std::string host() const;
  uint16_t port() const;
  /// The same host with another port.
  SocketAddress with_port(uint16_t port) const;
  bool same_host(const SocketAddress& other) const;
  bool operator==(const SocketAddress& other) const;
};

}  // namespace tandem
