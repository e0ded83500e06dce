#include "libs/sip/transaction/transaction_layer.hpp"

#include "libs/sip/parser.hpp"
#include "libs/sip/response_builder.hpp"

namespace tandem::sip {
namespace {

bool rfc3261_branch(std::string_view branch) {
  return branch.size() > kMagicCookie.size() && branch.starts_with(kMagicCookie);
}

}  // namespace

std::string client_key(std::string_view branch, std::string_view method) {
  std::string key;
  key.reserve(branch.size() + method.size() + 3);
  key.append("c|").append(branch).append("|").append(method);
  return key;
}

std::string server_transaction_key(const SipMessage& request, const RequestInfo& info,
                                   std::string_view method) {
  const auto& via = info.top_via;
  std::string key;
  if (rfc3261_branch(via.branch())) {
    key.reserve(via.branch().size() + via.host.size() + method.size() + 12);
    key.append("b|").append(via.branch()).append("|").append(via.host).append(":");
    key.append(std::to_string(via.port.value_or(0))).append("|").append(method);
    return key;
  }
  // RFC 3261 17.2.3, the RFC 2543 way.
  key.append("o|").append(request.request_uri()).append("|").append(tag_of(info.from));
  key.append("|").append(info.call_id).append("|").append(std::to_string(info.cseq.number));
  key.append("|").append(request.value(HeaderId::via)).append("|").append(method);
  return key;
}

TransportAddress response_target(const Via& top_via, const TransportAddress& source) {
  if (reliable(source.transport)) return source;
  TransportAddress target{TransportKind::udp, source.ip, source.port, 0};
  if (!top_via.has_rport()) target.port = top_via.port.value_or(5060);
  return target;
}

TransactionLayer::TransactionLayer(const Clock& clock, TimerConfig timers, MessageSender& sender,
                                   TransactionUser& user, size_t shards)
    : clock_(clock), timers_(timers), sender_(sender), user_(user) {
  for (size_t i = 0; i < std::max<size_t>(1, shards); ++i)
    shards_.push_back(std::make_unique<Shard>());
}

TransactionLayer::Shard& TransactionLayer::shard_for(const std::string& key) const {
  return *shards_[std::hash<std::string>{}(key) % shards_.size()];
}

void TransactionLayer::count(bool client, bool invite, int delta) {
  auto& counter = client ? (invite ? stats_.client_invite : stats_.client_non_invite)
                         : (invite ? stats_.server_invite : stats_.server_non_invite);
  counter += delta;
}

void TransactionLayer::apply(Shard& shard, const std::string& key, bool client,
                             const TransportAddress& target, Effects effects, Outbox& outbox) {
  for (auto& bytes : effects.sends) outbox.sends.emplace_back(target, std::move(bytes));
  const auto now = clock_.monotonic_now();
  for (const auto& timer : effects.timers) {
    shard.timers.push({now + timer.after, key, timer.kind, client});
  }
  if (effects.timed_out && client) outbox.timed_out = ClientTransactionId{key};
  if (!effects.terminated) return;
  if (client) {
    auto found = shard.clients.find(key);
    if (found == shard.clients.end()) return;
    count(true, found->second.machine.invite(), -1);
    shard.clients.erase(found);
  } else {
    auto found = shard.servers.find(key);
    if (found == shard.servers.end()) return;
    count(false, found->second.machine.invite(), -1);
    shard.servers.erase(found);
  }
}

void TransactionLayer::flush(Outbox& outbox) {
  for (auto& [target, bytes] : outbox.sends) sender_.send(target, std::move(bytes));
  if (outbox.timed_out) user_.on_timeout(*outbox.timed_out);
}

bool TransactionLayer::absorb(Shard& shard, const std::string& key, Method method, Outbox& outbox) {
  auto found = shard.servers.find(key);
  if (found == shard.servers.end()) return false;
  auto& entry = found->second;
  auto effects = method == Method::ack ? entry.machine.on_ack() : entry.machine.on_retransmission();
  if (method != Method::ack) ++stats_.absorbed;
  apply(shard, key, false, entry.target, std::move(effects), outbox);
  return true;
}

ServerTransactionId TransactionLayer::create_server(Shard& shard, const std::string& key,
                                                    const SipMessage& request,
                                                    const RequestInfo& info,
                                                    const TransportAddress& source,
                                                    Outbox& outbox) {
  const bool invite = request.method() == Method::invite;
  const auto target = response_target(info.top_via, source);
  auto [entry, inserted] = shard.servers.try_emplace(
      key, ServerEntry{ServerTransaction(invite, reliable(source.transport), timers_), target});
  count(false, invite, 1);
  if (invite) {
    // RFC 3261 17.2.1: answer 100 Trying at once, so that the INVITE stops retransmitting.
    auto trying = std::make_shared<const std::string>(
        make_response(request, {source.ip, source.port}, 100, "Trying", "").serialize());
    apply(shard, key, false, target, entry->second.machine.on_response(100, std::move(trying)),
          outbox);
  }
  return ServerTransactionId{key};
}

void TransactionLayer::receive_request(const SipMessage& request, const RequestInfo& info,
                                       const TransportAddress& source) {
  const Method method = request.method();
  const auto key = server_transaction_key(request, info,
                                          method == Method::ack ? "INVITE" : request.method_name());
  auto& shard = shard_for(key);
  Outbox outbox;
  std::optional<ServerTransactionId> created;
  bool to_user = true;
  {
    std::lock_guard lock(shard.mutex);
    if (absorb(shard, key, method, outbox)) {
      to_user = false;  // a retransmission, or the ACK of a failure: the transaction's business
    } else if (method != Method::ack) {
      created = create_server(shard, key, request, info, source, outbox);
    }
  }
  flush(outbox);
  if (to_user) user_.on_request(created, request, info, source);
}

void TransactionLayer::receive_response(const SipMessage& response, const ResponseInfo& info) {
  const auto key = client_key(info.top_via.branch(), info.cseq.method);
  auto& shard = shard_for(key);
  Outbox outbox;
  bool to_user = false;
  {
    std::lock_guard lock(shard.mutex);
    auto found = shard.clients.find(key);
    if (found == shard.clients.end()) return;  // RFC 3261 18.1.2: a stray response is dropped
    auto effects = found->second.machine.on_response(response);
    to_user = effects.to_user;
    const auto target = found->second.target;
    apply(shard, key, true, target, std::move(effects), outbox);
  }
  flush(outbox);
  if (to_user) user_.on_response(ClientTransactionId{key}, response);
}

bool TransactionLayer::respond(const ServerTransactionId& transaction,
                               const OutgoingMessage& response) {
  auto& shard = shard_for(transaction.key);
  auto bytes = std::make_shared<const std::string>(response.serialize());
  Outbox outbox;
  {
    std::lock_guard lock(shard.mutex);
    auto found = shard.servers.find(transaction.key);
    if (found == shard.servers.end()) return false;
    const auto target = found->second.target;
    apply(shard, transaction.key, false, target,
          found->second.machine.on_response(response.status(), bytes), outbox);
  }
  const bool sent = !outbox.sends.empty();
  flush(outbox);
  return sent;
}

std::optional<ServerTransactionId> TransactionLayer::invite_for_cancel(
    const SipMessage& cancel, const RequestInfo& info) const {
  const auto key = server_transaction_key(cancel, info, "INVITE");
  auto& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (!shard.servers.contains(key)) return std::nullopt;
  return ServerTransactionId{key};
}

Result<ClientTransactionId> TransactionLayer::send_request(const OutgoingMessage& request,
                                                           const TransportAddress& to) {
  auto bytes = std::make_shared<const std::string>(request.serialize());
  auto parsed = parse_message(*bytes, Framing::datagram);
  if (!parsed.ok()) return invalid_argument("the request does not parse: " + parsed.error->reason);
  auto via = top_via(*parsed.message);
  if (!via || !rfc3261_branch(via->branch()))
    return invalid_argument("the request needs a Via with a branch");
  const auto key = client_key(via->branch(), parsed.message->method_name());
  auto& shard = shard_for(key);
  Outbox outbox;
  {
    std::lock_guard lock(shard.mutex);
    ClientTransaction machine(*parsed.message, bytes, reliable(to.transport), timers_);
    auto effects = machine.start();
    const bool invite = machine.invite();
    if (!shard.clients.try_emplace(key, ClientEntry{std::move(machine), to}).second) {
      return invalid_argument("a transaction with this branch exists already");
    }
    count(true, invite, 1);
    apply(shard, key, true, to, std::move(effects), outbox);
  }
  flush(outbox);
  return ClientTransactionId{key};
}

void TransactionLayer::fire(Shard& shard, const TimerEntry& timer, Outbox& outbox) {
  if (timer.client) {
    auto found = shard.clients.find(timer.key);
    if (found == shard.clients.end()) return;
    auto effects = found->second.machine.on_timer(timer.kind);
    stats_.retransmitted += effects.sends.size();
    const auto target = found->second.target;
    apply(shard, timer.key, true, target, std::move(effects), outbox);
    return;
  }
  auto found = shard.servers.find(timer.key);
  if (found == shard.servers.end()) return;
  auto effects = found->second.machine.on_timer(timer.kind);
  stats_.retransmitted += effects.sends.size();
  const auto target = found->second.target;
  apply(shard, timer.key, false, target, std::move(effects), outbox);
}

void TransactionLayer::advance() {
  const auto now = clock_.monotonic_now();
  for (auto& shard : shards_) {
    // Timeouts are reported one at a time, so flush per timer that produced one.
    while (true) {
      Outbox outbox;
      bool fired = false;
      {
        std::lock_guard lock(shard->mutex);
        while (!shard->timers.empty() && shard->timers.top().deadline <= now && !outbox.timed_out) {
          const TimerEntry timer = shard->timers.top();
          shard->timers.pop();
          fire(*shard, timer, outbox);
          fired = true;
        }
      }
      flush(outbox);
      if (!fired) break;
    }
  }
}

std::optional<std::chrono::steady_clock::time_point> TransactionLayer::next_deadline() const {
  std::optional<std::chrono::steady_clock::time_point> earliest;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    if (shard->timers.empty()) continue;
    const auto deadline = shard->timers.top().deadline;
    if (!earliest || deadline < *earliest) earliest = deadline;
  }
  return earliest;
}

}  // namespace tandem::sip
