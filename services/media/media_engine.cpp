#include "services/media/media_engine.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "services/media/audiosocket_client.hpp"
#include "services/media/audiosocket_endpoint.hpp"
#include "services/media/codec_choice.hpp"

namespace tandem::media {
namespace {

/// Binding can fail on ports another process holds; a few are skipped before giving up.
constexpr int kBindAttempts = 8;

Failure not_found(const std::string& what, const std::string& id) {
  return {ErrorCode::not_found, what + " " + id + " does not exist on this node"};
}

/// The optional `remote` field of a create or update request, checked; nothing if unset.
template <class Request>
Result<std::optional<SocketAddress>> remote_of(const Request& request) {
  if (!request.has_remote()) return std::optional<SocketAddress>{};
  const auto& remote = request.remote();
  if (remote.port() == 0 || remote.port() > 65535) {
    return invalid_argument("remote.port: must be 1 to 65535, got " +
                            std::to_string(remote.port()));
  }
  auto address = SocketAddress::from(remote.host(), static_cast<uint16_t>(remote.port()));
  if (!address) {
    return invalid_argument("remote.host: '" + remote.host() + "' is not an IP address");
  }
  return std::optional<SocketAddress>(*address);
}

}  // namespace

MediaEngine::MediaEngine(MediaEngineOptions options, const Clock& clock, EventSink sink)
    : options_(std::move(options)),
      clock_(clock),
      sink_(std::move(sink)),
      ports_(options_.first_port, options_.last_port) {
  // One tick per packet interval paces generated DTMF and checks media timeouts.
  loop_.every(std::chrono::milliseconds(20), [this] {
    for (auto& [id, entry] : endpoints_) entry.endpoint->tick();
  });
  loop_.start();
}

MediaEngine::~MediaEngine() { loop_.stop(); }

Result<int> MediaEngine::open_socket(uint16_t port) {
  auto address = SocketAddress::from(options_.host, port);
  if (!address) return invalid_argument("media host '" + options_.host + "' is not an IP address");
  const int fd = socket(address->storage.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return internal_error(std::string("cannot open a UDP socket: ") + strerror(errno));
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address->storage), address->length) != 0) {
    const int error = errno;
    close(fd);
    return internal_error("cannot bind " + options_.host + ":" + std::to_string(port) + ": " +
                          strerror(error));
  }
  return fd;
}

Result<v1::CreateEndpointResponse> MediaEngine::create_endpoint(
    const v1::CreateEndpointRequest& request) {
  if (request.call_id().empty()) return invalid_argument("call_id: required");
  if (request.kind() == v1::ENDPOINT_KIND_AUDIOSOCKET) return create_audiosocket(request);
  if (request.kind() != v1::ENDPOINT_KIND_RTP) {
    return invalid_argument("kind: must be ENDPOINT_KIND_RTP or ENDPOINT_KIND_AUDIOSOCKET");
  }
  auto codec = choose_codec(request.offered_codecs());
  if (!codec) return codec.failure();
  auto remote = remote_of(request);
  if (!remote) return remote.failure();
  std::optional<uint16_t> port;
  Result<int> fd = internal_error("no port tried");
  for (int attempt = 0; attempt < kBindAttempts && !fd; ++attempt) {
    port = ports_.take();
    if (!port) {
      return Failure{ErrorCode::resource_exhausted,
                     "no free RTP port: all " + std::to_string(ports_.total_ports()) +
                         " even ports of " + std::to_string(options_.first_port) + "-" +
                         std::to_string(options_.last_port) + " are in use"};
    }
    fd = open_socket(*port);
    if (!fd) ports_.retire(*port);
  }
  if (!fd) return fd.failure();
  const std::string id = "ep-" + std::to_string(next_id_++);
  auto endpoint = std::make_unique<RtpEndpoint>(id, request.call_id(), fd.value(), codec.value(),
                                                remote.value(), request.strict_source(), sink_,
                                                clock_, options_.media_timeout);
  // RTCP on the odd port above, when it is free; rtcp-mux works without it.
  if (auto rtcp = open_socket(static_cast<uint16_t>(*port + 1)))
    endpoint->set_rtcp_socket(rtcp.value());
  RtpEndpoint* rtp = endpoint.get();
  adopt(std::move(endpoint), *port);
  if (rtp->rtcp_fd() >= 0) loop_.run([&] { loop_.watch(rtp->rtcp_fd(), rtp->rtcp_reader()); });
  v1::CreateEndpointResponse response;
  response.set_endpoint_id(id);
  response.mutable_local()->set_host(options_.host);
  response.mutable_local()->set_port(*port);
  *response.mutable_codec() = describe(codec.value());
  response.set_telephone_event_payload_type(codec.value().telephone_event_type);
  return response;
}

void MediaEngine::adopt(std::unique_ptr<MediaEndpoint> endpoint, uint16_t port) {
  loop_.run([&] {
    loop_.watch(endpoint->fd(), endpoint.get());
    const std::string id = endpoint->id();
    endpoints_[id] = Entry{std::move(endpoint), port, {}};
  });
  ++endpoint_count_;
  if (port == 0) ++audiosocket_count_;  // the only endpoints without an RTP port
}

Result<v1::CreateEndpointResponse> MediaEngine::create_audiosocket(
    const v1::CreateEndpointRequest& request) {
  const auto uuid = audiosocket::parse_uuid(request.audiosocket_uuid());
  if (!uuid) {
    return invalid_argument("audiosocket_uuid: '" + request.audiosocket_uuid() +
                            "' is not a UUID (8-4-4-4-12 hex digits)");
  }
  auto fd = connect_audiosocket(request.audiosocket_target(), *uuid);
  if (!fd) return fd.failure();
  const std::string id = "ep-" + std::to_string(next_id_++);
  adopt(std::make_unique<AudioSocketEndpoint>(id, request.call_id(), fd.value(), sink_, clock_,
                                              options_.media_timeout),
        0);
  v1::CreateEndpointResponse response;
  response.set_endpoint_id(id);
  *response.mutable_codec() = describe(RtpCodec{});
  response.set_telephone_event_payload_type(RtpCodec{}.telephone_event_type);
  return response;
}

MediaEndpoint* MediaEngine::find(const std::string& id) {
  const auto found = endpoints_.find(id);
  return found == endpoints_.end() ? nullptr : found->second.endpoint.get();
}

Result<Done> MediaEngine::update_endpoint(const v1::UpdateEndpointRequest& request) {
  auto remote = remote_of(request);
  if (!remote) return remote.failure();
  std::optional<RtpCodec> codec;
  if (request.has_codec()) {
    google::protobuf::RepeatedPtrField<v1::Codec> offer;
    *offer.Add() = request.codec();
    auto chosen = choose_codec(offer);
    if (!chosen) return invalid_argument("codec: " + chosen.failure().message);
    codec = chosen.value();
  }
  Result<Done> result = Done{};
  loop_.run([&] {
    MediaEndpoint* found = find(request.endpoint_id());
    if (found == nullptr) {
      result = not_found("endpoint", request.endpoint_id());
      return;
    }
    auto* endpoint = dynamic_cast<RtpEndpoint*>(found);
    if (endpoint == nullptr) {
      result = Failure{ErrorCode::failed_precondition,
                       "endpoint " + request.endpoint_id() + " is not an RTP endpoint"};
      return;
    }
    if (remote.value()) endpoint->set_remote(*remote.value());
    if (codec) {
      codec->telephone_event_type = endpoint->codec().telephone_event_type;
      endpoint->set_codec(*codec);
    }
    if (request.direction() != v1::DIRECTION_UNSPECIFIED)
      endpoint->set_direction(request.direction());
  });
  return result;
}

Result<v1::EndpointStats> MediaEngine::destroy_endpoint(const std::string& id) {
  Result<v1::EndpointStats> result = not_found("endpoint", id);
  std::string call_id;
  uint16_t port = 0;
  loop_.run([&] {
    const auto found = endpoints_.find(id);
    if (found == endpoints_.end()) return;
    auto& entry = found->second;
    if (!entry.bridge_id.empty()) unbridge_on_loop(entry.bridge_id);
    result = entry.endpoint->stats();
    call_id = entry.endpoint->call_id();
    destroyed_totals_ += entry.endpoint->counters();
    loop_.unwatch(entry.endpoint->fd());
    entry.endpoint->close();
    if (auto* rtp = dynamic_cast<RtpEndpoint*>(entry.endpoint.get()); rtp && rtp->rtcp_fd() >= 0) {
      loop_.unwatch(rtp->rtcp_fd());
      rtp->close_rtcp();
    }
    port = entry.port;
    if (port != 0) ports_.give_back(port);
    loop_.dispose(std::move(entry.endpoint));
    endpoints_.erase(found);
  });
  if (result) {
    --endpoint_count_;
    if (port == 0) --audiosocket_count_;
    v1::MediaEvent event;
    event.set_endpoint_id(id);
    event.set_call_id(call_id);
    *event.mutable_destroyed()->mutable_final_stats() = result.value();
    sink_(std::move(event));
  }
  return result;
}

Result<std::string> MediaEngine::bridge(const std::string& a, const std::string& b) {
  if (a == b) return invalid_argument("endpoint_b: cannot bridge an endpoint to itself");
  Result<std::string> result = std::string();
  loop_.run([&] {
    const auto first = endpoints_.find(a);
    const auto second = endpoints_.find(b);
    if (first == endpoints_.end()) return void(result = not_found("endpoint_a", a));
    if (second == endpoints_.end()) return void(result = not_found("endpoint_b", b));
    for (const auto* entry : {&first->second, &second->second}) {
      if (!entry->bridge_id.empty()) {
        result = Failure{ErrorCode::failed_precondition,
                         "endpoint " + entry->endpoint->id() + " is already in bridge " +
                             entry->bridge_id + ": unbridge it first"};
        return;
      }
    }
    const std::string id = "br-" + std::to_string(next_id_++);
    first->second.endpoint->set_peer(second->second.endpoint.get());
    second->second.endpoint->set_peer(first->second.endpoint.get());
    first->second.bridge_id = id;
    second->second.bridge_id = id;
    bridges_[id] = Bridge{a, b};
    result = id;
  });
  return result;
}

Result<Done> MediaEngine::unbridge(const std::string& bridge_id) {
  Result<Done> result = Done{};
  loop_.run([&] {
    if (!bridges_.contains(bridge_id)) return void(result = not_found("bridge", bridge_id));
    unbridge_on_loop(bridge_id);
  });
  return result;
}

void MediaEngine::unbridge_on_loop(const std::string& bridge_id) {
  const auto found = bridges_.find(bridge_id);
  if (found == bridges_.end()) return;
  for (const auto& id : {found->second.a, found->second.b}) {
    const auto entry = endpoints_.find(id);
    if (entry == endpoints_.end()) continue;
    entry->second.endpoint->set_peer(nullptr);
    entry->second.bridge_id.clear();
  }
  bridges_.erase(found);
}

Result<v1::EndpointStats> MediaEngine::stats(const std::string& id) {
  Result<v1::EndpointStats> result = not_found("endpoint", id);
  loop_.run([&] {
    if (MediaEndpoint* endpoint = find(id)) result = endpoint->stats();
  });
  return result;
}

Result<Done> MediaEngine::send_dtmf(const std::string& id, const std::string& digits,
                                    std::chrono::milliseconds duration) {
  if (digits.empty()) return invalid_argument("digits: required");
  if (duration < std::chrono::milliseconds(40) || duration > std::chrono::milliseconds(8000)) {
    return invalid_argument("duration_ms: must be 40 to 8000");
  }
  Result<Done> result = not_found("endpoint", id);
  loop_.run([&] {
    if (MediaEndpoint* endpoint = find(id)) result = endpoint->send_dtmf(digits, duration);
  });
  return result;
}

EndpointCounters MediaEngine::totals() {
  EndpointCounters sum;
  loop_.run([&] {
    sum = destroyed_totals_;
    for (const auto& [id, entry] : endpoints_) sum += entry.endpoint->counters();
  });
  return sum;
}

}  // namespace tandem::media
