#include "services/media/media_config.hpp"

#include "libs/common/socket_address.hpp"

namespace tandem::media {

void describe_media_config(ConfigSchema& schema, MediaConfig& config) {
  schema.add_string("media.rtp.host", "IP address RTP sockets bind to and announce",
                    &config.rtp_host);
  schema.add_int("media.rtp.first_port", "lowest RTP port", &config.rtp_first_port, 1024, 65534);
  schema.add_int("media.rtp.last_port", "highest RTP port", &config.rtp_last_port, 1025, 65535);
  schema.add_duration("media.rtp.timeout", "no RTP this long: a media timeout event; 0: never",
                      &config.rtp_timeout, std::chrono::milliseconds{0}, std::chrono::hours{24});
  schema.add_choice("media.io",
                    "how the packet loop moves datagrams (io_uring falls back to epoll where "
                    "the kernel refuses it)",
                    &config.io, {"epoll", "io_uring"});
  schema.add_duration("media.stats_interval",
                      "every endpoint's stats as an event this often (WatchEvents); 0: never",
                      &config.stats_interval, std::chrono::milliseconds{0}, std::chrono::hours{1});
}

std::vector<std::string> validate_media_config(const MediaConfig& config) {
  std::vector<std::string> problems;
  if (!SocketAddress::from(config.rtp_host, 0)) {
    problems.push_back("media.rtp.host must be an IP address, got '" + config.rtp_host + "'");
  }
  if (config.rtp_last_port < config.rtp_first_port + 1) {
    problems.emplace_back(
        "media.rtp.last_port must be above media.rtp.first_port: the range needs an even port "
        "and the odd port after it");
  }
  return problems;
}

}  // namespace tandem::media
