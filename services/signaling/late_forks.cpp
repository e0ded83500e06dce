#include "services/signaling/late_forks.hpp"

namespace tandem::signaling {

LateForks::LateForks(const Clock& clock, std::chrono::milliseconds linger)
    : clock_(clock), linger_(linger) {}

void LateForks::keep(std::unique_ptr<SipOutboundTech> tech) {
  if (!tech || !tech->answered() || tech->invite_key().empty()) return;
  const auto now = clock_.monotonic_now();
  std::lock_guard lock(mutex_);
  expire(now);
  const std::string key = tech->invite_key();
  expiries_.emplace_back(now + linger_, key);
  techs_[key] = std::move(tech);
}

bool LateForks::on_response(const std::string& key, const sip::SipMessage& response) {
  std::lock_guard lock(mutex_);
  expire(clock_.monotonic_now());
  const auto found = techs_.find(key);
  if (found == techs_.end()) return false;
  (void)found->second->on_response(response);
  return true;
}

size_t LateForks::kept() const {
  std::lock_guard lock(mutex_);
  return techs_.size();
}

void LateForks::expire(std::chrono::steady_clock::time_point now) {
  while (!expiries_.empty() && expiries_.front().first <= now) {
    techs_.erase(expiries_.front().second);
    expiries_.pop_front();
  }
}

}  // namespace tandem::signaling
