#include "libs/sip/transport/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tandem::sip {
namespace {

namespace ssl = boost::asio::ssl;

std::string openssl_reason(const boost::system::error_code& ec) {
  const unsigned long code = ERR_peek_last_error();
  std::string reason = ec ? ec.message() : std::string();
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason = text;
  }
  ERR_clear_error();
  return reason;
}

}  // namespace

Result<std::unique_ptr<ssl::context>> make_server_tls_context(const std::string& certificate_file,
                                                              const std::string& private_key_file) {
  if (certificate_file.empty() || private_key_file.empty()) {
    return invalid_argument("TLS needs both a certificate chain and a private key (PEM files)");
  }
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate_file, ec);
  if (ec) {
    return invalid_argument("cannot use the TLS certificate chain " + certificate_file + ": " +
                            openssl_reason(ec));
  }
  context->use_private_key_file(private_key_file, ssl::context::pem, ec);
  // Asio carries OpenSSL's packed error code in the error_code.
  if (ec && ec.category() == boost::asio::error::get_ssl_category() &&
      ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH) {
    ERR_clear_error();
    return invalid_argument("the TLS private key " + private_key_file +
                            " does not belong to the certificate " + certificate_file);
  }
  if (ec) {
    return invalid_argument("cannot use the TLS private key " + private_key_file + ": " +
                            openssl_reason(ec));
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return invalid_argument("the TLS private key " + private_key_file +
                            " does not belong to the certificate " + certificate_file);
  }
  return context;
}

}  // namespace tandem::sip
