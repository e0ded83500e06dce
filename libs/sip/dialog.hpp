#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libs/common/result.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/outgoing_message.hpp"

namespace tandem::sip {

/// What names a dialog at one end (RFC 3261 12): the Call-ID and both tags, ours first.
struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  bool operator==(const DialogId&) const = default;
};

/// The dialog id an in-dialog request names, as its receiver sees it: the To tag is the
/// receiver's, the From tag the sender's. Nothing when the request has no To tag (it is
/// not inside a dialog).
std::optional<DialogId> dialog_id_of_request(const SipMessage& request);

/// One end of an INVITE dialog (RFC 3261 12 to 14): the state that builds requests inside
/// it and checks the requests that arrive in it. Plain data and rules; the owner (a SIP
/// channel) keeps one per leg.
class Dialog {
 public:
  /// The dialog a UAS forms by answering `invite` with a response carrying `local_tag`
  /// (12.1.1): the route set is the Record-Route values in order, the remote target the
  /// Contact, the remote sequence the INVITE's CSeq. `local_contact` goes in what we send.
  static Result<Dialog> as_uas(const SipMessage& invite, std::string local_tag,
                               std::string local_contact);
  /// The dialog a UAC forms from a response with a To tag to the INVITE it sent (12.1.2):
  /// the route set is the response's Record-Route values reversed, the remote target its
  /// Contact, the local sequence the INVITE's CSeq.
  static Result<Dialog> as_uac(const SipMessage& invite, const SipMessage& response,
                               std::string local_contact);

  /// The dialog another 2xx to the same INVITE forms, with a To tag of its own (a forking
  /// proxy, 13.2.2.4): this one's Call-ID, local tag, URIs and sequence, with the remote
  /// tag, target and route set of `response`.
  Result<Dialog> forked_by(const SipMessage& response) const;

  const DialogId& id() const { return id_; }
  const std::string& remote_target() const { return remote_target_; }
  const std::vector<std::string>& route_set() const { return route_set_; }
  uint32_t local_sequence() const { return local_sequence_; }
  std::optional<uint32_t> remote_sequence() const { return remote_sequence_; }

  /// Checks a request that arrived in this dialog (12.2.2): one whose CSeq is lower than
  /// the last one seen is refused with 500; ACK and CANCEL carry their INVITE's number and
  /// are let through. A re-INVITE's Contact becomes the new remote target (12.2.2).
  Result<Done> receive(const SipMessage& request);

  /// A new request in the dialog (12.2.1.1) with the next CSeq, and `via` (with a fresh
  /// branch) on top: Request-URI the remote target and the route set as Route headers, or,
  /// when the first route is a strict router (no ;lr), that route as Request-URI and the
  /// remote target as the last Route.
  OutgoingMessage request(std::string_view method, std::string_view via);
  /// The ACK for a 2xx to the INVITE with CSeq `invite_sequence` (13.2.2.4): built like a
  /// request, with the INVITE's number.
  OutgoingMessage ack(uint32_t invite_sequence, std::string_view via) const;

 private:
  OutgoingMessage build(std::string_view method, uint32_t sequence, std::string_view via) const;

  DialogId id_;
  std::string local_uri_;   // our From/To value, without the tag
  std::string remote_uri_;  // theirs
  std::string local_contact_;
  std::string remote_target_;
  std::vector<std::string> route_set_;
  uint32_t local_sequence_ = 0;
  std::optional<uint32_t> remote_sequence_;
};

}  // namespace tandem::sip
