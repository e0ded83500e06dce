#pragma once

#include <cstdint>

namespace tandem::testing {

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).
uint16_t free_tcp_port();

/// A UDP port on 127.0.0.1 that nothing is bound to right now.
uint16_t free_udp_port();

}  // namespace tandem::testing
