#pragma once

#include <caf/all.hpp>
#include <grpcpp/grpcpp.h>
#include <prometheus/registry.h>

#include <array>
#include <memory>

#include "libs/common/clock.hpp"
#include "libs/common/health.hpp"
#include "libs/sip/transport/sip_stack.hpp"
#include "services/signaling/admission.hpp"
#include "services/signaling/call_metrics.hpp"
#include "services/signaling/call_services.hpp"
#include "services/signaling/calls.hpp"
#include "services/signaling/channel/channel_identity.hpp"
#include "services/signaling/channel_timers.hpp"
#include "services/signaling/credentials.hpp"
#include "services/signaling/digest_authenticator.hpp"
#include "services/signaling/media_nodes.hpp"
#include "services/signaling/nonce.hpp"
#include "services/signaling/registrar.hpp"
#include "services/signaling/request_router.hpp"
#include "services/signaling/signaling_config.hpp"
#include "services/signaling/signaling_metrics.hpp"
#include "services/signaling/sip_inbound_tech.hpp"

namespace tandem::signaling {

/// The signaling role of a process: the SIP stack and the applications on it, wired from
/// configuration. It is the stack's transaction user and hands requests to the router.
/// Lifetime: construct, start() once the registry is reachable over `registry`, stop().
class SignalingRole final : public sip::TransactionUser {
 public:
  /// `local_media` reaches the media role of this process (nothing when it has none): calls
  /// anchored on it skip the network.
  SignalingRole(const SignalingConfig& config, caf::actor_system& actors,
                std::shared_ptr<grpc::Channel> registry, std::shared_ptr<grpc::Channel> local_media,
                std::string node_id, prometheus::Registry& metrics, Health& health,
                const Clock& clock);
  ~SignalingRole() override;

  Result<Done> start();
  void stop();
  /// Copies live figures into metrics; call before a scrape.
  void refresh_metrics();
  /// Calls in progress on this node.
  size_t active_calls() const { return calls_.active(); }

  /// The port a SIP transport listens on; 0 when it is off.
  uint16_t port(sip::TransportKind kind) const { return stack_->port(kind); }

  void on_request(const std::optional<sip::ServerTransactionId>& transaction,
                  const sip::SipMessage& request, const sip::RequestInfo& info,
                  const sip::TransportAddress& source) override;
  void on_response(const sip::ClientTransactionId& transaction,
                   const sip::SipMessage& response) override;
  void on_timeout(const sip::ClientTransactionId& transaction) override;

 private:
  /// Authenticates a new INVITE and hands it to a new channel.
  void start_call(const sip::ServerTransactionId& transaction, const sip::SipMessage& invite,
                  const sip::RequestInfo& info, const sip::TransportAddress& source);
  /// How this node is reached over a transport (Via sent-by, Contact).
  LocalSipAddress local_address(sip::TransportKind kind) const;

  caf::actor_system& actors_;
  const SignalingConfig& config_;
  const Clock& clock_;
  SignalingMetrics metrics_;
  CallMetrics call_metrics_;
  ChannelEventBus channel_events_;
  Admission admission_;
  Credentials credentials_;
  NonceIssuer nonces_;
  NonceCounts nonce_counts_;
  DigestAuthenticator authenticator_;
  std::unique_ptr<sip::SipStack> stack_;
  std::unique_ptr<Registrar> registrar_;
  std::unique_ptr<RequestRouter> router_;
  Calls calls_;
  std::unique_ptr<MediaNodes> media_;
  channel::UniqueIdSource ids_;
  channel::ChannelNamer names_;
  ChannelTimers timers_;
  std::array<LocalSipAddress, 5> local_addresses_;  // by TransportKind, set by start()
  std::shared_ptr<v1::Registry::Stub> registry_;
  std::vector<Cidr> outbound_allow_;
  LateForks late_forks_;                         // after the stack and the addresses its techs use
  std::unique_ptr<CallServices> call_services_;  // set by start()
};

}  // namespace tandem::signaling
