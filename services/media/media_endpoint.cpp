#include "services/media/media_endpoint.hpp"

#include <unistd.h>

#include "libs/media/telephone_event.hpp"

namespace tandem::media {

EndpointCounters& EndpointCounters::operator+=(const EndpointCounters& other) {
  packets_received += other.packets_received;
  bytes_received += other.bytes_received;
  packets_sent += other.packets_sent;
  bytes_sent += other.bytes_sent;
  dropped_malformed += other.dropped_malformed;
  dropped_stranger += other.dropped_stranger;
  dropped_other += other.dropped_other;
  return *this;
}

Result<Done> check_dtmf_digits(std::string_view digits) {
  for (const char digit : digits) {
    if (!dtmf_event(digit)) {
      return invalid_argument("digits: '" + std::string(digits) +
                              "' holds a character that is not 0-9, *, #, A-D");
    }
  }
  return Done{};
}

void MediaEndpoint::close() {
  if (fd_ < 0) return;
  detach();
  ::close(fd_);
  fd_ = -1;
}

v1::MediaEvent MediaEndpoint::new_event() const {
  v1::MediaEvent out;
  out.set_endpoint_id(id_);
  out.set_call_id(call_id_);
  return out;
}

void MediaEndpoint::report_stats() {
  v1::MediaEvent event = new_event();
  *event.mutable_stats() = stats();
  report(std::move(event));
}

v1::EndpointStats MediaEndpoint::stats() const {
  v1::EndpointStats stats;
  stats.set_packets_received(counters_.packets_received);
  stats.set_bytes_received(counters_.bytes_received);
  stats.set_packets_sent(counters_.packets_sent);
  stats.set_bytes_sent(counters_.bytes_sent);
  stats.set_packets_dropped(counters_.dropped_malformed + counters_.dropped_stranger +
                            counters_.dropped_other);
  return stats;
}

}  // namespace tandem::media
