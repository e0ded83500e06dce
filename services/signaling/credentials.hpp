#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "libs/sip/digest.hpp"
#include "services/signaling/signaling_config.hpp"

namespace tandem::signaling {

/// The HA1 of every configured account, per algorithm, for one realm. Read-only after
/// construction, so safe from any thread.
class Credentials {
 public:
  Credentials(const std::vector<SipUser>& users, const std::string& realm);

  /// The HA1 for this user and algorithm, or nothing for an unknown user (or an account
  /// configured with the other algorithm's HA1 only).
  std::optional<std::string> ha1(const std::string& user, sip::DigestAlgorithm algorithm) const;

 private:
  struct Entry {
    std::string md5;
    std::string sha256;
  };
  std::map<std::string, Entry, std::less<>> users_;
};

}  // namespace tandem::signaling
