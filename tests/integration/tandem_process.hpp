#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/free_port.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/process.hpp"

namespace tandem::testing {

/// A `tandem` process on free loopback ports, started with extra flags and environment.
class TandemProcess {
 public:
  TandemProcess(std::vector<std::string> flags, std::vector<std::string> environment = {})
      : grpc_port_(free_tcp_port()),
        http_port_(free_tcp_port()),
        sip_udp_port_(free_udp_port()),
        sip_tcp_port_(free_tcp_port()) {
    std::vector<std::string> argv{TANDEM_BINARY,
                                  "--grpc.listen=127.0.0.1:" + std::to_string(grpc_port_),
                                  "--http.listen=127.0.0.1:" + std::to_string(http_port_),
                                  "--signaling.sip.udp=127.0.0.1:" + std::to_string(sip_udp_port_),
                                  "--signaling.sip.tcp=127.0.0.1:" + std::to_string(sip_tcp_port_)};
    argv.insert(argv.end(), flags.begin(), flags.end());
    process_ = std::make_unique<ChildProcess>(argv, environment);
  }

  /// Waits until /readyz answers 200.
  bool wait_ready() {
    return eventually([this] { return http_get(http_port_, "/readyz").status == 200; },
                      std::chrono::seconds(30));
  }
  std::string grpc_address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  uint16_t http_port() const { return http_port_; }
  uint16_t sip_udp_port() const { return sip_udp_port_; }
  uint16_t sip_tcp_port() const { return sip_tcp_port_; }
  std::shared_ptr<grpc::Channel> channel() const {
    return grpc::CreateChannel(grpc_address(), grpc::InsecureChannelCredentials());
  }
  ChildProcess& process() { return *process_; }

  /// Runs tandemctl against this process.
  CommandResult ctl(std::vector<std::string> args) const {
    std::vector<std::string> argv{TANDEMCTL_BINARY, "--server", grpc_address()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
  }

 private:
  uint16_t grpc_port_;
  uint16_t http_port_;
  uint16_t sip_udp_port_;
  uint16_t sip_tcp_port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace tandem::testing
