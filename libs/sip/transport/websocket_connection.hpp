#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string_view>

#include "libs/sip/transport/stream_connection.hpp"

namespace tandem::sip {

/// SIP over WebSocket (RFC 7118): an HTTP upgrade offering the "sip" subprotocol, then one SIP
/// message per WebSocket message. Plain (ws) or over TLS (wss). Handshakes that are not a
/// WebSocket upgrade get 426, upgrades without the "sip" subprotocol 400; both name the fix.
std::shared_ptr<StreamConnection> make_ws_connection(ConnectionHost& host,
                                                     boost::asio::ip::tcp::socket socket,
                                                     TransportAddress peer);
std::shared_ptr<StreamConnection> make_wss_connection(ConnectionHost& host,
                                                      boost::asio::ip::tcp::socket socket,
                                                      boost::asio::ssl::context& tls,
                                                      TransportAddress peer);

/// Whether a Sec-WebSocket-Protocol value ("sip, chat") offers the "sip" subprotocol.
bool offers_sip_subprotocol(std::string_view header);

}  // namespace tandem::sip
