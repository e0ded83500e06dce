#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "libs/common/clock.hpp"

namespace tandem::signaling {

/// Issues and checks digest nonces without storing them (RFC 7616 3.3 leaves the format to
/// the server): base64url of a timestamp, 8 random bytes and an HMAC-SHA256 over both and
/// the realm, keyed by a secret every replica shares. So any replica accepts a nonce another
/// issued, and a nonce cannot be forged or aged back.
class NonceIssuer {
 public:
  enum class Check { valid, stale, invalid };

  NonceIssuer(std::string secret, std::chrono::milliseconds lifetime, const Clock& clock);

  std::string issue(std::string_view realm);
  Check check(std::string_view nonce, std::string_view realm) const;

 private:
  std::string mac(std::string_view data) const;

  std::string secret_;
  std::chrono::milliseconds lifetime_;
  const Clock& clock_;
};

/// Remembers the highest nonce-count seen per nonce, so that a captured request cannot be
/// replayed within the nonce's life (RFC 7616 3.4.1). Per replica; entries expire with their
/// nonce. Thread-safe.
class NonceCounts {
 public:
  NonceCounts(std::chrono::milliseconds lifetime, const Clock& clock);

  /// True if `nc` (hex) is higher than any seen for this nonce; remembers it.
  bool accept(std::string_view nonce, std::string_view nc);

 private:
  struct Entry {
    uint64_t highest;
    std::chrono::steady_clock::time_point expires;
  };
  void prune(std::chrono::steady_clock::time_point now);

  std::chrono::milliseconds lifetime_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> seen_;
  std::chrono::steady_clock::time_point next_prune_{};
};

}  // namespace tandem::signaling
