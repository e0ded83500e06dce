#include "services/media/uring_loop.hpp"

#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace tandem::media {
namespace {

constexpr unsigned kRingEntries = 4096;
constexpr unsigned kCompletionEntries = 16384;
constexpr uint64_t kSendTag = uint64_t{1} << 63;  // user data of a send: tag | slot
constexpr uint64_t kIgnored = 1;                  // user data of a cancel request

io_uring_params ring_params() {
  io_uring_params params{};
  params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
  params.cq_entries = kCompletionEntries;
  return params;
}

}  // namespace

std::optional<std::string> UringLoop::unavailable_because() {
  io_uring ring{};
  auto params = ring_params();
  const int result = io_uring_queue_init_params(kRingEntries, &ring, &params);
  if (result < 0) return std::string("io_uring_setup: ") + strerror(-result);
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  std::optional<std::string> missing;
  if (probe == nullptr || !io_uring_opcode_supported(probe, IORING_OP_RECVMSG) ||
      !io_uring_opcode_supported(probe, IORING_OP_SEND) ||
      !io_uring_opcode_supported(probe, IORING_OP_POLL_ADD)) {
    missing = "the kernel lacks RECVMSG, SEND or POLL_ADD";
  }
  if (probe != nullptr) io_uring_free_probe(probe);
  io_uring_queue_exit(&ring);
  return missing;
}

UringLoop::UringLoop()
    : receive_memory_(size_t{kReceiveBuffers} * kBufferSize), send_slots_(kSendSlots) {
  free_send_slots_.reserve(kSendSlots);
  for (uint32_t i = kSendSlots; i > 0; --i) free_send_slots_.push_back(i - 1);
  receive_template_.msg_namelen = sizeof(sockaddr_storage);
  watch(wake_fd(), waker());
}

UringLoop::~UringLoop() { stop(); }

io_uring_sqe* UringLoop::next_sqe() {
  io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
  if (sqe == nullptr) {
    io_uring_submit(&ring_);
    sqe = io_uring_get_sqe(&ring_);
  }
  return sqe;
}

bool UringLoop::watch(int fd, Readable* reader) {
  return add(std::make_unique<Watch>(Watch{.fd = fd, .readable = reader}));
}

bool UringLoop::watch_datagrams(int fd, DatagramReader* reader) {
  return add(std::make_unique<Watch>(Watch{.fd = fd, .datagram_reader = reader}));
}

bool UringLoop::add(std::unique_ptr<Watch> watch) {
  Watch& added = *watch;
  watches_[added.fd] = std::move(watch);
  if (ready_) {
    arm(added);
  } else {
    to_arm_.push_back(&added);  // armed by the loop thread once the ring exists
  }
  return true;
}

void UringLoop::arm(Watch& watch) {
  io_uring_sqe* sqe = next_sqe();
  if (watch.readable != nullptr) {
    io_uring_prep_poll_multishot(sqe, watch.fd, POLLIN);
  } else {
    io_uring_prep_recvmsg_multishot(sqe, watch.fd, &receive_template_, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = kBufferGroup;
  }
  io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(&watch));
  watch.armed = true;
}

void UringLoop::unwatch(int fd) {
  const auto found = watches_.find(fd);
  if (found == watches_.end()) return;
  std::unique_ptr<Watch> watch = std::move(found->second);
  watches_.erase(found);
  watch->live = false;
  std::erase(to_arm_, watch.get());
  if (!watch->armed || !ready_) return;
  // The request holds the socket open until it ends; ending it frees the port.
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(watch.get()), 0);
  io_uring_sqe_set_data64(sqe, kIgnored);
  unwatched_.push_back(watch.get());
  retiring_.push_back(std::move(watch));
}

void UringLoop::after_release(std::function<void()> then) {
  auto release = std::make_shared<Release>(Release{unwatched_.size(), std::move(then)});
  for (Watch* watch : unwatched_) watch->release = release;
  unwatched_.clear();
  if (release->waiting == 0) release->then();
}

bool UringLoop::send_datagram(int fd, std::span<const uint8_t> packet, const SocketAddress& to) {
  if (!ready_ || free_send_slots_.empty() || packet.size() > kBufferSize) return false;
  const uint32_t index = free_send_slots_.back();
  free_send_slots_.pop_back();
  SendSlot& slot = send_slots_[index];
  std::memcpy(slot.data.data(), packet.data(), packet.size());
  std::memcpy(&slot.to, &to.storage, to.length);
  io_uring_sqe* sqe = next_sqe();
  io_uring_prep_send(sqe, fd, slot.data.data(), packet.size(), MSG_DONTWAIT);
  io_uring_prep_send_set_addr(sqe, reinterpret_cast<const sockaddr*>(&slot.to),
                              static_cast<uint16_t>(to.length));
  io_uring_sqe_set_data64(sqe, kSendTag | index);
  return true;
}

void UringLoop::before_commands() {
  // Queued sends name sockets by number: they must reach the kernel before a command
  // closes one, whose number another thread may then reuse.
  if (ready_) io_uring_submit(&ring_);
}

void UringLoop::give_back(uint16_t buffer_id) {
  io_uring_buf_ring_add(buffer_ring_, receive_memory_.data() + size_t{buffer_id} * kBufferSize,
                        kBufferSize, buffer_id, io_uring_buf_ring_mask(kReceiveBuffers), 0);
  io_uring_buf_ring_advance(buffer_ring_, 1);
}

void UringLoop::on_datagram_completion(Watch& watch, const io_uring_cqe& cqe) {
  if (!(cqe.flags & IORING_CQE_F_BUFFER)) return;  // an error or the end: nothing to read
  const auto buffer_id = static_cast<uint16_t>(cqe.flags >> IORING_CQE_BUFFER_SHIFT);
  uint8_t* buffer = receive_memory_.data() + size_t{buffer_id} * kBufferSize;
  if (watch.live && cqe.res > 0) {
    auto* out = io_uring_recvmsg_validate(buffer, cqe.res, &receive_template_);
    if (out != nullptr && !(out->flags & MSG_TRUNC) && out->namelen <= sizeof(sockaddr_storage)) {
      SocketAddress source;
      std::memcpy(&source.storage, io_uring_recvmsg_name(out), out->namelen);
      source.length = out->namelen;
      auto* payload = static_cast<uint8_t*>(io_uring_recvmsg_payload(out, &receive_template_));
      const auto length = io_uring_recvmsg_payload_length(out, cqe.res, &receive_template_);
      watch.datagram_reader->on_datagram(std::span<uint8_t>(payload, length), source);
    }
  }
  give_back(buffer_id);
}

void UringLoop::on_completion(const io_uring_cqe& cqe) {
  const uint64_t data = cqe.user_data;
  if (data == kIgnored) return;
  if (data & kSendTag) {
    free_send_slots_.push_back(static_cast<uint32_t>(data & ~kSendTag));
    return;
  }
  auto& watch = *reinterpret_cast<Watch*>(data);
  if (watch.readable != nullptr) {
    if (watch.live && cqe.res > 0) watch.readable->on_readable();
  } else {
    on_datagram_completion(watch, cqe);
  }
  if (cqe.flags & IORING_CQE_F_MORE) return;
  // The multishot request ended: out of buffers (-ENOBUFS), cancelled, or an error.
  watch.armed = false;
  if (watch.live) {
    arm(watch);
  } else {
    std::erase(unwatched_, &watch);
    if (auto release = std::move(watch.release); release && --release->waiting == 0) {
      release->then();
    }
    std::erase_if(retiring_, [&](const auto& retired) { return retired.get() == &watch; });
  }
}

void UringLoop::loop() {
  auto params = ring_params();
  if (const int result = io_uring_queue_init_params(kRingEntries, &ring_, &params); result < 0)
    throw std::runtime_error(std::string("io_uring_setup: ") + strerror(-result));
  // liburing 2.3 has no io_uring_setup_buf_ring(): map and register the ring by hand.
  const size_t ring_bytes = kReceiveBuffers * sizeof(io_uring_buf);
  void* mapped =
      mmap(nullptr, ring_bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (mapped == MAP_FAILED) throw std::runtime_error("cannot map the io_uring buffer ring");
  buffer_ring_ = static_cast<io_uring_buf_ring*>(mapped);
  io_uring_buf_ring_init(buffer_ring_);
  io_uring_buf_reg registration{};
  registration.ring_addr = reinterpret_cast<uint64_t>(buffer_ring_);
  registration.ring_entries = kReceiveBuffers;
  registration.bgid = kBufferGroup;
  if (const int result = io_uring_register_buf_ring(&ring_, &registration, 0); result < 0)
    throw std::runtime_error(std::string("io_uring_register_buf_ring: ") + strerror(-result));
  for (uint16_t id = 0; id < kReceiveBuffers; ++id) {
    io_uring_buf_ring_add(buffer_ring_, receive_memory_.data() + size_t{id} * kBufferSize,
                          kBufferSize, id, io_uring_buf_ring_mask(kReceiveBuffers), id);
  }
  io_uring_buf_ring_advance(buffer_ring_, kReceiveBuffers);
  ready_ = true;
  for (Watch* watch : to_arm_) arm(*watch);
  to_arm_.clear();

  while (!stopping()) {
    io_uring_submit_and_wait(&ring_, 1);
    run_commands();
    unsigned head = 0;
    unsigned seen = 0;
    io_uring_cqe* cqe = nullptr;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      on_completion(*cqe);
      ++seen;
    }
    io_uring_cq_advance(&ring_, seen);
    collect_disposed();
  }
  finish();
  io_uring_submit(&ring_);
  io_uring_unregister_buf_ring(&ring_, kBufferGroup);
  io_uring_queue_exit(&ring_);
  munmap(buffer_ring_, ring_bytes);
  ready_ = false;
}

}  // namespace tandem::media
