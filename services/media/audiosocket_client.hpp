#pragma once

#include <chrono>
#include <string>

#include "libs/common/result.hpp"
#include "libs/media/audiosocket.hpp"

namespace tandem::media {

/// Connects to an AudioSocket service at "host:port" ("[v6]:port" for IPv6; names are
/// resolved) the way Asterisk does: every address in turn, each within `timeout`, with
/// TCP_NODELAY; then sends the UUID message. Returns the connected, non-blocking socket.
/// Control path only: it blocks for up to `timeout` per address.
Result<int> connect_audiosocket(const std::string& target, const audiosocket::Uuid& uuid,
                                std::chrono::milliseconds timeout = std::chrono::seconds(2));

}  // namespace tandem::media
