#pragma once

#include <functional>

#include "libs/sip/transaction/transaction_layer.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/calls.hpp"
#include "services/signaling/late_forks.hpp"
#include "services/signaling/registrar.hpp"

namespace tandem::signaling {

/// The transaction user of a signaling node: sends each new request where it belongs.
/// REGISTER goes to the registrar; a new INVITE starts a call; ACK, BYE and a re-INVITE go
/// to the call whose dialog they name, a CANCEL to the call of its INVITE (answered 200,
/// or 481 when there is none, RFC 3261 9.2); OPTIONS is answered 200 with what we allow,
/// accept and support; INFO in a dialog 200; an unknown method 501 and a method not served
/// yet 405, both with Allow; a request inside a dialog we do not have 481; a Require we do
/// not support 420 with Unsupported (RFC 3261 8.2.2.3).
class RequestRouter final : public sip::TransactionUser {
 public:
  static constexpr const char* kAllow = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REGISTER";
  static constexpr const char* kSupported = "path";

  /// Starts a call for a new INVITE (authenticates it, spawns its channel).
  using CallStarter = std::function<void(const sip::ServerTransactionId&, const sip::SipMessage&,
                                         const sip::RequestInfo&, const sip::TransportAddress&)>;

  RequestRouter(Registrar& registrar, sip::TransactionLayer& transactions, Calls& calls,
                LateForks& late_forks, CallStarter start_call);

  void on_request(const std::optional<sip::ServerTransactionId>& transaction,
                  const sip::SipMessage& request, const sip::RequestInfo& info,
                  const sip::TransportAddress& source) override;
  /// Responses to an INVITE a Dial leg sent go to that leg; others (to a BYE or CANCEL)
  /// need nothing more.
  void on_response(const sip::ClientTransactionId& transaction,
                   const sip::SipMessage& response) override;
  void on_timeout(const sip::ClientTransactionId& transaction) override;

 private:
  void answer(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
              const sip::TransportAddress& source, int status,
              const std::vector<std::pair<std::string_view, std::string>>& headers = {});
  std::vector<std::string> unsupported(const sip::SipMessage& request) const;

  /// ACK, BYE, re-INVITE and INFO inside a dialog; false when the dialog is unknown.
  bool in_dialog(const std::optional<sip::ServerTransactionId>& transaction,
                 const sip::SipMessage& request, const sip::TransportAddress& source);

  Registrar& registrar_;
  sip::TransactionLayer& transactions_;
  Calls& calls_;
  LateForks& late_forks_;
  CallStarter start_call_;
};

}  // namespace tandem::signaling
