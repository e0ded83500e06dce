#include "services/signaling/registrar.hpp"

#include "libs/sip/contact.hpp"
#include "libs/sip/cseq.hpp"
#include "libs/sip/response_builder.hpp"
#include "libs/sip/transport/sip_stack.hpp"

namespace tandem::signaling {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRegistryDeadline = std::chrono::seconds(5);
constexpr const char* kRetryAfterSeconds = "5";

v1::Transport proto_transport(sip::TransportKind kind) {
  switch (kind) {
    case sip::TransportKind::udp: return v1::TRANSPORT_UDP;
    case sip::TransportKind::tcp: return v1::TRANSPORT_TCP;
    case sip::TransportKind::tls: return v1::TRANSPORT_TLS;
    case sip::TransportKind::ws: return v1::TRANSPORT_WS;
    case sip::TransportKind::wss: return v1::TRANSPORT_WSS;
  }
  return v1::TRANSPORT_UNSPECIFIED;
}

std::string source_text(const sip::TransportAddress& source) {
  return source.ip.find(':') != std::string::npos
             ? "[" + source.ip + "]:" + std::to_string(source.port)
             : source.ip + ":" + std::to_string(source.port);
}

/// Text fit for a Warning header's quoted string.
std::string warning_text(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 200)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (c == '"' || c == '\\') ? '\'' : (byte < 0x20 || byte == 0x7f) ? ' ' : c;
  }
  return out;
}

std::string q_text(double q) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", q);
  return text;
}

}  // namespace

/// One REGISTER in flight: the request and everything its gRPC call must keep alive.
struct Registrar::Call {
  sip::ServerTransactionId transaction;
  sip::SipMessage request;
  sip::TransportAddress source;
  Clock::time_point started = Clock::now();
  Clock::time_point store_started{};
  grpc::ClientContext context;
  v1::BindRequest bind;
  v1::BindResponse bound;
  v1::LookupRequest lookup;
  v1::LookupResponse found;
};

Registrar::Registrar(RegistrarOptions options, const DigestAuthenticator& authenticator,
                     std::shared_ptr<grpc::Channel> registry, sip::TransactionLayer& transactions,
                     SignalingMetrics& metrics, AuthFailureHook on_auth_failure)
    : options_(std::move(options)),
      authenticator_(authenticator),
      registry_(v1::Registry::NewStub(std::move(registry))),
      transactions_(transactions),
      metrics_(metrics),
      on_auth_failure_(std::move(on_auth_failure)) {}

void Registrar::reply(const Call& call, sip::OutgoingMessage response) {
  const auto start = Clock::now();
  transactions_.respond(call.transaction, response);
  metrics_.observe_register_stage(RegisterStage::reply, Clock::now() - start);
  metrics_.observe_register_stage(RegisterStage::total, Clock::now() - call.started);
}

void Registrar::refuse(const Call& call, int status, std::string_view reason,
                       std::string_view warning) {
  auto response = sip::make_response(call.request, {call.source.ip, call.source.port}, status,
                                     reason, sip::random_token());
  if (!warning.empty()) response.add("Warning", "399 tandem \"" + warning_text(warning) + "\"");
  reply(call, std::move(response));
}

bool Registrar::authenticate(const Call& call) {
  if (!options_.auth_required) return true;
  const auto started = Clock::now();
  const auto outcome = authenticator_.verify(call.request);
  metrics_.observe_register_stage(RegisterStage::auth, Clock::now() - started);
  if (outcome.ok) {
    // The credentials must be the AOR's own: alice may not register bob.
    auto to = sip::parse_name_addr(call.request.value(sip::HeaderId::to));
    if (to && sip::unescape(to.value().uri.user) == outcome.user) return true;
    metrics_.count_auth_failure("wrong_user");
    refuse(call, 403, "Forbidden", "the credentials are not the AOR's");
    return false;
  }
  metrics_.count_auth_failure(outcome.failure);
  if (outcome.failure != "missing" && on_auth_failure_) on_auth_failure_(call.source);
  auto challenge = sip::make_response(call.request, {call.source.ip, call.source.port}, 401,
                                      "Unauthorized", sip::random_token());
  authenticator_.challenge(challenge, outcome.stale);
  reply(call, std::move(challenge));
  return false;
}

void Registrar::handle(const sip::ServerTransactionId& transaction, const sip::SipMessage& request,
                       const sip::RequestInfo& info, const sip::TransportAddress& source) {
  auto call = std::make_shared<Call>();
  call->transaction = transaction;
  call->request = request;
  call->source = source;
  // RFC 3261 10.3 step 3: the AOR comes from To and must be a SIP URI (RFC 4475 unksm2).
  if (!info.to.uri.is_sip() || info.to.uri.user.empty()) {
    return refuse(*call, 400, "Invalid AOR", "To must be a sip: or sips: URI with a user");
  }
  if (!authenticate(*call)) return;
  if (request.find(sip::HeaderId::contact) == nullptr) return lookup(call);
  auto contacts = sip::parse_contacts(request);
  if (!contacts) return refuse(*call, 400, "Invalid Contact", contacts.failure().message);

  auto& bind = call->bind;
  bind.set_aor(std::string(info.to.uri_text));
  bind.set_call_id(std::string(info.call_id));
  bind.set_cseq(info.cseq.number);
  bind.set_user_agent(sip::unfold(request.value(sip::HeaderId::user_agent)));
  bind.set_source_address(source_text(source));
  bind.set_transport(proto_transport(source.transport));
  bind.set_node_id(options_.node_id);
  for (const auto& header : request.headers()) {
    if (header.id == sip::HeaderId::path) bind.add_path(sip::unfold(header.value));
  }
  // RFC 3261 10.2.1.1: a contact's own expires, else the Expires header, else the default.
  const auto header_expires =
      sip::parse_decimal(request.value(sip::HeaderId::expires), 0xffffffffu);
  const int64_t fallback = header_expires ? header_expires.value() : options_.default_expires;
  if (contacts.value().wildcard) {
    auto* contact = bind.add_contacts();
    contact->set_uri("*");
    contact->set_expires_seconds(fallback);
  }
  for (const auto& contact : contacts.value().contacts) {
    auto* update = bind.add_contacts();
    update->set_uri(std::string(contact.address.uri_text));
    update->set_expires_seconds(contact.expires ? *contact.expires : fallback);
    if (contact.q) update->set_q(*contact.q);
    update->set_instance_id(std::string(contact.instance));
    update->set_reg_id(contact.reg_id);
  }
  this->bind(call);
}

void Registrar::bind(const std::shared_ptr<Call>& call) {
  call->context.set_deadline(std::chrono::system_clock::now() + kRegistryDeadline);
  call->store_started = Clock::now();
  registry_->async()->Bind(
      &call->context, &call->bind, &call->bound, [this, call](grpc::Status status) {
        metrics_.observe_register_stage(RegisterStage::store, Clock::now() - call->store_started);
        if (!status.ok()) return answer_failure(*call, status, call->context);
        answer_bindings(*call, call->bound.bindings());
      });
}

void Registrar::lookup(const std::shared_ptr<Call>& call) {
  auto to = sip::parse_name_addr(call->request.value(sip::HeaderId::to));
  call->lookup.set_aor(std::string(to.value().uri_text));
  call->context.set_deadline(std::chrono::system_clock::now() + kRegistryDeadline);
  call->store_started = Clock::now();
  registry_->async()->Lookup(
      &call->context, &call->lookup, &call->found, [this, call](grpc::Status status) {
        metrics_.observe_register_stage(RegisterStage::store, Clock::now() - call->store_started);
        if (!status.ok()) return answer_failure(*call, status, call->context);
        answer_bindings(*call, call->found.bindings());
      });
}

void Registrar::answer_bindings(const Call& call,
                                const google::protobuf::RepeatedPtrField<v1::Binding>& bindings) {
  auto response = sip::make_response(call.request, {call.source.ip, call.source.port}, 200, "OK",
                                     sip::random_token());
  for (const auto& binding : bindings) {
    std::string value =
        "<" + binding.contact_uri() + ">;expires=" + std::to_string(binding.expires_seconds());
    if (binding.q() != 1.0) value += ";q=" + q_text(binding.q());
    response.add("Contact", value);
  }
  for (const auto& header : call.request.headers()) {
    if (header.id == sip::HeaderId::path) response.add("Path", sip::unfold(header.value));
  }
  reply(call, std::move(response));
}

void Registrar::answer_failure(const Call& call, const grpc::Status& status,
                               const grpc::ClientContext& context) {
  const auto& message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::OUT_OF_RANGE: {
      auto response = sip::make_response(call.request, {call.source.ip, call.source.port}, 423,
                                         "Interval Too Brief", sip::random_token());
      const auto& trailers = context.GetServerTrailingMetadata();
      const auto minimum = trailers.find("tandem-min-expires");
      if (minimum != trailers.end()) {
        response.add("Min-Expires", std::string(minimum->second.data(), minimum->second.size()));
      }
      return reply(call, std::move(response));
    }
    case grpc::StatusCode::INVALID_ARGUMENT: return refuse(call, 400, "Bad Request", message);
    case grpc::StatusCode::FAILED_PRECONDITION: return refuse(call, 400, "Invalid CSeq", message);
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return refuse(call, 403, "Too Many Registered Contacts", message);
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED: {
      auto response = sip::make_response(call.request, {call.source.ip, call.source.port}, 503,
                                         "Service Unavailable", sip::random_token());
      response.add("Retry-After", kRetryAfterSeconds);
      return reply(call, std::move(response));
    }
    default: return refuse(call, 500, "Server Internal Error", message);
  }
}

}  // namespace tandem::signaling
