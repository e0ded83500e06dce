#include "services/signaling/channel/hangup_cause.hpp"

#include <charconv>
#include <utility>

namespace tandem::channel {
namespace {

using C = HangupCause;

constexpr std::pair<C, std::string_view> kNames[] = {
    {C::none, "NONE"},
    {C::unallocated_number, "UNALLOCATED_NUMBER"},
    {C::no_route_transit_net, "NO_ROUTE_TRANSIT_NET"},
    {C::no_route_destination, "NO_ROUTE_DESTINATION"},
    {C::channel_unacceptable, "CHANNEL_UNACCEPTABLE"},
    {C::normal_clearing, "NORMAL_CLEARING"},
    {C::user_busy, "USER_BUSY"},
    {C::no_user_response, "NO_USER_RESPONSE"},
    {C::no_answer, "NO_ANSWER"},
    {C::subscriber_absent, "SUBSCRIBER_ABSENT"},
    {C::call_rejected, "CALL_REJECTED"},
    {C::number_changed, "NUMBER_CHANGED"},
    {C::redirection_to_new_destination, "REDIRECTION_TO_NEW_DESTINATION"},
    {C::exchange_routing_error, "EXCHANGE_ROUTING_ERROR"},
    {C::answered_elsewhere, "ANSWERED_ELSEWHERE"},
    {C::destination_out_of_order, "DESTINATION_OUT_OF_ORDER"},
    {C::invalid_number_format, "INVALID_NUMBER_FORMAT"},
    {C::facility_rejected, "FACILITY_REJECTED"},
    {C::normal_unspecified, "NORMAL_UNSPECIFIED"},
    {C::normal_circuit_congestion, "NORMAL_CIRCUIT_CONGESTION"},
    {C::network_out_of_order, "NETWORK_OUT_OF_ORDER"},
    {C::normal_temporary_failure, "NORMAL_TEMPORARY_FAILURE"},
    {C::switch_congestion, "SWITCH_CONGESTION"},
    {C::requested_chan_unavail, "REQUESTED_CHAN_UNAVAIL"},
    {C::resource_unavailable, "RESOURCE_UNAVAILABLE"},
    {C::incoming_call_barred, "INCOMING_CALL_BARRED"},
    {C::bearercapability_notauth, "BEARERCAPABILITY_NOTAUTH"},
    {C::bearercapability_notavail, "BEARERCAPABILITY_NOTAVAIL"},
    {C::service_unavailable, "SERVICE_UNAVAILABLE"},
    {C::bearercapability_notimpl, "BEARERCAPABILITY_NOTIMPL"},
    {C::chan_not_implemented, "CHAN_NOT_IMPLEMENTED"},
    {C::service_not_implemented, "SERVICE_NOT_IMPLEMENTED"},
    {C::incompatible_destination, "INCOMPATIBLE_DESTINATION"},
    {C::wrong_call_state, "WRONG_CALL_STATE"},
    {C::recovery_on_timer_expire, "RECOVERY_ON_TIMER_EXPIRE"},
    {C::protocol_error, "PROTOCOL_ERROR"},
    {C::interworking, "INTERWORKING"},
};

// RFC 3398 section 7.2.4.1: ISUP cause -> SIP response.
constexpr std::pair<C, int> kCauseToSip[] = {
    {C::unallocated_number, 404},
    {C::no_route_transit_net, 404},
    {C::no_route_destination, 404},
    {C::user_busy, 486},
    {C::no_user_response, 408},
    {C::no_answer, 480},
    {C::subscriber_absent, 480},
    {C::call_rejected, 403},
    {C::number_changed, 410},
    {C::redirection_to_new_destination, 410},
    {C::answered_elsewhere, 404},
    {C::destination_out_of_order, 502},
    {C::invalid_number_format, 484},
    {C::facility_rejected, 501},
    {C::normal_unspecified, 480},
    {C::normal_circuit_congestion, 503},
    {C::network_out_of_order, 503},
    {C::normal_temporary_failure, 503},
    {C::switch_congestion, 503},
    {C::resource_unavailable, 503},
    {C::incoming_call_barred, 403},
    {C::bearercapability_notauth, 403},
    {C::bearercapability_notavail, 503},
    {C::bearercapability_notimpl, 488},
    {C::service_not_implemented, 501},
    {C::incompatible_destination, 503},
    {C::recovery_on_timer_expire, 504},
    {C::protocol_error, 500},
    {C::interworking, 500},
    {C::normal_clearing, 480},
    {C::requested_chan_unavail, 503},
    {C::service_unavailable, 503},
    {C::chan_not_implemented, 503},
};

// RFC 3398 section 8.2.6.1: SIP response -> ISUP cause.
constexpr std::pair<int, C> kSipToCause[] = {
    {400, C::normal_temporary_failure},
    {401, C::call_rejected},
    {402, C::call_rejected},
    {403, C::call_rejected},
    {404, C::unallocated_number},
    {405, C::service_unavailable},
    {406, C::service_not_implemented},
    {407, C::call_rejected},
    {408, C::recovery_on_timer_expire},
    {410, C::number_changed},
    {413, C::interworking},
    {414, C::interworking},
    {415, C::service_not_implemented},
    {416, C::interworking},
    {420, C::interworking},
    {421, C::interworking},
    {423, C::interworking},
    {480, C::no_user_response},
    {481, C::normal_temporary_failure},
    {482, C::exchange_routing_error},
    {483, C::exchange_routing_error},
    {484, C::invalid_number_format},
    {485, C::unallocated_number},
    {486, C::user_busy},
    {500, C::normal_temporary_failure},
    {501, C::service_not_implemented},
    {502, C::network_out_of_order},
    {503, C::normal_temporary_failure},
    {504, C::recovery_on_timer_expire},
    {505, C::interworking},
    {513, C::interworking},
    {600, C::user_busy},
    {603, C::call_rejected},
    {604, C::unallocated_number},
    {606, C::interworking},
};

}  // namespace

std::optional<std::string_view> cause_name(HangupCause cause) {
  for (const auto& [value, name] : kNames) {
    if (value == cause) return name;
  }
  return std::nullopt;
}

std::optional<HangupCause> parse_cause(std::string_view text) {
  int number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc() && end == text.data() + text.size() && !text.empty()) {
    const auto cause = static_cast<HangupCause>(number);
    if (number >= 0 && number <= 127 && cause_name(cause)) return cause;
    return std::nullopt;
  }
  for (const auto& [value, name] : kNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

int sip_status_for(HangupCause cause) {
  for (const auto& [value, status] : kCauseToSip) {
    if (value == cause) return status;
  }
  return 480;
}

HangupCause cause_for_sip_status(int status) {
  for (const auto& [code, cause] : kSipToCause) {
    if (code == status) return cause;
  }
  return status >= 500 && status < 600 ? HangupCause::normal_temporary_failure
                                       : HangupCause::interworking;
}

}  // namespace tandem::channel
