#include "libs/sip/contact.hpp"

#include <charconv>

#include "libs/sip/cseq.hpp"

namespace tandem::sip {
namespace {

Result<std::optional<double>> q_of(const NameAddr& address) {
  const Param* q = find_param(address.params, "q");
  if (q == nullptr) return std::optional<double>{};
  double value = -1;
  const auto text = q->value;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0.0 || value > 1.0) {
    return invalid_argument("q must be from 0 to 1");
  }
  return std::optional<double>(value);
}

Result<Done> contact_of(std::string_view text, ContactValue& contact) {
  if (auto ok = parse_name_addr(text, contact.address); !ok) return ok;
  auto q = q_of(contact.address);
  if (!q) return q.failure();
  contact.q = q.value();
  if (const Param* expires = find_param(contact.address.params, "expires")) {
    if (auto value = parse_decimal(expires->value, 0xffffffffu)) contact.expires = value.value();
  }
  if (const Param* instance = find_param(contact.address.params, "+sip.instance")) {
    auto value = instance->value;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    contact.instance = value;
  }
  if (const Param* reg_id = find_param(contact.address.params, "reg-id")) {
    auto value = parse_decimal(reg_id->value, 0x7fffffff);
    if (!value || value.value() == 0) return invalid_argument("reg-id must be 1 to 2**31-1");
    contact.reg_id = value.value();
  }
  return Done{};
}

Result<Done> append_contacts(std::string_view header_value, ContactList& list) {
  auto values = split_values(header_value);
  if (!values) return values.failure();
  for (const auto& text : values.value()) {
    if (text == "*") {
      list.wildcard = true;
      continue;
    }
    if (auto ok = contact_of(text, list.contacts.emplace_back()); !ok) return ok;
  }
  return Done{};
}

Result<ContactList> checked(ContactList list) {
  if (list.wildcard && !list.contacts.empty()) {
    return invalid_argument("'*' must be the only Contact");
  }
  return list;
}

}  // namespace

Result<ContactList> parse_contacts(const std::vector<std::string_view>& header_values) {
  ContactList list;
  for (const auto& header_value : header_values) {
    if (auto ok = append_contacts(header_value, list); !ok) return ok.failure();
  }
  return checked(std::move(list));
}

Result<ContactList> parse_contacts(const SipMessage& message) {
  ContactList list;
  for (const auto& header : message.headers()) {
    if (header.id != HeaderId::contact) continue;
    if (auto ok = append_contacts(header.value, list); !ok) return ok.failure();
  }
  return checked(std::move(list));
}

}  // namespace tandem::sip
