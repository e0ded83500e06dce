#pragma once

#include <cstdint>
#include <string>

namespace tandem::sip {

enum class TransportKind : uint8_t { udp, tcp, tls, ws, wss };

/// Whether a transport retransmits for us (RFC 3261 17: timers differ).
inline bool reliable(TransportKind kind) { return kind != TransportKind::udp; }

/// The name used in Via ("UDP", "TCP", "TLS", "WS", "WSS").
const char* via_name(TransportKind kind);
/// The same in lower case, as a URI's transport parameter, metric labels and logger names
/// write it ("udp", "tcp", "tls", "ws", "wss").
const char* transport_param(TransportKind kind);

/// Where a message came from or goes to. For connection-oriented transports `connection`
/// names the connection it arrived on (0: none; open one to ip:port).
struct TransportAddress {
  TransportKind transport = TransportKind::udp;
  std::string ip;
  uint16_t port = 0;
  uint64_t connection = 0;
};

}  // namespace tandem::sip
