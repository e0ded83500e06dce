#pragma once

#include <caf/all.hpp>

#include <string>
#include <vector>

#include "services/signaling/call_services.hpp"
#include "services/signaling/channel/channel.hpp"
#include "services/signaling/channel/channel_tech.hpp"

namespace tandem::signaling {

/// Dial(Local/600@default): a pair of channels placed for a dialing channel.
struct LocalPairCall {
  caf::actor parent;  // the dialing channel
  std::string linked_id;
  channel::CallerProfile caller;
  std::string context;
  std::string extension;
  MediaNode node;
  std::string endpoint_id;  // the dialing channel's, which the pair carries the media on
  channel::LocalMedia media;
  std::vector<std::string> domains;
};

/// Spawns the first half of a Local pair (`Local/600@default-0000001f;1`), the leg the
/// dialing channel sees, which starts the second half (`;2`) to run the dialplan at
/// 600@default. What the second half does (ringing, early media, answer, hangup) reaches
/// the parent as LegEvent messages from the first; the parent's (hangup_atom, cause)
/// reaches the second. Either half ends the other.
caf::actor spawn_local_pair(caf::actor_system& system, const CallServices& services,
                            LocalPairCall call);

}  // namespace tandem::signaling
