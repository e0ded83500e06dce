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

}  // namespace tandem::sip
