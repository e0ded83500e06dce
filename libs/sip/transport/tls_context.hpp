#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "libs/common/result.hpp"

namespace tandem::sip {

/// A TLS server context holding the certificate chain and private key from PEM files, TLS 1.2
/// and later only. The failure names the file and what is wrong with it.
Result<std::unique_ptr<boost::asio::ssl::context>> make_server_tls_context(
    const std::string& certificate_file, const std::string& private_key_file);

}  // namespace tandem::sip
