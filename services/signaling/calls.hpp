#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libs/sip/dialog.hpp"

namespace tandem::signaling {

/// The live calls of this node, found by what SIP messages name: the INVITE's server
/// transaction until the answer (CANCEL), the dialog after (ACK, BYE, INFO). Transport
/// threads look up; channel actors add and remove themselves. Thread-safe.
class Calls {
 public:
  Calls();
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
  /// Tables hold a 64-bit hash of each key, not the key: a held call costs a few dozen
  /// bytes per entry instead of a node and a copy of its Call-ID and tags. The hash is
  /// seeded at random per node, so that which keys collide cannot be worked out offline;
  /// two keys of live calls colliding by chance is a 2^-64 event per pair, and naming
  /// another call's dialog takes knowing its random Call-ID and tags anyway.
  using Key = uint64_t;
  Key key_of(const sip::DialogId& dialog) const;
  Key key_of(std::string_view text) const;

  const uint64_t seed_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, caf::actor> invites_;
  std::unordered_map<Key, caf::actor> dialogs_;
  std::unordered_map<Key, caf::actor> channels_;
};

}  // namespace tandem::signaling
