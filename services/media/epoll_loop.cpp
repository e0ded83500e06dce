#include "services/media/epoll_loop.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tandem::media {

EpollLoop::EpollLoop() : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
  if (epoll_fd_ < 0) throw std::runtime_error("epoll unavailable");
  watch(wake_fd(), waker());
}

EpollLoop::~EpollLoop() {
  stop();
  close(epoll_fd_);
}

bool EpollLoop::watch(int fd, Readable* reader) {
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = reader;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) == 0;
}

bool EpollLoop::watch_datagrams(int fd, DatagramReader* reader) {
  auto socket = std::make_unique<DatagramSocket>(*this, fd, reader);
  if (!watch(fd, socket.get())) return false;
  datagram_sockets_[fd] = std::move(socket);
  return true;
}

void EpollLoop::unwatch(int fd) {
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  const auto found = datagram_sockets_.find(fd);
  if (found == datagram_sockets_.end()) return;
  // An event already taken from epoll may still point at it: it must not read the number,
  // which a socket opened by a later command of the same batch may have taken.
  found->second->fd = -1;
  dispose(std::shared_ptr<DatagramSocket>(std::move(found->second)));
  datagram_sockets_.erase(found);
}

bool EpollLoop::send_datagram(int fd, std::span<const uint8_t> packet, const SocketAddress& to) {
  return sendto(fd, packet.data(), packet.size(), MSG_DONTWAIT,
                reinterpret_cast<const sockaddr*>(&to.storage), to.length) >= 0;
}

void EpollLoop::DatagramSocket::on_readable() {
  if (fd < 0) return;  // unwatched since the event was taken
  SocketAddress source;
  source.length = sizeof source.storage;
  auto& buffer = loop.buffer_;
  const ssize_t n = recvfrom(fd, buffer.data(), buffer.size(), MSG_DONTWAIT,
                             reinterpret_cast<sockaddr*>(&source.storage), &source.length);
  if (n < 0) return;
  reader->on_datagram(std::span<uint8_t>(buffer.data(), static_cast<size_t>(n)), source);
}

void EpollLoop::loop() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  while (!stopping()) {
    const int ready = epoll_wait(epoll_fd_, events, kMaxEvents, -1);
    run_commands();
    for (int i = 0; i < ready; ++i) static_cast<Readable*>(events[i].data.ptr)->on_readable();
    collect_disposed();
  }
  finish();
}

}  // namespace tandem::media
