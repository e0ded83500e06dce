#include "services/signaling/nonce.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstring>

#include "libs/sip/digest.hpp"

namespace tandem::signaling {
namespace {

constexpr size_t kStampBytes = 8;
constexpr size_t kRandomBytes = 8;
constexpr size_t kMacBytes = 16;
constexpr size_t kNonceBytes = kStampBytes + kRandomBytes + kMacBytes;
/// A nonce stamped this far in the future is forged or from a badly wrong clock.
constexpr int64_t kClockSkewMs = 5000;

std::string base64url(const unsigned char* data, size_t length) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < length; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> unbase64url(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    if (c >= '0' && c <= '9') value = c - '0' + 52;
    if (c == '-') value = 62;
    if (c == '_') value = 63;
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace

NonceIssuer::NonceIssuer(std::string secret, std::chrono::milliseconds lifetime, const Clock& clock)
    : secret_(std::move(secret)), lifetime_(lifetime), clock_(clock) {}

std::string NonceIssuer::mac(std::string_view data) const {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), kMacBytes);
}

std::string NonceIssuer::issue(std::string_view realm) {
  unsigned char raw[kNonceBytes];
  const auto stamp = static_cast<uint64_t>(to_unix_ms(clock_.now()));
  for (size_t i = 0; i < kStampBytes; ++i)
    raw[i] = static_cast<unsigned char>(stamp >> (56 - 8 * i));
  RAND_bytes(raw + kStampBytes, kRandomBytes);
  std::string signed_part(reinterpret_cast<char*>(raw), kStampBytes + kRandomBytes);
  const auto tag = mac(signed_part + std::string(realm));
  std::memcpy(raw + kStampBytes + kRandomBytes, tag.data(), kMacBytes);
  return base64url(raw, kNonceBytes);
}

NonceIssuer::Check NonceIssuer::check(std::string_view nonce, std::string_view realm) const {
  const auto raw = unbase64url(nonce);
  if (!raw || raw->size() != kNonceBytes) return Check::invalid;
  const std::string_view signed_part(raw->data(), kStampBytes + kRandomBytes);
  const std::string_view tag(raw->data() + kStampBytes + kRandomBytes, kMacBytes);
  if (!sip::constant_time_equals(tag, mac(std::string(signed_part) + std::string(realm)))) {
    return Check::invalid;
  }
  uint64_t stamp = 0;
  for (size_t i = 0; i < kStampBytes; ++i)
    stamp = (stamp << 8) | static_cast<unsigned char>((*raw)[i]);
  const int64_t age = to_unix_ms(clock_.now()) - static_cast<int64_t>(stamp);
  if (age < -kClockSkewMs) return Check::invalid;
  return age > lifetime_.count() ? Check::stale : Check::valid;
}

NonceCounts::NonceCounts(std::chrono::milliseconds lifetime, const Clock& clock)
    : lifetime_(lifetime), clock_(clock) {}

bool NonceCounts::accept(std::string_view nonce, std::string_view nc) {
  uint64_t count = 0;
  auto [end, ec] = std::from_chars(nc.data(), nc.data() + nc.size(), count, 16);
  if (nc.size() != 8 || ec != std::errc{} || end != nc.data() + nc.size() || count == 0)
    return false;
  const auto now = clock_.monotonic_now();
  std::lock_guard lock(mutex_);
  prune(now);
  auto found = seen_.find(nonce);
  if (found == seen_.end()) {
    seen_.emplace(std::string(nonce), Entry{count, now + 2 * lifetime_});
    return true;
  }
  if (count <= found->second.highest) return false;
  found->second.highest = count;
  return true;
}

void NonceCounts::prune(std::chrono::steady_clock::time_point now) {
  if (now < next_prune_) return;
  next_prune_ = now + std::chrono::seconds(1);
  std::erase_if(seen_, [now](const auto& entry) { return entry.second.expires <= now; });
}

}  // namespace tandem::signaling
