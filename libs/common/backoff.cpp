#include "libs/common/backoff.hpp"

#include <algorithm>

namespace tandem {

Backoff::Backoff(Duration initial, Duration ceiling, uint64_t seed)
    : initial_(std::max(initial, Duration{1})),
      ceiling_(std::max(ceiling, initial_)),
      current_(initial_),
      random_(seed) {}

Backoff::Duration Backoff::next() {
  const Duration full = current_;
  current_ = std::min(current_ * 2, ceiling_);
  std::uniform_int_distribution<int64_t> jitter(full.count() / 2, full.count());
  return Duration{jitter(random_)};
}

void Backoff::reset() { current_ = initial_; }

}  // namespace tandem
