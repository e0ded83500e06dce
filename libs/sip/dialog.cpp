#include "libs/sip/dialog.hpp"

#include <algorithm>

#include "libs/sip/contact.hpp"
#include "libs/sip/cseq.hpp"
#include "libs/sip/name_addr.hpp"

namespace tandem::sip {
namespace {

/// Every value of every line of a header, in order.
Result<std::vector<std::string>> all_values(const SipMessage& message, HeaderId id) {
  std::vector<std::string> out;
  for (const auto& field : message.headers()) {
    if (field.id != id) continue;
    auto values = split_values(field.value);
    if (!values) return values.failure();
    for (const auto value : values.value()) out.emplace_back(value);
  }
  return out;
}

Result<NameAddr> party(const SipMessage& message, HeaderId id, const char* name) {
  auto address = parse_name_addr(message.value(id));
  if (!address) return invalid_argument(std::string(name) + ": " + address.failure().message);
  return address;
}

/// The first Contact's URI, or nothing when there is no Contact.
Result<std::optional<std::string>> contact_uri(const SipMessage& message) {
  if (message.count(HeaderId::contact) == 0) return std::optional<std::string>{};
  auto contacts = parse_contacts(message);
  if (!contacts) return invalid_argument("Contact: " + contacts.failure().message);
  if (contacts.value().wildcard || contacts.value().contacts.empty())
    return invalid_argument("Contact: a dialog needs one URI, not '*'");
  return std::optional<std::string>(
      std::string(contacts.value().contacts.front().address.uri_text));
}

bool loose_router(std::string_view route) {
  auto address = parse_name_addr(route);
  if (!address) return true;  // an unreadable route is passed on as written
  auto params = parse_params(address.value().uri.params);
  return params && find_param(params.value(), "lr") != nullptr;
}

std::string uri_of(std::string_view route) {
  auto address = parse_name_addr(route);
  return address ? std::string(address.value().uri_text) : std::string(route);
}

}  // namespace

std::optional<DialogId> dialog_id_of_request(const SipMessage& request) {
  auto to = parse_name_addr(request.value(HeaderId::to));
  auto from = parse_name_addr(request.value(HeaderId::from));
  if (!to || !from || tag_of(to.value()).empty()) return std::nullopt;
  return DialogId{std::string(request.value(HeaderId::call_id)), std::string(tag_of(to.value())),
                  std::string(tag_of(from.value()))};
}

Result<Dialog> Dialog::as_uas(const SipMessage& invite, std::string local_tag,
                              std::string local_contact) {
  Dialog dialog;
  dialog.id_.call_id = std::string(invite.value(HeaderId::call_id));
  if (dialog.id_.call_id.empty()) return invalid_argument("Call-ID: missing");
  auto from = party(invite, HeaderId::from, "From");
  if (!from) return from.failure();
  auto to = party(invite, HeaderId::to, "To");
  if (!to) return to.failure();
  if (!tag_of(to.value()).empty()) return invalid_argument("To: already has a tag");
  dialog.id_.remote_tag = std::string(tag_of(from.value()));
  dialog.id_.local_tag = std::move(local_tag);
  dialog.remote_uri_ = std::string(invite.value(HeaderId::from));
  dialog.local_uri_ = std::string(invite.value(HeaderId::to)) + ";tag=" + dialog.id_.local_tag;
  auto target = contact_uri(invite);
  if (!target) return target.failure();
  if (!target.value()) return invalid_argument("Contact: an INVITE must have one");
  dialog.remote_target_ = *target.value();
  auto routes = all_values(invite, HeaderId::record_route);
  if (!routes) return invalid_argument("Record-Route: " + routes.failure().message);
  dialog.route_set_ = std::move(routes).value();
  auto cseq = parse_cseq(invite.value(HeaderId::cseq));
  if (!cseq) return invalid_argument("CSeq: " + cseq.failure().message);
  dialog.remote_sequence_ = cseq.value().number;
  dialog.local_contact_ = std::move(local_contact);
  return dialog;
}

Result<Dialog> Dialog::as_uac(const SipMessage& invite, const SipMessage& response,
                              std::string local_contact) {
  Dialog dialog;
  dialog.id_.call_id = std::string(invite.value(HeaderId::call_id));
  auto from = party(invite, HeaderId::from, "From");
  if (!from) return from.failure();
  auto to = party(response, HeaderId::to, "To");
  if (!to) return to.failure();
  dialog.id_.local_tag = std::string(tag_of(from.value()));
  dialog.id_.remote_tag = std::string(tag_of(to.value()));
  if (dialog.id_.remote_tag.empty()) return invalid_argument("To: the response has no tag");
  dialog.local_uri_ = std::string(invite.value(HeaderId::from));
  dialog.remote_uri_ = std::string(response.value(HeaderId::to));
  auto target = contact_uri(response);
  if (!target) return target.failure();
  dialog.remote_target_ = target.value() ? *target.value() : std::string(invite.request_uri());
  auto routes = all_values(response, HeaderId::record_route);
  if (!routes) return invalid_argument("Record-Route: " + routes.failure().message);
  dialog.route_set_ = std::move(routes).value();
  std::reverse(dialog.route_set_.begin(), dialog.route_set_.end());
  auto cseq = parse_cseq(invite.value(HeaderId::cseq));
  if (!cseq) return invalid_argument("CSeq: " + cseq.failure().message);
  dialog.local_sequence_ = cseq.value().number;
  dialog.local_contact_ = std::move(local_contact);
  return dialog;
}

Result<Dialog> Dialog::forked_by(const SipMessage& response) const {
  Dialog dialog = *this;
  auto to = party(response, HeaderId::to, "To");
  if (!to) return to.failure();
  dialog.id_.remote_tag = std::string(tag_of(to.value()));
  if (dialog.id_.remote_tag.empty()) return invalid_argument("To: the response has no tag");
  dialog.remote_uri_ = std::string(response.value(HeaderId::to));
  auto target = contact_uri(response);
  if (!target) return target.failure();
  if (target.value()) dialog.remote_target_ = *target.value();
  auto routes = all_values(response, HeaderId::record_route);
  if (!routes) return invalid_argument("Record-Route: " + routes.failure().message);
  dialog.route_set_ = std::move(routes).value();
  std::reverse(dialog.route_set_.begin(), dialog.route_set_.end());
  dialog.remote_sequence_.reset();
  return dialog;
}

Result<Done> Dialog::receive(const SipMessage& request) {
  auto cseq = parse_cseq(request.value(HeaderId::cseq));
  if (!cseq) return invalid_argument("CSeq: " + cseq.failure().message);
  if (request.method() == Method::ack || request.method() == Method::cancel) return Done{};
  if (remote_sequence_ && cseq.value().number <= *remote_sequence_) {
    return Failure{ErrorCode::failed_precondition,
                   "CSeq " + std::to_string(cseq.value().number) + " is not above " +
                       std::to_string(*remote_sequence_) + ", the last in this dialog"};
  }
  if (request.method() == Method::invite) {
    auto target = contact_uri(request);
    if (!target) return target.failure();
    if (target.value()) remote_target_ = *target.value();
  }
  remote_sequence_ = cseq.value().number;
  return Done{};
}

OutgoingMessage Dialog::request(std::string_view method, std::string_view via) {
  return build(method, ++local_sequence_, via);
}

OutgoingMessage Dialog::ack(uint32_t invite_sequence, std::string_view via) const {
  return build("ACK", invite_sequence, via);
}

OutgoingMessage Dialog::build(std::string_view method, uint32_t sequence,
                              std::string_view via) const {
  const bool strict = !route_set_.empty() && !loose_router(route_set_.front());
  auto message =
      OutgoingMessage::request(method, strict ? uri_of(route_set_.front()) : remote_target_);
  message.add("Via", via);
  message.add("Max-Forwards", "70");
  for (size_t i = strict ? 1 : 0; i < route_set_.size(); ++i) message.add("Route", route_set_[i]);
  if (strict) message.add("Route", "<" + remote_target_ + ">");
  message.add("From", local_uri_);
  message.add("To", remote_uri_);
  message.add("Call-ID", id_.call_id);
  message.add("CSeq", std::to_string(sequence) + " " + std::string(method));
  if (method == "INVITE" || method == "UPDATE") message.add("Contact", local_contact_);
  return message;
}

}  // namespace tandem::sip
