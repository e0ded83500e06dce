#include "libs/sip/header_id.hpp"

#include <array>

#include "libs/sip/chars.hpp"

namespace tandem::sip {
namespace {

struct Entry {
  std::string_view name;
  char compact;
  HeaderId id;
};

constexpr std::array<Entry, 31> kHeaders{{
    {"Via", 'v', HeaderId::via},
    {"From", 'f', HeaderId::from},
    {"To", 't', HeaderId::to},
    {"Call-ID", 'i', HeaderId::call_id},
    {"CSeq", 0, HeaderId::cseq},
    {"Contact", 'm', HeaderId::contact},
    {"Max-Forwards", 0, HeaderId::max_forwards},
    {"Content-Length", 'l', HeaderId::content_length},
    {"Content-Type", 'c', HeaderId::content_type},
    {"Content-Encoding", 'e', HeaderId::content_encoding},
    {"Expires", 0, HeaderId::expires},
    {"Min-Expires", 0, HeaderId::min_expires},
    {"Require", 0, HeaderId::require},
    {"Proxy-Require", 0, HeaderId::proxy_require},
    {"Supported", 'k', HeaderId::supported},
    {"Unsupported", 0, HeaderId::unsupported},
    {"Allow", 0, HeaderId::allow},
    {"Accept", 0, HeaderId::accept},
    {"Authorization", 0, HeaderId::authorization},
    {"Proxy-Authorization", 0, HeaderId::proxy_authorization},
    {"WWW-Authenticate", 0, HeaderId::www_authenticate},
    {"Proxy-Authenticate", 0, HeaderId::proxy_authenticate},
    {"Route", 0, HeaderId::route},
    {"Record-Route", 0, HeaderId::record_route},
    {"Path", 0, HeaderId::path},
    {"User-Agent", 0, HeaderId::user_agent},
    {"Server", 0, HeaderId::server},
    {"Date", 0, HeaderId::date},
    {"Subject", 's', HeaderId::subject},
    {"Retry-After", 0, HeaderId::retry_after},
    {"Event", 'o', HeaderId::event},
}};

}  // namespace

namespace {

constexpr size_t kLongestName = 19;  // Proxy-Authorization

/// The entries by the length of their full name, names stored in lower case: a received
/// name is then compared byte by byte, folded with `| 0x20`. Only letters fold onto
/// letters that way; '-' is compared as is, since CR would fold onto it.
struct Bucket {
  std::array<std::array<char, kLongestName>, 6> names{};
  std::array<HeaderId, 6> ids{};
  size_t count = 0;
};

constexpr std::array<Bucket, kLongestName + 1> make_buckets() {
  std::array<Bucket, kLongestName + 1> result{};
  for (const auto& entry : kHeaders) {
    auto& bucket = result[entry.name.size()];
    for (size_t i = 0; i < entry.name.size(); ++i) {
      bucket.names[bucket.count][i] = chars::lower(entry.name[i]);
    }
    bucket.ids[bucket.count++] = entry.id;
  }
  return result;
}

constexpr auto kBuckets = make_buckets();

constexpr std::array<HeaderId, 26> make_compact() {
  std::array<HeaderId, 26> result{};
  result.fill(HeaderId::other);
  for (const auto& entry : kHeaders) {
    if (entry.compact != 0) result[static_cast<size_t>(entry.compact - 'a')] = entry.id;
  }
  return result;
}

constexpr auto kCompact = make_compact();

bool folded_equals(std::string_view name, const std::array<char, kLongestName>& lower) {
  for (size_t i = 0; i < name.size(); ++i) {
    const char folded = lower[i] == '-' ? name[i] : static_cast<char>(name[i] | 0x20);
    if (folded != lower[i]) return false;
  }
  return true;
}

}  // namespace

HeaderId header_id(std::string_view name) {
  if (name.empty() || name.size() > kLongestName) return HeaderId::other;
  if (name.size() == 1) {
    const char compact = chars::lower(name[0]);
    return compact >= 'a' && compact <= 'z' ? kCompact[static_cast<size_t>(compact - 'a')]
                                            : HeaderId::other;
  }
  const auto& bucket = kBuckets[name.size()];
  for (size_t i = 0; i < bucket.count; ++i) {
    if (folded_equals(name, bucket.names[i])) return bucket.ids[i];
  }
  return HeaderId::other;
}

std::string_view header_name(HeaderId id) {
  for (const auto& entry : kHeaders) {
    if (entry.id == id) return entry.name;
  }
  return "";
}

}  // namespace tandem::sip
