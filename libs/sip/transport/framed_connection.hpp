#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>

#include "libs/sip/transport/stream_connection.hpp"

namespace tandem::sip {

/// SIP over a byte stream (RFC 3261 18.3): messages cut out by Content-Length, CRLF
/// keep-alives answered. TCP, or TLS once the server handshake is done.
std::shared_ptr<StreamConnection> make_tcp_connection(ConnectionHost& host,
                                                      boost::asio::ip::tcp::socket socket,
                                                      TransportAddress peer);
std::shared_ptr<StreamConnection> make_tls_connection(ConnectionHost& host,
                                                      boost::asio::ip::tcp::socket socket,
                                                      boost::asio::ssl::context& tls,
                                                      TransportAddress peer);

}  // namespace tandem::sip
