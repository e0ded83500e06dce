#include "libs/media/dtmf_queue.hpp"

#include <vector>

namespace tandem::media {

bool DtmfQueue::add(std::string_view digits, uint32_t duration) {
  std::vector<Digit> parsed;
  for (const char digit : digits) {
    const auto event = dtmf_event(digit);
    if (!event) return false;
    parsed.push_back({*event, duration});
  }
  digits_.insert(digits_.end(), parsed.begin(), parsed.end());
  return true;
}

std::optional<TelephoneEventPacket> DtmfQueue::next(uint32_t timestamp_now) {
  if (pause_ > 0) {
    --pause_;
    return std::nullopt;
  }
  if (!sender_) {
    if (digits_.empty()) return std::nullopt;
    sender_.emplace(digits_.front().event, timestamp_now, digits_.front().duration);
    digits_.pop_front();
  }
  auto packet = sender_->next();
  if (sender_->done()) {
    sender_.reset();
    pause_ = kPauseIntervals;
  }
  return packet;
}

}  // namespace tandem::media
