#include "services/media/port_pool.hpp"

namespace tandem::media {

PortPool::PortPool(uint16_t first, uint16_t last) {
  const uint32_t start = first + (first % 2);
  for (uint32_t port = start; port + 1 <= last; port += 2) {
    free_.push_back(static_cast<uint16_t>(port));
  }
  total_ = free_.size();
}

std::optional<uint16_t> PortPool::take() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return std::nullopt;
  const uint16_t port = free_.front();
  free_.pop_front();
  return port;
}

void PortPool::retire(uint16_t) {
  std::lock_guard lock(mutex_);
  --total_;
}

void PortPool::give_back(uint16_t port) {
  std::lock_guard lock(mutex_);
  free_.push_back(port);
}

size_t PortPool::free_ports() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

}  // namespace tandem::media
