#include "libs/sip/transport/udp_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "libs/common/socket_address.hpp"

namespace tandem::sip {
namespace {

constexpr int kBatch = 32;
/// How often a receive thread looks at the stopping flag when no traffic comes.
constexpr timeval kReceivePoll{0, 200'000};

TransportAddress source_of(const sockaddr_storage& storage) {
  SocketAddress address;
  address.storage = storage;
  TransportAddress source;
  source.ip = address.host();
  source.port = address.port();
  return source;
}

}  // namespace

UdpTransport::UdpTransport(UdpOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

UdpTransport::~UdpTransport() { stop(); }

Result<Done> UdpTransport::start() {
  auto address = SocketAddress::from(options_.listen.host, options_.listen.port);
  if (!address)
    return invalid_argument("SIP UDP listen host must be an IP address, got " +
                            options_.listen.host);
  ipv6_ = address->storage.ss_family == AF_INET6;
  socket_ = socket(address->storage.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (socket_ < 0)
    return unavailable(std::string("cannot create a UDP socket: ") + std::strerror(errno));
  // The FORCE variants pass net.core.rmem_max/wmem_max when we may (CAP_NET_ADMIN); the
  // plain ones are capped there otherwise.
  if (setsockopt(socket_, SOL_SOCKET, SO_RCVBUFFORCE, &options_.receive_buffer,
                 sizeof options_.receive_buffer) != 0) {
    setsockopt(socket_, SOL_SOCKET, SO_RCVBUF, &options_.receive_buffer,
               sizeof options_.receive_buffer);
  }
  if (setsockopt(socket_, SOL_SOCKET, SO_SNDBUFFORCE, &options_.send_buffer,
                 sizeof options_.send_buffer) != 0) {
    setsockopt(socket_, SOL_SOCKET, SO_SNDBUF, &options_.send_buffer, sizeof options_.send_buffer);
  }
  setsockopt(socket_, SOL_SOCKET, SO_RCVTIMEO, &kReceivePoll, sizeof kReceivePoll);
  if (bind(socket_, reinterpret_cast<sockaddr*>(&address->storage), address->length) != 0) {
    const std::string why = std::strerror(errno);
    close(socket_);
    socket_ = -1;
    return unavailable("cannot listen for SIP on UDP " + options_.listen.to_string() + ": " + why);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(socket_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = source_of(bound).port;
  for (size_t i = 0; i < std::max<size_t>(1, options_.receive_threads); ++i) {
    threads_.emplace_back([this] { receive_loop(); });
  }
  return Done{};
}

void UdpTransport::receive_loop() {
  const size_t capacity = options_.max_datagram + 1;  // one byte more shows truncation
  std::vector<char> buffers(capacity * kBatch);
  std::vector<iovec> iov(kBatch);
  std::vector<sockaddr_storage> sources(kBatch);
  std::vector<mmsghdr> messages(kBatch);
  while (!stopping_) {
    for (int i = 0; i < kBatch; ++i) {
      iov[i] = {buffers.data() + static_cast<size_t>(i) * capacity, capacity};
      messages[i].msg_hdr = {};
      messages[i].msg_hdr.msg_iov = &iov[i];
      messages[i].msg_hdr.msg_iovlen = 1;
      messages[i].msg_hdr.msg_name = &sources[i];
      messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    }
    // Blocks until one datagram (or the poll timeout), then takes what else is queued.
    const int count = recvmmsg(socket_, messages.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (count <= 0) continue;
    received_ += static_cast<uint64_t>(count);
    for (int i = 0; i < count; ++i) {
      const size_t length = messages[i].msg_len;
      const bool truncated = length > options_.max_datagram;
      TransportAddress from = source_of(sources[i]);
      handler_(std::string_view(static_cast<const char*>(iov[i].iov_base),
                                std::min(length, options_.max_datagram)),
               truncated, from);
    }
  }
}

bool UdpTransport::send(const std::string& ip, uint16_t port, std::string_view bytes) {
  auto address = SocketAddress::from(ip, port);
  if (!address || socket_ < 0) return false;
  return sendto(socket_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                reinterpret_cast<sockaddr*>(&address->storage), address->length) >= 0;
}

void UdpTransport::stop() {
  if (stopping_.exchange(true)) return;
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  if (socket_ >= 0) close(socket_);
  socket_ = -1;
}

}  // namespace tandem::sip
