#include "libs/sip/method.hpp"

#include <array>
#include <utility>

namespace tandem::sip {
namespace {

constexpr std::array<std::pair<std::string_view, Method>, 14> kMethods{{
    {"INVITE", Method::invite},
    {"ACK", Method::ack},
    {"BYE", Method::bye},
    {"CANCEL", Method::cancel},
    {"OPTIONS", Method::options},
    {"REGISTER", Method::register_},
    {"PRACK", Method::prack},
    {"SUBSCRIBE", Method::subscribe},
    {"NOTIFY", Method::notify},
    {"PUBLISH", Method::publish},
    {"INFO", Method::info},
    {"REFER", Method::refer},
    {"MESSAGE", Method::message},
    {"UPDATE", Method::update},
}};

}  // namespace

Method method_from(std::string_view token) {
  for (const auto& [name, method] : kMethods) {
    if (name == token) return method;
  }
  return Method::unknown;
}

std::string_view to_string(Method method) {
  for (const auto& [name, known] : kMethods) {
    if (known == method) return name;
  }
  return "";
}

}  // namespace tandem::sip
