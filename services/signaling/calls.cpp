#include "services/signaling/calls.hpp"

#include <cstring>
#include <random>
#include <set>

namespace tandem::signaling {
namespace {

uint64_t mix(uint64_t hash, uint64_t value) {
  hash = (hash ^ value) * 0x9fb21c651e98df25ULL;
  return hash ^ (hash >> 29);
}

/// Folds `part` into `hash` 8 bytes at a time, its length last (so that the fields of a
/// dialog id cannot shift into one another). Non-linear in the state, so which inputs
/// collide depends on the seed the state started from.
uint64_t combine(uint64_t hash, std::string_view part) {
  size_t at = 0;
  for (; at + 8 <= part.size(); at += 8) {
    uint64_t block = 0;
    std::memcpy(&block, part.data() + at, 8);
    hash = mix(hash, block);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, part.data() + at, part.size() - at);
  return mix(mix(hash, tail), part.size());
}

}  // namespace

Calls::Calls()
    : seed_([] {
        std::random_device device;  // both halves from the OS, not from one seeded generator
        return (uint64_t{device()} << 32) | device();
      }()) {}

Calls::Key Calls::key_of(std::string_view text) const { return combine(seed_, text); }

Calls::Key Calls::key_of(const sip::DialogId& dialog) const {
  return combine(combine(combine(seed_, dialog.call_id), dialog.local_tag), dialog.remote_tag);
}

void Calls::add_invite(const std::string& transaction_key, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  invites_[key_of(transaction_key)] = channel;
}

void Calls::add_dialog(const sip::DialogId& dialog, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  dialogs_[key_of(dialog)] = channel;
}

void Calls::add_channel(const std::string& unique_id, const caf::actor& channel) {
  std::lock_guard lock(mutex_);
  channels_[key_of(unique_id)] = channel;
}

caf::actor Calls::by_channel(const std::string& unique_id) const {
  std::lock_guard lock(mutex_);
  const auto found = channels_.find(key_of(unique_id));
  return found == channels_.end() ? caf::actor{} : found->second;
}

void Calls::remove(const std::string& transaction_key, const std::optional<sip::DialogId>& dialog,
                   const std::string& unique_id) {
  std::lock_guard lock(mutex_);
  invites_.erase(key_of(transaction_key));
  if (dialog) dialogs_.erase(key_of(*dialog));
  channels_.erase(key_of(unique_id));
}

void Calls::forget_invite(const std::string& transaction_key) {
  std::lock_guard lock(mutex_);
  invites_.erase(key_of(transaction_key));
}

caf::actor Calls::by_invite(const std::string& transaction_key) const {
  std::lock_guard lock(mutex_);
  const auto found = invites_.find(key_of(transaction_key));
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
