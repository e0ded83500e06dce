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

/// The entries by the lower-case first letter of their full name.
struct Bucket {
  std::array<const Entry*, 6> entries{};
  size_t count = 0;
};

const std::array<Bucket, 26>& buckets() {
  static const auto table = [] {
    std::array<Bucket, 26> result{};
    for (const auto& entry : kHeaders) {
      auto& bucket = result[static_cast<size_t>(chars::lower(entry.name[0]) - 'a')];
      bucket.entries[bucket.count++] = &entry;
    }
    return result;
  }();
  return table;
}

}  // namespace

HeaderId header_id(std::string_view name) {
  if (name.empty()) return HeaderId::other;
  const char first = chars::lower(name[0]);
  if (first < 'a' || first > 'z') return HeaderId::other;
  if (name.size() == 1) {
    for (const auto& entry : kHeaders) {
      if (entry.compact == first) return entry.id;
    }
    return HeaderId::other;
  }
  const auto& bucket = buckets()[static_cast<size_t>(first - 'a')];
  for (size_t i = 0; i < bucket.count; ++i) {
    const Entry* entry = bucket.entries[i];
    if (entry->name.size() == name.size() && chars::iequals(entry->name, name)) return entry->id;
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
