#include "services/signaling/request_router.hpp"

#include "libs/sip/chars.hpp"
#include "libs/sip/header_values.hpp"
#include "libs/sip/response_builder.hpp"

namespace tandem::signaling {

RequestRouter::RequestRouter(Registrar& registrar, sip::TransactionLayer& transactions)
    : registrar_(registrar), transactions_(transactions) {}

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
  // An ACK outside a transaction acknowledges a 2xx of a dialog; there are none yet.
  if (!transaction) return;
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
      const bool pending = transactions_.invite_for_cancel(request, info).has_value();
      return answer(id, request, source, pending ? 200 : 481);
    }
    default: break;
  }
  if (!sip::tag_of(info.to).empty()) return answer(id, request, source, 481);
  answer(id, request, source, 405, {{"Allow", kAllow}});
}

}  // namespace tandem::signaling
