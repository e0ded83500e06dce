#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tandem::channel {

/// Why a channel hung up: a Q.850 cause value (ITU-T Q.850, as ISUP and Asterisk carry
/// it). The names are FreeSWITCH's (switch_call_cause_t).
enum class HangupCause : uint8_t {
  none = 0,
  unallocated_number = 1,
  no_route_transit_net = 2,
  no_route_destination = 3,
  channel_unacceptable = 6,
  normal_clearing = 16,
  user_busy = 17,
  no_user_response = 18,
  no_answer = 19,
  subscriber_absent = 20,
  call_rejected = 21,
  number_changed = 22,
  redirection_to_new_destination = 23,
  exchange_routing_error = 25,
  answered_elsewhere = 26,  // Q.850 "non-selected user clearing"
  destination_out_of_order = 27,
  invalid_number_format = 28,
  facility_rejected = 29,
  normal_unspecified = 31,
  normal_circuit_congestion = 34,
  network_out_of_order = 38,
  normal_temporary_failure = 41,
  switch_congestion = 42,
  requested_chan_unavail = 44,
  resource_unavailable = 47,
  incoming_call_barred = 55,
  bearercapability_notauth = 57,
  bearercapability_notavail = 58,
  service_unavailable = 63,
  bearercapability_notimpl = 65,
  chan_not_implemented = 66,
  service_not_implemented = 79,
  incompatible_destination = 88,
  wrong_call_state = 101,
  recovery_on_timer_expire = 102,
  protocol_error = 111,
  interworking = 127,
};

/// "NORMAL_CLEARING", "USER_BUSY", ...; nothing for a value not in the enum.
std::optional<std::string_view> cause_name(HangupCause cause);
/// A cause by name ("USER_BUSY") or by number ("17"), as dialplans write it.
std::optional<HangupCause> parse_cause(std::string_view text);

/// The final SIP response that rejects an unanswered INVITE for `cause` (RFC 3398
/// section 7.2.4.1). NORMAL_CLEARING has no response of its own there (a call that is
/// cleared normally ends with BYE or CANCEL); Tandem answers 480 for it, as FreeSWITCH
/// does, and 480 for any cause without a row.
int sip_status_for(HangupCause cause);

/// The cause of a failed call attempt that got final response `status` (RFC 3398
/// section 8.2.6.1); statuses without a row get INTERWORKING (4xx, 6xx) or
/// NORMAL_TEMPORARY_FAILURE (5xx).
HangupCause cause_for_sip_status(int status);

}  // namespace tandem::channel
