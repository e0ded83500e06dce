#include "libs/sip/transport/sip_stack.hpp"

#include <random>

#include "libs/sip/request_info.hpp"
#include "libs/sip/response_builder.hpp"

namespace tandem::sip {
namespace {

constexpr auto kTimerTick = std::chrono::milliseconds(10);

}  // namespace

std::string random_token() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string token(16, '0');
  uint64_t bits = random();
  for (auto& c : token) {
    c = hex[bits & 15];
    bits >>= 4;
  }
  return token;
}

SipStack::SipStack(SipStackOptions options, const Clock& clock, TransactionUser& user,
                   StackObserver& observer, AdmitFunction admit)
    : options_(std::move(options)),
      observer_(observer),
      admit_(std::move(admit)),
      transactions_(std::make_unique<TransactionLayer>(clock, options_.timers, *this, user,
                                                       options_.transaction_shards)) {}

SipStack::~SipStack() { stop(); }

Result<Done> SipStack::start() {
  if (options_.udp) {
    options_.udp->max_datagram =
        std::min(options_.udp->max_datagram, options_.limits.max_message_bytes);
    udp_ = std::make_unique<UdpTransport>(
        *options_.udp,
        [this](std::string_view bytes, bool truncated, const TransportAddress& from) {
          on_bytes(bytes, Framing::datagram, truncated, from);
        });
    if (auto started = udp_->start(); !started) return started;
  }
  for (auto stream_options : options_.streams) {
    if (stream(stream_options.kind) != nullptr) {
      return invalid_argument(std::string("two SIP ") + via_name(stream_options.kind) +
                              " transports configured");
    }
    stream_options.limits = options_.limits;
    // RFC 7118 5: a WebSocket message holds exactly one SIP message, so it frames like a
    // datagram; TCP and TLS are byte streams cut by Content-Length.
    const bool websocket =
        stream_options.kind == TransportKind::ws || stream_options.kind == TransportKind::wss;
    const auto framing = websocket ? Framing::datagram : Framing::stream;
    auto& transport = streams_.emplace_back(std::make_unique<StreamTransport>(
        stream_options, [this, framing](std::string bytes, const TransportAddress& from) {
          on_bytes(bytes, framing, false, from);
        }));
    if (auto started = transport->start(); !started) return started;
  }
  timer_thread_ = std::thread([this] { run_timers(); });
  return Done{};
}

void SipStack::stop() {
  if (stopping_.exchange(true)) return;
  if (udp_) udp_->stop();
  for (auto& transport : streams_) transport->stop();
  if (timer_thread_.joinable()) timer_thread_.join();
}

StreamTransport* SipStack::stream(TransportKind kind) const {
  for (const auto& transport : streams_) {
    if (transport->kind() == kind) return transport.get();
  }
  return nullptr;
}

uint16_t SipStack::port(TransportKind kind) const {
  if (kind == TransportKind::udp) return udp_ ? udp_->port() : 0;
  const auto* transport = stream(kind);
  return transport != nullptr ? transport->port() : 0;
}

size_t SipStack::connections(TransportKind kind) const {
  const auto* transport = stream(kind);
  return transport != nullptr ? transport->connections() : 0;
}

void SipStack::run_timers() {
  while (!stopping_) {
    transactions_->advance();
    std::this_thread::sleep_for(kTimerTick);
  }
}

void SipStack::on_bytes(std::string_view bytes, Framing framing, bool truncated,
                        const TransportAddress& from) {
  if (admit_ && !admit_(from)) return;
  const auto parse_started = std::chrono::steady_clock::now();
  auto parsed = parse_message(bytes, framing, options_.limits);
  if (truncated) parsed.error = ParseError{513, "Message Too Large", false};
  if (parsed.error) return refuse(parsed, *parsed.error, from);
  const SipMessage& message = *parsed.message;
  const StartLine start{message.is_request(), message.method_name(), message.status()};
  observer_.on_message(StackObserver::Direction::in, start, bytes, from);
  if (!message.is_request()) {
    auto info = inspect_response(message);
    if (!info) return observer_.on_refused(info.failure(), from);  // RFC 4475: never answered
    return transactions_->receive_response(message, info.value());
  }
  auto info = inspect_request(message);
  if (!info) return refuse(parsed, info.failure(), from);
  observer_.on_request_parsed(message.method(), std::chrono::steady_clock::now() - parse_started);
  transactions_->receive_request(message, info.value(), from);
}

void SipStack::refuse(const ParseResult& parsed, const ParseError& error,
                      const TransportAddress& from) {
  observer_.on_refused(error, from);
  // A response, an ACK, or bytes that are not a message at all get no answer.
  if (!parsed.message || !parsed.message->is_request() || parsed.message->method() == Method::ack)
    return;
  respond_statelessly(*parsed.message, from, error.status, error.reason);
}

void SipStack::respond_statelessly(const SipMessage& request, const TransportAddress& source,
                                   int status, std::string_view reason) {
  auto response = make_response(request, {source.ip, source.port}, status, reason, random_token());
  // Without a Via that parses, the source address is the only way back.
  const auto via = top_via(request);
  send(via ? response_target(*via, source) : source,
       std::make_shared<const std::string>(response.serialize()));
}

std::optional<TransportAddress> SipStack::route_to(TransportKind kind, const std::string& ip,
                                                   uint16_t port) const {
  if (kind == TransportKind::udp) {
    if (!udp_) return std::nullopt;
    return TransportAddress{kind, ip, port, 0};
  }
  const auto* transport = stream(kind);
  if (transport == nullptr) return std::nullopt;
  const auto connection = transport->connection_to(ip, port);
  if (!connection) return std::nullopt;
  return TransportAddress{kind, ip, port, *connection};
}

void SipStack::send(const TransportAddress& to, std::shared_ptr<const std::string> bytes) {
  bool sent = false;
  if (to.transport == TransportKind::udp && udp_) {
    sent = udp_->send(to.ip, to.port, *bytes);
  } else if (auto* transport = stream(to.transport)) {
    sent = transport->send(to.connection, bytes);
  }
  if (!sent) return observer_.on_send_failed(to);
  observer_.on_message(StackObserver::Direction::out, summarize_start_line(*bytes), *bytes, to);
}

}  // namespace tandem::sip
