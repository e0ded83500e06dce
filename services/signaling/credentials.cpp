#include "services/signaling/credentials.hpp"

namespace tandem::signaling {

Credentials::Credentials(const std::vector<SipUser>& users, const std::string& realm) {
  using sip::DigestAlgorithm;
  for (const auto& user : users) {
    Entry entry{user.ha1_md5, user.ha1_sha256};
    if (!user.password.empty()) {
      entry.md5 = sip::digest_ha1(DigestAlgorithm::md5, user.name, realm, user.password);
      entry.sha256 = sip::digest_ha1(DigestAlgorithm::sha256, user.name, realm, user.password);
    }
    users_[user.name] = std::move(entry);
  }
}

std::optional<std::string> Credentials::ha1(const std::string& user,
                                            sip::DigestAlgorithm algorithm) const {
  const auto found = users_.find(user);
  if (found == users_.end()) return std::nullopt;
  const auto& value =
      algorithm == sip::DigestAlgorithm::md5 ? found->second.md5 : found->second.sha256;
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace tandem::signaling
