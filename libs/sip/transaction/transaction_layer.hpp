#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "libs/common/clock.hpp"
#include "libs/sip/message.hpp"
#include "libs/sip/outgoing_message.hpp"
#include "libs/sip/request_info.hpp"
#include "libs/sip/transaction/client_transaction.hpp"
#include "libs/sip/transaction/server_transaction.hpp"
#include "libs/sip/transaction/transport_address.hpp"

namespace tandem::sip {

/// Names a server transaction for the TU's answer.
struct ServerTransactionId {
  std::string key;
};

/// Names a client transaction in the TU's callbacks.
struct ClientTransactionId {
  std::string key;
};

/// The key of the client transaction a request with this top Via branch and method starts:
/// known before the request is sent, so its responses can find their owner however fast
/// they come back.
std::string client_key(std::string_view branch, std::string_view method);

/// Where transactions send their bytes; implemented by the transport layer. Must not block.
class MessageSender {
 public:
  virtual ~MessageSender() = default;
  virtual void send(const TransportAddress& to, std::shared_ptr<const std::string> bytes) = 0;
};

/// The application above the transaction layer (RFC 3261 17: the "TU"). Called on the thread
/// that received the message or ran the timer, never under a transaction lock, so it may
/// call back into the layer.
class TransactionUser {
 public:
  virtual ~TransactionUser() = default;
  /// A new request. `transaction` is empty for an ACK that matched no transaction (the ACK
  /// of a 2xx, RFC 3261 17.2.1).
  virtual void on_request(const std::optional<ServerTransactionId>& transaction,
                          const SipMessage& request, const RequestInfo& info,
                          const TransportAddress& source) = 0;
  virtual void on_response(const ClientTransactionId& transaction, const SipMessage& response) = 0;
  /// Timer B or F: no final response came.
  virtual void on_timeout(const ClientTransactionId& transaction) = 0;
};

/// Counters for metrics; read any time from any thread.
struct TransactionStats {
  std::atomic<int64_t> server_invite{0};
  std::atomic<int64_t> server_non_invite{0};
  std::atomic<int64_t> client_invite{0};
  std::atomic<int64_t> client_non_invite{0};
  /// Requests absorbed as retransmissions, and messages we sent again on a timer.
  std::atomic<uint64_t> absorbed{0};
  std::atomic<uint64_t> retransmitted{0};
};

/// RFC 3261 section 17 (with RFC 6026): matches messages to transactions, absorbs and makes
/// retransmissions, runs the timers and hands everything new to the TU. The tables are
/// sharded by transaction key, each shard with its own lock and timer heap, so threads
/// receiving on several cores rarely contend. Time comes from the injected clock: advance()
/// fires every timer that is due, so tests drive timers without sleeping.
class TransactionLayer {
 public:
  TransactionLayer(const Clock& clock, TimerConfig timers, MessageSender& sender,
                   TransactionUser& user, size_t shards = 16);

  /// A request from a transport, already inspected.
  void receive_request(const SipMessage& request, const RequestInfo& info,
                       const TransportAddress& source);
  /// A response from a transport, already inspected.
  void receive_response(const SipMessage& response, const ResponseInfo& info);

  /// The TU answers; false if the transaction is gone (it timed out, or was answered).
  bool respond(const ServerTransactionId& transaction, const OutgoingMessage& response);
  /// The INVITE server transaction a CANCEL is for (RFC 3261 9.2), if it still exists.
  std::optional<ServerTransactionId> invite_for_cancel(const SipMessage& cancel,
                                                       const RequestInfo& info) const;
  /// Starts a client transaction. The request must carry a Via with a branch.
  Result<ClientTransactionId> send_request(const OutgoingMessage& request,
                                           const TransportAddress& to);

  /// Fires every timer due by the clock's monotonic time.
  void advance();
  /// When advance() next has work, if ever.
  std::optional<std::chrono::steady_clock::time_point> next_deadline() const;

  const TransactionStats& stats() const { return stats_; }

 private:
  struct ServerEntry {
    ServerTransaction machine;
    TransportAddress target;
  };
  struct ClientEntry {
    ClientTransaction machine;
    TransportAddress target;
  };
  struct TimerEntry {
    std::chrono::steady_clock::time_point deadline;
    std::string key;
    TimerKind kind;
    bool client;
    bool operator>(const TimerEntry& other) const { return deadline > other.deadline; }
  };
  /// What to do once the shard's lock is released.
  struct Outbox {
    std::vector<std::pair<TransportAddress, std::shared_ptr<const std::string>>> sends;
    std::optional<ClientTransactionId> timed_out;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, ServerEntry> servers;
    std::unordered_map<std::string, ClientEntry> clients;
    std::priority_queue<TimerEntry, std::vector<TimerEntry>, std::greater<>> timers;
  };

  Shard& shard_for(const std::string& key) const;
  void apply(Shard& shard, const std::string& key, bool client, const TransportAddress& target,
             Effects effects, Outbox& outbox);
  void flush(Outbox& outbox);
  void count(bool client, bool invite, int delta);
  void fire(Shard& shard, const TimerEntry& timer, Outbox& outbox);
  bool absorb(Shard& shard, const std::string& key, Method method, Outbox& outbox);
  ServerTransactionId create_server(Shard& shard, const std::string& key, const SipMessage& request,
                                    const RequestInfo& info, const TransportAddress& source,
                                    Outbox& outbox);

  const Clock& clock_;
  TimerConfig timers_;
  MessageSender& sender_;
  TransactionUser& user_;
  std::vector<std::unique_ptr<Shard>> shards_;
  TransactionStats stats_;
};

/// The transaction key of a request (RFC 3261 17.2.3): its branch, sent-by and method (an
/// ACK is keyed as the INVITE it acknowledges); without an RFC 3261 branch, the RFC 2543
/// fields (Request-URI, From tag, Call-ID, CSeq, top Via).
std::string server_transaction_key(const SipMessage& request, const RequestInfo& info,
                                   std::string_view method);

/// Where responses to a request go (RFC 3261 18.2.2, RFC 3581): back over the connection for
/// reliable transports; over UDP to the source IP, at the source port when the Via asked
/// for rport and at the sent-by port (default 5060) otherwise.
TransportAddress response_target(const Via& top_via, const TransportAddress& source);

}  // namespace tandem::sip
