#include "services/media/audiosocket_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "libs/common/host_port.hpp"

namespace tandem::media {
namespace {

/// A non-blocking connect bounded by `timeout`; the socket or the error text.
int connect_one(const addrinfo& address, std::chrono::milliseconds timeout, std::string& error) {
  const int fd = socket(address.ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = strerror(errno);
    return -1;
  }
  if (connect(fd, address.ai_addr, address.ai_addrlen) != 0 && errno != EINPROGRESS) {
    error = strerror(errno);
    close(fd);
    return -1;
  }
  pollfd ready{fd, POLLOUT, 0};
  int result = 0;
  socklen_t length = sizeof result;
  if (poll(&ready, 1, static_cast<int>(timeout.count())) != 1) {
    error = "timed out after " + std::to_string(timeout.count()) + " ms";
  } else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &length) != 0 || result != 0) {
    error = strerror(result != 0 ? result : errno);
  } else {
    return fd;
  }
  close(fd);
  return -1;
}

/// Writes all of `bytes` to a just-connected socket (a few bytes: its buffer takes them).
bool send_all(int fd, const std::vector<uint8_t>& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    pollfd ready{fd, POLLOUT, 0};
    if (poll(&ready, 1, 2000) != 1) return false;
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<int> connect_audiosocket(const std::string& target, const audiosocket::Uuid& uuid,
                                std::chrono::milliseconds timeout) {
  const auto host_port = parse_host_port(target);
  if (!host_port || host_port.value().port == 0) {
    return invalid_argument("audiosocket_target: '" + target + "' is not host:port");
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string port = std::to_string(host_port.value().port);
  if (const int rc = getaddrinfo(host_port.value().host.c_str(), port.c_str(), &hints, &addresses);
      rc != 0) {
    return Failure{ErrorCode::unavailable,
                   "cannot resolve AudioSocket service " + target + ": " + gai_strerror(rc)};
  }
  std::string error = "no address";
  int fd = -1;
  for (const addrinfo* address = addresses; address != nullptr && fd < 0;
       address = address->ai_next) {
    fd = connect_one(*address, timeout, error);
  }
  freeaddrinfo(addresses);
  if (fd < 0) {
    return Failure{ErrorCode::unavailable,
                   "cannot connect to AudioSocket service " + target + ": " + error};
  }
  const int on = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  std::vector<uint8_t> hello;
  audiosocket::append_uuid(hello, uuid);
  if (!send_all(fd, hello)) {
    close(fd);
    return Failure{ErrorCode::unavailable, "AudioSocket service " + target + " took no UUID"};
  }
  return fd;
}

}  // namespace tandem::media
