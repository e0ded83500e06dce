#pragma once

#include <google/protobuf/repeated_field.h>

#include "libs/common/result.hpp"
#include "services/media/rtp_endpoint.hpp"
#include "tandem/v1/media.pb.h"

namespace tandem::media {

/// The codec an RTP endpoint speaks, chosen from an offer (RFC 3264 5: the first offered
/// that we support): PCMU or PCMA at 8000 Hz, and the telephone-event payload type (101
/// when not offered). An empty offer means PCMU/0. The failure names what was offered.
Result<RtpCodec> choose_codec(const google::protobuf::RepeatedPtrField<v1::Codec>& offered);

/// The codec as the API reports it.
v1::Codec describe(const RtpCodec& codec);

}  // namespace tandem::media
