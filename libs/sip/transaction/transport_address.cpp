#include "libs/sip/transaction/transport_address.hpp"

namespace tandem::sip {

const char* via_name(TransportKind kind) {
  switch (kind) {
    case TransportKind::udp: return "UDP";
    case TransportKind::tcp: return "TCP";
    case TransportKind::tls: return "TLS";
    case TransportKind::ws: return "WS";
    case TransportKind::wss: return "WSS";
  }
  return "UDP";
}

const char* transport_param(TransportKind kind) {
  switch (kind) {
    case TransportKind::udp: return "udp";
    case TransportKind::tcp: return "tcp";
    case TransportKind::tls: return "tls";
    case TransportKind::ws: return "ws";
    case TransportKind::wss: return "wss";
  }
  return "udp";
}

}  // namespace tandem::sip
