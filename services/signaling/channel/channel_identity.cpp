#include "services/signaling/channel/channel_identity.hpp"

#include <chrono>
#include <cstdio>

namespace tandem::channel {
namespace {

std::string hex8(uint32_t value) {
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08x", value);
  return digits;
}

}  // namespace

std::string UniqueIdSource::next() {
  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  return system_name_ + "-" + std::to_string(epoch) + "." + std::to_string(sequence_++);
}

Result<Done> check_unique_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxUniqueIdLength) {
    return invalid_argument("channel id: must be 1 to " + std::to_string(kMaxUniqueIdLength) +
                            " characters, got " + std::to_string(id.size()));
  }
  for (const char c : id) {
    if (c <= ' ' || c > '~') {
      return invalid_argument("channel id: '" + std::string(id) +
                              "' holds a space or a character that is not printable ASCII");
    }
  }
  return Done{};
}

uint32_t ChannelNamer::next(std::string_view tech) {
  std::lock_guard lock(mutex_);
  auto found = counters_.find(tech);
  if (found == counters_.end()) found = counters_.emplace(std::string(tech), 0).first;
  return ++found->second;  // wraps at 2^32 like chan_pjsip's
}

std::string ChannelNamer::name(std::string_view tech, std::string_view resource) {
  return std::string(tech) + "/" + std::string(resource) + "-" + hex8(next(tech));
}

std::pair<std::string, std::string> ChannelNamer::local_pair(std::string_view exten,
                                                             std::string_view context) {
  const std::string base =
      "Local/" + std::string(exten) + "@" + std::string(context) + "-" + hex8(next("Local"));
  return {base + ";1", base + ";2"};
}

}  // namespace tandem::channel
