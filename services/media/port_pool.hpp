#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace tandem::media {

/// The RTP ports of a media node: even ports of a configured range (RTCP takes the odd
/// port above, unless rtcp-mux). Ports come back to the end of the queue, so a port just
/// released is the last to be reused and late packets of an ended call hit nothing.
/// Thread-safe; used on the control path only.
class PortPool {
 public:
  /// Even ports from `first` to `last`, both rounded inward to even numbers.
  PortPool(uint16_t first, uint16_t last);

  /// A free port, or nothing when all are taken.
  std::optional<uint16_t> take();
  /// A port whose socket could not be bound (another process holds it): left out for good.
  void retire(uint16_t port);
  void give_back(uint16_t port);

  size_t free_ports() const;
  size_t total_ports() const { return total_; }

 private:
  mutable std::mutex mutex_;
  std::deque<uint16_t> free_;
  size_t total_ = 0;
};

}  // namespace tandem::media
