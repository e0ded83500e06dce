#include "libs/sip/message.hpp"

namespace tandem::sip {

const HeaderField* SipMessage::find(HeaderId id) const {
  for (const auto& header : headers_) {
    if (header.id == id) return &header;
  }
  return nullptr;
}

std::string_view SipMessage::value(HeaderId id) const {
  const HeaderField* header = find(id);
  return header != nullptr ? header->value : std::string_view{};
}

size_t SipMessage::count(HeaderId id) const {
  size_t n = 0;
  for (const auto& header : headers_) n += header.id == id ? 1 : 0;
  return n;
}

}  // namespace tandem::sip
