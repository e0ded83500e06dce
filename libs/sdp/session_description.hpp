#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"

namespace tandem::sdp {

/// RFC 3264 media direction attributes.
enum class Direction { sendrecv, sendonly, recvonly, inactive };

std::string_view direction_name(Direction direction);

/// a=rtpmap:<payload type> <encoding>/<clock rate>[/<channels>]
struct Rtpmap {
  std::string encoding;
  uint32_t clock_rate = 0;
  uint32_t channels = 1;
};

/// One m= section and its attributes.
struct MediaDescription {
  std::string media;                              // "audio", "video", ...
  uint16_t port = 0;                              // 0: the stream is rejected or disabled
  std::string protocol;                           // "RTP/AVP", "RTP/SAVP", ...
  std::vector<std::string> formats;               // payload type numbers for RTP, as written
  std::optional<std::string> connection_address;  // a c= line inside the section
  std::map<int, Rtpmap> rtpmaps;
  std::map<int, std::string> fmtps;
  std::optional<Direction> direction;
  bool rtcp_mux = false;                      // a=rtcp-mux (RFC 5761)
  std::optional<uint16_t> rtcp_port;          // a=rtcp:<port> (RFC 3605)
  std::optional<uint32_t> ptime;              // a=ptime:<milliseconds>
  std::vector<std::string> other_attributes;  // every other a= line, after "a="
};

/// o=<username> <session id> <version> IN <IP4|IP6> <address>
struct Origin {
  std::string username = "-";
  std::string session_id = "0";
  std::string session_version = "0";
  std::string address_type = "IP4";
  std::string address = "127.0.0.1";
};

/// A session description (RFC 8866): what Tandem reads of an offer or answer and writes
/// in its own. Lines it does not use (i=, b=, k=, ...) are accepted and not kept.
struct SessionDescription {
  Origin origin;
  std::string session_name = "-";
  std::optional<std::string> connection_address;  // the session-level c= line
  std::string connection_address_type = "IP4";
  std::optional<Direction> direction;  // a session-level direction
  std::string timing = "0 0";
  std::vector<MediaDescription> media;

  /// The address a media section's packets go to: its own c= line, else the session's.
  std::optional<std::string> address_of(const MediaDescription& media) const;
  /// The direction that holds for a media section: its own, else the session's, else
  /// sendrecv.
  Direction direction_of(const MediaDescription& media) const;
};

/// Parses an SDP body (CRLF or LF line ends). What cannot be used is refused with the
/// line number and the reason: a missing v=0, o=, s= or t= line, a malformed c= or m=
/// line, a port or payload type out of range, a line that is not "<letter>=<value>".
Result<SessionDescription> parse(std::string_view text);

/// Writes a session description with CRLF line ends, in RFC 8866's order.
std::string format(const SessionDescription& description);

}  // namespace tandem::sdp
