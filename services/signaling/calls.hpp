#pragma once

#include <caf/all.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "libs/sip/dialog.hpp"

namespace tandem::signaling {

/// The live calls of this node, found by what SIP messages name: the INVITE's server
/// transaction until the answer (CANCEL), the dialog after (ACK, BYE, INFO). Transport
/// threads look up; channel actors add and remove themselves. Thread-safe.
class Calls {
 public:
  void add_invite(const std::string& transaction_key, const caf::actor& channel);
  void add_dialog(const sip::DialogId& dialog, const caf::actor& channel);
  /// By the channel's UniqueID, which its media endpoints carry as their call id.
  void add_channel(const std::string& unique_id, const caf::actor& channel);
  caf::actor by_channel(const std::string& unique_id) const;
  /// Forgets an INVITE transaction's entry (the INVITE is over; the call goes on).
  void forget_invite(const std::string& transaction_key);
  /// Forgets a call's entries (it is ending).
  void remove(const std::string& transaction_key, const std::optional<sip::DialogId>& dialog,
              const std::string& unique_id);

  caf::actor by_invite(const std::string& transaction_key) const;
  caf::actor by_dialog(const sip::DialogId& dialog) const;
  size_t active() const;
  /// Every live channel, once each.
  std::vector<caf::actor> all() const;

 private:
  static std::string key_of(const sip::DialogId& dialog);

  mutable std::mutex mutex_;
  std::map<std::string, caf::actor> invites_;
  std::map<std::string, caf::actor> dialogs_;
  std::map<std::string, caf::actor> channels_;
};

}  // namespace tandem::signaling
