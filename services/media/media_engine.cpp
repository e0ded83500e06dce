#include "services/media/media_engine.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "libs/common/logging.hpp"
#include "services/media/audiosocket_endpoint.hpp"
#include "services/media/codec_choice.hpp"

namespace tandem::media {
namespace {

/// Binding can fail on ports another process holds; a few are skipped before giving up.
constexpr int kBindAttempts = 8;

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

std::unique_ptr<PacketLoop> open_loop(LoopKind kind) {
  auto loop = make_packet_loop(kind);
  if (loop) return std::move(loop).value();
  component_logger("media")->warn("{}; using epoll", loop.failure().message);
  return std::move(make_packet_loop(LoopKind::epoll)).value();
}

}  // namespace

Result<EndpointUpdate> parse_update(const v1::UpdateEndpointRequest& request) {
  EndpointUpdate update;
  auto remote = remote_of(request);
  if (!remote) return remote.failure();
  update.remote = remote.value();
  if (request.has_codec()) {
    google::protobuf::RepeatedPtrField<v1::Codec> offer;
    *offer.Add() = request.codec();
    auto chosen = choose_codec(offer);
    if (!chosen) return invalid_argument("codec: " + chosen.failure().message);
    update.codec = chosen.value();
  }
  update.direction = request.direction();
  if (!v1::TelephoneEvents_IsValid(request.telephone_events()))
    return invalid_argument("telephone_events: " + std::to_string(request.telephone_events()) +
                            " is not one of UNCHANGED, ON, OFF");
  update.telephone_events = request.telephone_events();
  return update;
}

MediaEngine::MediaEngine(MediaEngineOptions options, const Clock& clock)
    : options_(std::move(options)),
      clock_(clock),
      ports_(options_.first_port, options_.last_port),
      loop_(open_loop(options_.io)),
      next_stats_(clock.monotonic_now() + options_.stats_interval) {
  // One tick per packet interval paces generated DTMF and checks media timeouts.
  loop_->every(std::chrono::milliseconds(20), [this] { tick(); });
  loop_->start();
}

MediaEngine::~MediaEngine() {
  // Endpoints close on the loop, while it can still stop watching their sockets.
  loop_->run([this] {
    for (auto& [id, entry] : endpoints_) {
      entry.endpoint->close();
      loop_->dispose(std::shared_ptr<MediaEndpoint>(std::move(entry.endpoint)));
    }
    endpoints_.clear();
  });
  loop_->stop();
}

void MediaEngine::tick() {
  for (auto& [id, entry] : endpoints_) entry.endpoint->tick();
  if (options_.stats_interval.count() <= 0) return;
  const auto now = clock_.monotonic_now();
  if (now < next_stats_) return;
  next_stats_ = now + options_.stats_interval;
  for (auto& [id, entry] : endpoints_) entry.endpoint->report_stats();
}

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

Result<v1::CreateEndpointResponse> MediaEngine::create_rtp(const std::string& id,
                                                           const v1::CreateEndpointRequest& request,
                                                           EventSink sink) {
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
  auto endpoint = std::make_unique<RtpEndpoint>(id, request.call_id(), fd.value(), codec.value(),
                                                remote.value(), request.strict_source(),
                                                std::move(sink), clock_, options_.media_timeout);
  // RTCP on the odd port above, when it is free; rtcp-mux works without it.
  if (auto rtcp = open_socket(static_cast<uint16_t>(*port + 1)))
    endpoint->set_rtcp_socket(rtcp.value());
  adopt(std::move(endpoint), *port);
  v1::CreateEndpointResponse response;
  response.set_endpoint_id(id);
  response.mutable_local()->set_host(options_.host);
  response.mutable_local()->set_port(*port);
  *response.mutable_codec() = describe(codec.value());
  response.set_telephone_event_payload_type(codec.value().telephone_event_type);
  return response;
}

v1::CreateEndpointResponse MediaEngine::adopt_audiosocket(const std::string& id,
                                                          const std::string& call_id, int fd,
                                                          EventSink sink) {
  adopt(std::make_unique<AudioSocketEndpoint>(id, call_id, fd, std::move(sink), clock_,
                                              options_.media_timeout),
        0);
  v1::CreateEndpointResponse response;
  response.set_endpoint_id(id);
  *response.mutable_codec() = describe(RtpCodec{});
  response.set_telephone_event_payload_type(RtpCodec{}.telephone_event_type);
  return response;
}

void MediaEngine::adopt(std::unique_ptr<MediaEndpoint> endpoint, uint16_t port) {
  ++endpoint_count_;
  if (port == 0) ++audiosocket_count_;  // the only endpoints without an RTP port
  // std::function needs a copyable command: the endpoint rides in a shared_ptr.
  auto owned = std::make_shared<std::unique_ptr<MediaEndpoint>>(std::move(endpoint));
  loop_->post([this, owned, port] {
    auto& adopted = *owned;
    adopted->attach(*loop_);
    const std::string id = adopted->id();
    endpoints_[id] = Entry{std::move(adopted), port};
  });
}

MediaEndpoint* MediaEngine::find(const std::string& id) {
  const auto found = endpoints_.find(id);
  return found == endpoints_.end() ? nullptr : found->second.endpoint.get();
}

void MediaEngine::update(const std::string& id, EndpointUpdate update) {
  loop_->post([this, id, update = std::move(update)] {
    auto* endpoint = dynamic_cast<RtpEndpoint*>(find(id));
    if (endpoint == nullptr) return;
    if (update.remote) endpoint->set_remote(*update.remote);
    RtpCodec codec = update.codec.value_or(endpoint->codec());
    codec.telephone_event_type = endpoint->codec().telephone_event_type;
    codec.telephone_events = endpoint->codec().telephone_events;
    if (update.telephone_events != v1::TELEPHONE_EVENTS_UNCHANGED)
      codec.telephone_events = update.telephone_events == v1::TELEPHONE_EVENTS_ON;
    endpoint->set_codec(codec);
    if (update.direction != v1::DIRECTION_UNSPECIFIED) endpoint->set_direction(update.direction);
  });
}

void MediaEngine::with_endpoint(const std::string& id, std::function<void(MediaEndpoint*)> work) {
  loop_->post([this, id, work = std::move(work)] { work(find(id)); });
}

void MediaEngine::release(const std::string& id,
                          std::function<void(std::optional<v1::EndpointStats>)> done) {
  loop_->post([this, id, done = std::move(done)]() mutable {
    const auto found = endpoints_.find(id);
    if (found == endpoints_.end()) {
      if (done) done(std::nullopt);
      return;
    }
    auto& entry = found->second;
    MediaEndpoint& endpoint = *entry.endpoint;
    if (MediaEndpoint* peer = endpoint.peer(); peer != nullptr && peer->peer() == &endpoint)
      peer->set_peer(nullptr);
    const auto stats = endpoint.stats();
    released_totals_ += endpoint.counters();
    endpoint.close();
    const uint16_t port = entry.port;
    loop_->dispose(std::shared_ptr<MediaEndpoint>(std::move(entry.endpoint)));
    endpoints_.erase(found);
    // Its port goes back to the pool, and the caller hears it is gone, once the kernel
    // has let go of its sockets: from then on the port can be bound again.
    loop_->after_release([this, port, stats, done = std::move(done)] {
      if (port != 0) ports_.give_back(port);
      --endpoint_count_;
      if (port == 0) --audiosocket_count_;
      if (done) done(stats);
    });
  });
}

void MediaEngine::link(const std::string& a, const std::string& b) {
  loop_->post([this, a, b] {
    MediaEndpoint* first = find(a);
    MediaEndpoint* second = find(b);
    if (first == nullptr || second == nullptr) return;
    first->set_peer(second);
    second->set_peer(first);
  });
}

void MediaEngine::unlink(const std::string& a, const std::string& b) {
  loop_->post([this, a, b] {
    MediaEndpoint* first = find(a);
    MediaEndpoint* second = find(b);
    if (first != nullptr && first->peer() == second) first->set_peer(nullptr);
    if (second != nullptr && second->peer() == first) second->set_peer(nullptr);
  });
}

EndpointCounters MediaEngine::totals() {
  EndpointCounters sum;
  loop_->run([&] {
    sum = released_totals_;
    for (const auto& [id, entry] : endpoints_) sum += entry.endpoint->counters();
  });
  return sum;
}

}  // namespace tandem::media
