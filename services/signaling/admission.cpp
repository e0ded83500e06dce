#include "services/signaling/admission.hpp"

#include <algorithm>

#include "libs/common/logging.hpp"

namespace tandem::signaling {

using std::chrono::steady_clock;

Admission::Admission(AdmissionOptions options, const Clock& clock, prometheus::Registry& metrics)
    : options_(std::move(options)),
      clock_(clock),
      dropped_(prometheus::BuildCounter()
                   .Name("tandem_sip_dropped_total")
                   .Help("Messages dropped unread, by reason: acl, rate, ban")
                   .Register(metrics)),
      bans_(prometheus::BuildCounter()
                .Name("tandem_sip_bans_total")
                .Help("Sources banned for failing authentication")
                .Register(metrics)
                .Add({})) {}

bool Admission::listed(const std::string& ip) const {
  const auto in = [&ip](const std::vector<Cidr>& list) {
    return std::any_of(list.begin(), list.end(), [&ip](const Cidr& c) { return c.contains(ip); });
  };
  if (in(options_.deny)) return false;
  return options_.allow.empty() || in(options_.allow);
}

bool Admission::take_token(Source& source, steady_clock::time_point now) const {
  if (options_.rate <= 0) return true;
  if (source.refilled == steady_clock::time_point{}) source.tokens = options_.burst;
  const std::chrono::duration<double> elapsed = now - source.refilled;
  source.tokens = std::min(options_.burst, source.tokens + elapsed.count() * options_.rate);
  source.refilled = now;
  if (source.tokens < 1.0) return false;
  source.tokens -= 1.0;
  return true;
}

bool Admission::admit(const sip::TransportAddress& from) {
  if (!listed(from.ip)) {
    dropped_.Add({{"reason", "acl"}}).Increment();
    return false;
  }
  if (options_.rate <= 0 && options_.ban_failures <= 0) return true;
  const auto now = clock_.monotonic_now();
  std::lock_guard lock(mutex_);
  prune(now);
  auto& source = sources_[from.ip];
  if (now < source.banned_until) {
    dropped_.Add({{"reason", "ban"}}).Increment();
    return false;
  }
  if (!take_token(source, now)) {
    dropped_.Add({{"reason", "rate"}}).Increment();
    return false;
  }
  return true;
}

void Admission::record_auth_failure(const sip::TransportAddress& from) {
  if (options_.ban_failures <= 0) return;
  const auto now = clock_.monotonic_now();
  std::lock_guard lock(mutex_);
  auto& source = sources_[from.ip];
  source.failures.push_back(now);
  while (!source.failures.empty() && now - source.failures.front() > options_.ban_window) {
    source.failures.pop_front();
  }
  if (static_cast<int>(source.failures.size()) < options_.ban_failures) return;
  source.failures.clear();
  source.banned_until = now + options_.ban_duration;
  bans_.Increment();
  component_logger("signaling")
      ->warn("banning {} for {} s after {} failed authentications", from.ip,
             std::chrono::duration_cast<std::chrono::seconds>(options_.ban_duration).count(),
             options_.ban_failures);
}

void Admission::prune(steady_clock::time_point now) {
  if (now < next_prune_) return;
  next_prune_ = now + std::chrono::seconds(10);
  // A source is forgotten once it is neither banned nor mid-window nor short of tokens.
  std::erase_if(sources_, [&](const auto& entry) {
    const auto& s = entry.second;
    const bool idle = options_.rate <= 0 || now - s.refilled > std::chrono::seconds(60);
    return idle && now >= s.banned_until && s.failures.empty();
  });
}

}  // namespace tandem::signaling
