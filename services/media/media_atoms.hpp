#pragma once

#include <caf/all.hpp>

#include <functional>
#include <string>
#include <vector>

#include "libs/common/result.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

// Messages between the media node's control actors. Requests reply with a Result, so a
// refusal carries its error code and message to the gRPC caller unchanged.
using create_atom = caf::atom_constant<caf::atom("create")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using destroy_atom = caf::atom_constant<caf::atom("destroy")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using dtmf_atom = caf::atom_constant<caf::atom("dtmf")>;
using bridge_atom = caf::atom_constant<caf::atom("bridge")>;
using unbridge_atom = caf::atom_constant<caf::atom("unbridge")>;
using echo_atom = caf::atom_constant<caf::atom("echo")>;
using join_atom = caf::atom_constant<caf::atom("join")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;
using event_atom = caf::atom_constant<caf::atom("event")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using connect_atom = caf::atom_constant<caf::atom("connect")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;

/// Work the packet loop finished for an actor, to go on with on that actor's own thread
/// (a response promise must be delivered by its actor, never from the loop thread).
struct Resume {
  std::function<void()> run;
};

using ActorList = std::vector<caf::actor>;

}  // namespace tandem::media

// Local-only message types (never serialized).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::media::Resume)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::CreateEndpointRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::UpdateEndpointRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::v1::MediaEvent)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::Result<tandem::v1::CreateEndpointResponse>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::Result<tandem::v1::EndpointStats>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::Result<tandem::Done>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::Result<std::string>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tandem::Result<int>)
