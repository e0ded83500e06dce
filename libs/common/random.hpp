#pragma once

#include <cstdint>
#include <random>

namespace tandem {

/// A random 32-bit number from a per-thread generator seeded once from the OS: for SSRCs,
/// initial timestamps and the like, which need to differ, not to be secret. (Seeding a
/// std::random_device for each endpoint cost 2% of tandem's CPU under call load.)
inline uint32_t random_u32() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return static_cast<uint32_t>(generator());
}

}  // namespace tandem
