#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "libs/sip/request_info.hpp"
#include "libs/sip/transaction/transaction_layer.hpp"
#include "services/signaling/digest_authenticator.hpp"
#include "services/signaling/signaling_metrics.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::signaling {

struct RegistrarOptions {
  bool auth_required = true;
  int64_t default_expires = 3600;
  /// This node, recorded with each binding (the one holding a TCP client's connection).
  std::string node_id;
};

/// The registrar front end (RFC 3261 10.3): authenticates a REGISTER, reads its contacts and
/// hands them to Registry.Bind (or Lookup, for a REGISTER without contacts) over gRPC,
/// asynchronously: no thread waits for the registry. Binding rules live in the registry;
/// this maps its answers to SIP: 200 with every contact and its expires, 423 with
/// Min-Expires, 400, 403, 503 with Retry-After. Thread-safe.
class Registrar {
 public:
  /// Told of every failed digest check, with the source: the interception layer bans on it.
  using AuthFailureHook = std::function<void(const sip::TransportAddress& source)>;

  Registrar(RegistrarOptions options, const DigestAuthenticator& authenticator,
            std::shared_ptr<grpc::Channel> registry, sip::TransactionLayer& transactions,
            SignalingMetrics& metrics, AuthFailureHook on_auth_failure);

  void handle(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
              const sip::RequestInfo& info, const sip::TransportAddress& source);

 private:
  struct Call;

  void reply(const Call& call, sip::OutgoingMessage response);
  void refuse(const Call& call, int status, std::string_view reason, std::string_view warning = {});
  bool authenticate(const Call& call);
  void bind(const std::shared_ptr<Call>& call);
  void lookup(const std::shared_ptr<Call>& call);
  void answer_bindings(const Call& call,
                       const google::protobuf::RepeatedPtrField<v1::Binding>& bindings);
  void answer_failure(const Call& call, const grpc::Status& status,
                      const grpc::ClientContext& context);

  RegistrarOptions options_;
  const DigestAuthenticator& authenticator_;
  std::unique_ptr<v1::Registry::Stub> registry_;
  sip::TransactionLayer& transactions_;
  SignalingMetrics& metrics_;
  AuthFailureHook on_auth_failure_;
};

}  // namespace tandem::signaling
