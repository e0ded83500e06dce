#include "libs/sip/digest.hpp"

#include <openssl/evp.h>

#include "libs/sip/chars.hpp"

namespace tandem::sip {

std::optional<DigestAlgorithm> digest_algorithm(std::string_view name) {
  if (name.empty() || chars::iequals(name, "MD5")) return DigestAlgorithm::md5;
  if (chars::iequals(name, "SHA-256")) return DigestAlgorithm::sha256;
  return std::nullopt;
}

std::string_view algorithm_name(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::md5 ? "MD5" : "SHA-256";
}

std::string digest_hex(DigestAlgorithm algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length,
             algorithm == DigestAlgorithm::md5 ? EVP_md5() : EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::string digest_ha1(DigestAlgorithm algorithm, std::string_view user, std::string_view realm,
                       std::string_view password) {
  std::string text;
  text.append(user).append(":").append(realm).append(":").append(password);
  return digest_hex(algorithm, text);
}

std::string digest_response(DigestAlgorithm algorithm, std::string_view ha1,
                            std::string_view method, std::string_view uri, std::string_view nonce,
                            std::string_view nc, std::string_view cnonce, std::string_view qop) {
  std::string a2;
  a2.append(method).append(":").append(uri);
  std::string text;
  text.append(ha1).append(":").append(nonce).append(":").append(nc).append(":").append(cnonce);
  text.append(":").append(qop).append(":").append(digest_hex(algorithm, a2));
  return digest_hex(algorithm, text);
}

std::string digest_challenge(DigestAlgorithm algorithm, std::string_view realm,
                             std::string_view nonce, bool stale) {
  std::string value = "Digest realm=\"";
  value.append(realm).append("\", nonce=\"").append(nonce).append("\", algorithm=");
  value.append(algorithm_name(algorithm)).append(", qop=\"auth\"");
  if (stale) value.append(", stale=true");
  return value;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace tandem::sip
