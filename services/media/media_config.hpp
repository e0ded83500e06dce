#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "libs/common/config_schema.hpp"

namespace tandem::media {

/// The media role's configuration: the `media.*` keys.
struct MediaConfig {
  /// The IP address RTP sockets bind to and endpoints announce to peers.
  std::string rtp_host = "127.0.0.1";
  /// Even ports of this range carry RTP; each takes the odd port above for RTCP.
  int64_t rtp_first_port = 20000;
  int64_t rtp_last_port = 29999;
  /// No RTP on an endpoint for this long: a MediaTimeout event; zero: never.
  std::chrono::milliseconds rtp_timeout{std::chrono::seconds(60)};
  /// Every endpoint's stats go out as a WatchEvents event this often; zero: never.
  std::chrono::milliseconds stats_interval{std::chrono::seconds(10)};
  /// How the packet loop moves datagrams: "io_uring" (measured 10-20% less CPU per
  /// packet, docs/benchmarks.md) or "epoll".
  std::string io = "io_uring";
};

/// Adds the media.* keys, bound to `config`, to the schema.
void describe_media_config(ConfigSchema& schema, MediaConfig& config);

/// Rules across keys; each problem names its keys.
std::vector<std::string> validate_media_config(const MediaConfig& config);

}  // namespace tandem::media
