#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "libs/common/clock.hpp"
#include "libs/common/result.hpp"

namespace tandem::channel {

/// The longest UniqueID accepted from a client (Asterisk's public limit).
inline constexpr size_t kMaxUniqueIdLength = 149;

/// UniqueIDs as Asterisk makes them with a system name: `<system>-<epoch>.<seq>`, the
/// epoch in seconds at creation and the sequence counting channels since the process
/// started (from 0). Thread-safe.
class UniqueIdSource {
 public:
  UniqueIdSource(std::string system_name, const Clock& clock)
      : system_name_(std::move(system_name)), clock_(clock) {}

  std::string next();

 private:
  std::string system_name_;
  const Clock& clock_;
  std::atomic<uint64_t> sequence_{0};
};

/// Checks a UniqueID a client chose: 1 to 149 printable ASCII characters, no spaces.
Result<Done> check_unique_id(std::string_view id);

/// Channel names: `<Tech>/<resource>-<8 lowercase hex digits>`, the digits counting per
/// technology from 1 and wrapping at 2^32, as chan_pjsip does; Local channels come in
/// pairs `Local/<exten>@<context>-<digits>;1` and `;2`. Thread-safe.
class ChannelNamer {
 public:
  std::string name(std::string_view tech, std::string_view resource);
  /// The two halves of a Local channel: ;1 faces the caller, ;2 runs the dialplan at
  /// exten@context.
  std::pair<std::string, std::string> local_pair(std::string_view exten, std::string_view context);

 private:
  uint32_t next(std::string_view tech);

  std::mutex mutex_;
  std::map<std::string, uint32_t, std::less<>> counters_;
};

}  // namespace tandem::channel
