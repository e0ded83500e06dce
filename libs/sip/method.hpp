#pragma once

#include <string_view>

namespace tandem::sip {

/// SIP request methods Tandem knows. Method names are case-sensitive (RFC 3261 7.1):
/// "register" and "RE%47IST%45R" are unknown methods, not REGISTER.
enum class Method : uint8_t {
  unknown,
  invite,
  ack,
  bye,
  cancel,
  options,
  register_,
  prack,
  subscribe,
  notify,
  publish,
  info,
  refer,
  message,
  update,
};

Method method_from(std::string_view token);
std::string_view to_string(Method method);

}  // namespace tandem::sip
