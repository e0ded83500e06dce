#pragma once

#include <array>
#include <memory>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/common/logging.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/call_metrics.hpp"
#include "services/signaling/calls.hpp"
#include "services/signaling/channel/channel_identity.hpp"
#include "services/signaling/channel_event_bus.hpp"
#include "services/signaling/channel_timers.hpp"
#include "services/signaling/cidr.hpp"
#include "services/signaling/dialplan/dialplan.hpp"
#include "services/signaling/late_forks.hpp"
#include "services/signaling/media_nodes.hpp"
#include "services/signaling/sip_inbound_tech.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::signaling {

/// What every channel of a node shares; it outlives the channels (SignalingRole::stop
/// waits for them).
struct CallServices {
  sip::SipStack& stack;
  Calls& calls;
  MediaNodes& media;
  std::shared_ptr<const dialplan::Dialplan> dialplan;
  channel::UniqueIdSource& ids;
  channel::ChannelNamer& names;
  CallMetrics& metrics;
  /// Where channel actors publish every change of their channels.
  const ChannelEventBus& events;
  const Clock& clock;
  /// Where channel actors set their timers: on `clock`, which tests move.
  ChannelTimers& timers;
  /// Where Dial finds the contacts of a user.
  std::shared_ptr<v1::Registry::Stub> registry;
  /// How this node is reached over each transport, by TransportKind.
  const std::array<LocalSipAddress, 5>& local_addresses;
  /// Where Dial may send an INVITE: a contact outside these networks is not called.
  const std::vector<Cidr>& outbound_allow;
  /// Outbound legs' SIP sides kept after the leg ended, for 2xx that still come.
  LateForks& late_forks;
  /// The `calls` logger, one for every channel of the node.
  std::shared_ptr<spdlog::logger> log = component_logger("calls");
};

}  // namespace tandem::signaling
