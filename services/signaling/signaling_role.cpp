#include "services/signaling/signaling_role.hpp"

#include <openssl/rand.h>

#include "libs/common/logging.hpp"
#include "libs/sip/response_builder.hpp"
#include "services/signaling/channel_actor.hpp"

namespace tandem::signaling {
namespace {

std::string nonce_secret(const SignalingConfig& config) {
  if (!config.nonce_secret.empty()) return config.nonce_secret;
  component_logger("signaling")
      ->info(
          "signaling.auth.nonce_secret is not set: nonces are good for this process only; "
          "set it to the same value on every signaling replica");
  std::string secret(32, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), static_cast<int>(secret.size()));
  return secret;
}

sip::SipStackOptions stack_options(const SignalingConfig& config) {
  sip::SipStackOptions options;
  options.limits.max_message_bytes = static_cast<size_t>(config.max_message_bytes);
  options.timers = {config.t1, config.t2, config.t4};
  if (!config.udp_listen.empty()) {
    sip::UdpOptions udp;
    udp.listen = parse_host_port(config.udp_listen).value();
    udp.receive_threads = static_cast<size_t>(config.udp_threads);
    udp.receive_buffer = static_cast<int>(config.udp_receive_buffer);
    options.udp = udp;
  }
  for (const auto& [kind, listen] : {std::pair{sip::TransportKind::tcp, &config.tcp_listen},
                                     std::pair{sip::TransportKind::tls, &config.tls_listen},
                                     std::pair{sip::TransportKind::ws, &config.ws_listen},
                                     std::pair{sip::TransportKind::wss, &config.wss_listen}}) {
    if (listen->empty()) continue;
    sip::StreamOptions stream;
    stream.kind = kind;
    stream.listen = parse_host_port(*listen).value();
    stream.idle_timeout = config.connection_idle_timeout;
    stream.max_connections_per_source = static_cast<size_t>(config.connections_per_source);
    stream.certificate_file = config.tls_certificate;
    stream.private_key_file = config.tls_private_key;
    options.streams.push_back(std::move(stream));
  }
  return options;
}

AdmissionOptions admission_options(const SignalingConfig& config) {
  AdmissionOptions options;
  options.allow = parse_cidr_list(config.acl_allow).value();
  options.deny = parse_cidr_list(config.acl_deny).value();
  options.rate = static_cast<double>(config.rate);
  options.burst = static_cast<double>(config.burst);
  options.ban_failures = static_cast<int>(config.ban_failures);
  options.ban_window = config.ban_window;
  options.ban_duration = config.ban_duration;
  return options;
}

}  // namespace

SignalingRole::SignalingRole(const SignalingConfig& config, caf::actor_system& actors,
                             std::shared_ptr<grpc::Channel> registry,
                             std::shared_ptr<grpc::Channel> local_media, std::string node_id,
                             prometheus::Registry& metrics, Health& health, const Clock& clock)
    : actors_(actors),
      config_(config),
      clock_(clock),
      metrics_(metrics, config.trace),
      call_metrics_(metrics),
      admission_(admission_options(config), clock, metrics),
      credentials_(config.users, config.realm),
      nonces_(nonce_secret(config), config.nonce_lifetime, clock),
      nonce_counts_(config.nonce_lifetime, clock),
      authenticator_(credentials_, nonces_, nonce_counts_, config.realm,
                     parse_algorithms(config.algorithms)),
      media_(std::make_unique<MediaNodes>(
          registry, std::chrono::seconds(1), LocalMediaNode{node_id, std::move(local_media)},
          [this](const v1::MediaEvent& event) {
            if (const caf::actor channel = calls_.by_channel(event.call_id()))
              caf::anon_send(channel, media_event_atom::value, event);
          })),
      ids_(node_id, clock),
      timers_(clock),
      registry_(v1::Registry::NewStub(registry)),
      outbound_allow_(parse_cidr_list(config.calls_outbound_allow).value()),
      // RFC 3261 13.2.2.4: 2xx come for 64*T1 after the first.
      late_forks_(clock, std::chrono::seconds(32)) {
  stack_ = std::make_unique<sip::SipStack>(
      stack_options(config), clock, *this, metrics_,
      [this](const sip::TransportAddress& source) { return admission_.admit(source); });
  RegistrarOptions registrar{config.registrar_auth == "required", config.default_expires,
                             std::move(node_id)};
  registrar_ = std::make_unique<Registrar>(
      registrar, authenticator_, std::move(registry), stack_->transactions(), metrics_,
      [this](const sip::TransportAddress& source) { admission_.record_auth_failure(source); });
  router_ = std::make_unique<RequestRouter>(
      *registrar_, stack_->transactions(), calls_, late_forks_,
      [this](const sip::ServerTransactionId& transaction, const sip::SipMessage& invite,
             const sip::RequestInfo& info, const sip::TransportAddress& source) {
        start_call(transaction, invite, info, source);
      });
  // What every channel shares, by reference: a call leg holds one pointer to it.
  // tandem_channels{tech,state} follows every channel's running state.
  channel_events_.subscribe([this](const ChannelEventRecord& record) {
    if (record.event.kind != channel::ChannelEventKind::state) return;
    std::optional<channel::ChannelState> now = record.event.state;
    if (now == channel::ChannelState::cs_destroy) now.reset();
    call_metrics_.moved(record.tech, record.previous, now);
  });
  call_services_ = std::make_unique<CallServices>(CallServices{
      *stack_, calls_, *media_, config_.dialplan, ids_, names_, call_metrics_, channel_events_,
      clock_, timers_, registry_, local_addresses_, outbound_allow_, late_forks_});
  (void)health;
}

SignalingRole::~SignalingRole() { stop(); }

Result<Done> SignalingRole::start() {
  auto started = stack_->start();
  timers_.start();
  // Ports are known once the transports are bound: what calls put in Via and Contact.
  for (size_t kind = 0; kind < local_addresses_.size(); ++kind)
    local_addresses_[kind] = local_address(static_cast<sip::TransportKind>(kind));
  return started;
}

void SignalingRole::stop() {
  // Calls end with a BYE (or a final response) while the transports are still up.
  const auto channels = calls_.all();
  for (const auto& channel : channels) caf::anon_send(channel, shutdown_atom::value);
  if (!channels.empty()) {
    caf::scoped_actor waiter{actors_};
    waiter->wait_for(channels);
  }
  timers_.stop();
  media_->stop();
  stack_->stop();
}

LocalSipAddress SignalingRole::local_address(sip::TransportKind kind) const {
  const std::string* listen = &config_.udp_listen;
  if (kind == sip::TransportKind::tcp) listen = &config_.tcp_listen;
  if (kind == sip::TransportKind::tls) listen = &config_.tls_listen;
  if (kind == sip::TransportKind::ws) listen = &config_.ws_listen;
  if (kind == sip::TransportKind::wss) listen = &config_.wss_listen;
  const auto listening = parse_host_port(*listen);
  const std::string host = listening ? listening.value().host : std::string("127.0.0.1");
  const std::string sent_by = HostPort{host, stack_->port(kind)}.to_string();
  std::string contact = "<sip:tandem@" + sent_by;
  if (kind != sip::TransportKind::udp)
    contact += std::string(";transport=") + sip::transport_param(kind);
  return {host, sent_by, contact + ">"};
}

void SignalingRole::start_call(const sip::ServerTransactionId& transaction,
                               const sip::SipMessage& invite, const sip::RequestInfo& info,
                               const sip::TransportAddress& source) {
  std::string user = sip::unescape(info.from.uri.user);
  if (config_.calls_auth == "required") {
    const auto outcome = authenticator_.verify(invite);
    if (!outcome.ok) {
      metrics_.count_auth_failure(outcome.failure);
      if (outcome.failure != "missing") admission_.record_auth_failure(source);
      auto challenge = sip::make_response(invite, {source.ip, source.port}, 401, "Unauthorized",
                                          sip::random_token());
      authenticator_.challenge(challenge, outcome.stale);
      stack_->transactions().respond(transaction, challenge);
      return;
    }
    user = outcome.user;
  }
  InboundCall call{transaction,
                   invite,
                   source,
                   &local_addresses_[static_cast<size_t>(source.transport)],
                   std::move(user),
                   sip::unescape(info.request_uri.user),
                   {}};
  // AORs seldom carry a port, so the bare host is tried first.
  call.domains.push_back(info.request_uri.ipv6 ? "[" + std::string(info.request_uri.host) + "]"
                                               : std::string(info.request_uri.host));
  if (info.request_uri.host_port() != call.domains.front())
    call.domains.push_back(info.request_uri.host_port());
  spawn_inbound_channel(actors_, *call_services_, std::move(call));
}

void SignalingRole::refresh_metrics() {
  metrics_.refresh(stack_->transactions().stats());
  for (const auto kind : {sip::TransportKind::tcp, sip::TransportKind::tls, sip::TransportKind::ws,
                          sip::TransportKind::wss}) {
    if (stack_->port(kind) != 0) metrics_.set_connections(kind, stack_->connections(kind));
  }
}

void SignalingRole::on_request(const std::optional<sip::ServerTransactionId>& transaction,
                               const sip::SipMessage& request, const sip::RequestInfo& info,
                               const sip::TransportAddress& source) {
  router_->on_request(transaction, request, info, source);
}

void SignalingRole::on_response(const sip::ClientTransactionId& transaction,
                                const sip::SipMessage& response) {
  router_->on_response(transaction, response);
}

void SignalingRole::on_timeout(const sip::ClientTransactionId& transaction) {
  router_->on_timeout(transaction);
}

}  // namespace tandem::signaling
