#include "services/signaling/request_router.hpp"

#include "libs/sip/chars.hpp"
#include "libs/sip/header_values.hpp"
#include "libs/sip/response_builder.hpp"
#include "services/signaling/channel_actor.hpp"

namespace tandem::signaling {

RequestRouter::RequestRouter(Registrar& registrar, sip::TransactionLayer& transactions,
                             Calls& calls, LateForks& late_forks, CallStarter start_call)
    : registrar_(registrar),
      transactions_(transactions),
      calls_(calls),
      late_forks_(late_forks),
      start_call_(std::move(start_call)) {}

bool RequestRouter::in_dialog(const std::optional<sip::ServerTransactionId>& transaction,
                              const sip::SipMessage& request, const sip::TransportAddress& source) {
  const auto dialog = sip::dialog_id_of_request(request);
  if (!dialog) return false;
  const caf::actor channel = calls_.by_dialog(*dialog);
  if (!channel) return false;
  switch (request.method()) {
    case sip::Method::ack:
      caf::anon_send(channel, in_dialog_atom::value, sip::ServerTransactionId{}, request);
      return true;
    case sip::Method::bye:
    case sip::Method::invite:
    case sip::Method::info:
      if (transaction) caf::anon_send(channel, in_dialog_atom::value, *transaction, request);
      return true;
    default:
      // Other requests inside the dialog (OPTIONS, UPDATE without an offer...) are taken.
      if (transaction) answer(*transaction, request, source, 200);
      return true;
  }
}

void RequestRouter::on_response(const sip::ClientTransactionId& transaction,
                                const sip::SipMessage& response) {
  if (const caf::actor leg = calls_.by_invite(transaction.key)) {
    caf::anon_send(leg, response_atom::value, response);
  } else {
    late_forks_.on_response(transaction.key, response);
  }
}

void RequestRouter::on_timeout(const sip::ClientTransactionId& transaction) {
  if (const caf::actor leg = calls_.by_invite(transaction.key))
    caf::anon_send(leg, timeout_atom::value);
}

void RequestRouter::answer(const sip::ServerTransactionId& transaction,
                           const sip::SipMessage& request, const sip::TransportAddress& source,
                           int status,
                           const std::vector<std::pair<std::string_view, std::string>>& headers) {
  auto response = sip::make_response(request, {source.ip, source.port}, status,
                                     sip::reason_phrase(status), sip::random_token());
  for (const auto& [name, value] : headers) response.add(name, value);
  transactions_.respond(transaction, response);
}

std::vector<std::string> RequestRouter::unsupported(const sip::SipMessage& request) const {
  std::vector<std::string> tags;
  for (const auto& header : request.headers()) {
    if (header.id != sip::HeaderId::require) continue;
    auto values = sip::split_values(header.value);
    if (!values) continue;
    for (const auto& tag : values.value()) {
      if (!sip::chars::iequals(tag, kSupported)) tags.emplace_back(tag);
    }
  }
  return tags;
}

void RequestRouter::on_request(const std::optional<sip::ServerTransactionId>& transaction,
                               const sip::SipMessage& request, const sip::RequestInfo& info,
                               const sip::TransportAddress& source) {
  // An ACK outside a transaction acknowledges the 2xx of a dialog.
  if (!transaction) {
    if (request.method() == sip::Method::ack) in_dialog(transaction, request, source);
    return;
  }
  const auto& id = *transaction;
  const auto method = request.method();
  if (method == sip::Method::unknown) return answer(id, request, source, 501, {{"Allow", kAllow}});
  if (method != sip::Method::cancel) {
    if (auto tags = unsupported(request); !tags.empty()) {
      std::string list;
      for (const auto& tag : tags) list += (list.empty() ? "" : ", ") + tag;
      return answer(id, request, source, 420, {{"Unsupported", list}});
    }
  }
  switch (method) {
    case sip::Method::register_: return registrar_.handle(id, request, info, source);
    case sip::Method::options:
      return answer(id, request, source, 200,
                    {{"Allow", kAllow}, {"Accept", "application/sdp"}, {"Supported", kSupported}});
    case sip::Method::cancel: {
      const auto invite = transactions_.invite_for_cancel(request, info);
      answer(id, request, source, invite ? 200 : 481);
      if (invite) {
        if (const caf::actor channel = calls_.by_invite(invite->key))
          caf::anon_send(channel, cancel_atom::value);
      }
      return;
    }
    default: break;
  }
  if (!sip::tag_of(info.to).empty()) {
    if (!in_dialog(transaction, request, source)) answer(id, request, source, 481);
    return;
  }
  if (method == sip::Method::invite) return start_call_(id, request, info, source);
  answer(id, request, source, 405, {{"Allow", kAllow}});
}

}  // namespace tandem::signaling
