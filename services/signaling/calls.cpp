#include "services/signaling/calls.hpp"

#include <set>

namespace tandem::signaling {

std::string Calls::key_of(const sip::DialogId& dialog) {
  // Tags and Call-IDs hold no NUL: it separates them unambiguously.
  return dialog.call_id + '\0' + dialog.local_tag + '\0' + dialog.remote_tag;
}

void Calls::add_invite(const std::string& transaction_key, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  invites_[transaction_key] = channel;
}

void Calls::add_dialog(const sip::DialogId& dialog, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  dialogs_[key_of(dialog)] = channel;
}

void Calls::add_channel(const std::string& unique_id, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  channels_[unique_id] = channel;
}

caf::actor Calls::by_channel(const std::string& unique_id) const {
  std::lock_guard lock(mutex_);
  const auto found = channels_.find(unique_id);
  return found == channels_.end() ? caf::actor{} : found->second;
}

void Calls::remove(const std::string& transaction_key, const std::optional<sip::DialogId>& dialog,
                   const std::string& unique_id) {
  std::lock_guard lock(mutex_);
  invites_.erase(transaction_key);
  if (dialog) dialogs_.erase(key_of(*dialog));
  channels_.erase(unique_id);
}

void Calls::forget_invite(const std::string& transaction_key) {
  std::lock_guard lock(mutex_);
  invites_.erase(transaction_key);
}

caf::actor Calls::by_invite(const std::string& transaction_key) const {
  std::lock_guard lock(mutex_);
  const auto found = invites_.find(transaction_key);
  return found == invites_.end() ? caf::actor{} : found->second;
}

caf::actor Calls::by_dialog(const sip::DialogId& dialog) const {
  std::lock_guard lock(mutex_);
  const auto found = dialogs_.find(key_of(dialog));
  return found == dialogs_.end() ? caf::actor{} : found->second;
}

size_t Calls::active() const { return all().size(); }

std::vector<caf::actor> Calls::all() const {
  std::lock_guard lock(mutex_);
  std::set<caf::actor_addr> seen;
  std::vector<caf::actor> channels;
  for (const auto* table : {&invites_, &dialogs_, &channels_}) {
    for (const auto& [key, channel] : *table) {
      if (seen.insert(channel.address()).second) channels.push_back(channel);
    }
  }
  return channels;
}

}  // namespace tandem::signaling
