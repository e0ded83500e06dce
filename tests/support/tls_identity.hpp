#pragma once

#include <string>

namespace tandem::testing {

/// A throwaway self-signed certificate for 127.0.0.1 and localhost, with its key, as PEM
/// files in a fresh temporary directory that is removed with this object.
class TlsIdentity {
 public:
  TlsIdentity();
  ~TlsIdentity();
  TlsIdentity(const TlsIdentity&) = delete;
  TlsIdentity& operator=(const TlsIdentity&) = delete;

  const std::string& certificate_file() const { return certificate_file_; }
  const std::string& private_key_file() const { return private_key_file_; }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  std::string certificate_file_;
  std::string private_key_file_;
};

}  // namespace tandem::testing
