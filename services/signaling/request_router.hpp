#pragma once

#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/registrar.hpp"

namespace tandem::signaling {

/// The transaction user of a signaling node: sends each new request where it belongs.
/// REGISTER goes to the registrar; OPTIONS is answered 200 with what we allow, accept and
/// support; a CANCEL 200 or 481 (RFC 3261 9.2); an unknown method 501 and a method not
/// served yet 405, both with Allow; a request inside a dialog we do not have 481; a Require
/// we do not support 420 with Unsupported (RFC 3261 8.2.2.3).
class RequestRouter final : public sip::TransactionUser {
 public:
  static constexpr const char* kAllow = "REGISTER, OPTIONS, CANCEL";
  static constexpr const char* kSupported = "path";

  RequestRouter(Registrar& registrar, sip::TransactionLayer& transactions);

  void on_request(const std::optional<sip::ServerTransactionId>& transaction,
                  const sip::SipMessage& request, const sip::RequestInfo& info,
                  const sip::TransportAddress& source) override;
  void on_response(const sip::ClientTransactionId&, const sip::SipMessage&) override {}
  void on_timeout(const sip::ClientTransactionId&) override {}

 private:
  void answer(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
              const sip::TransportAddress& source, int status,
              const std::vector<std::pair<std::string_view, std::string>>& headers = {});
  std::vector<std::string> unsupported(const sip::SipMessage& request) const;

  Registrar& registrar_;
  sip::TransactionLayer& transactions_;
};

}  // namespace tandem::signaling
