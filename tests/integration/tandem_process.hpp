#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/free_port.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/process.hpp"
#include "tests/support/tls_identity.hpp"

namespace tandem::testing {

/// A `tandem` process on free loopback ports, started with extra flags and environment.
/// SIP listens on UDP, TCP and WS; on TLS and WSS too when given a TLS identity.
class TandemProcess {
 public:
  TandemProcess(std::vector<std::string> flags, std::vector<std::string> environment = {},
                const TlsIdentity* tls = nullptr)
      : flags_(std::move(flags)), environment_(std::move(environment)), tls_(tls) {
    spawn();
  }

  /// Waits until /readyz answers 200. A port picked as free can be taken by another test
  /// before tandem binds it; a process that exits while starting is therefore started again
  /// on fresh ports, a few times.
  bool wait_ready() {
    for (int attempt = 1;; ++attempt) {
      const bool settled = eventually(
          [this] { return !process_->running() || http_get(http_port_, "/readyz").status == 200; },
          std::chrono::seconds(30));
      ready_ = settled && process_->running();
      if (ready_ || !settled || attempt == 3) return ready_;
      spawn();
    }
  }

  /// For a suite's SetUp(): whether wait_ready() succeeded, with the process output if not.
  /// Asserting in SetUpTestSuite instead makes gtest, and so ctest, report every test of
  /// the suite as skipped rather than failed.
  ::testing::AssertionResult ready() const {
    if (ready_) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "tandem did not become ready:\n" << process_->output();
  }
  std::string grpc_address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  uint16_t http_port() const { return http_port_; }
  uint16_t sip_udp_port() const { return sip_udp_port_; }
  uint16_t sip_tcp_port() const { return sip_tcp_port_; }
  uint16_t sip_ws_port() const { return sip_ws_port_; }
  uint16_t sip_tls_port() const { return sip_tls_port_; }
  uint16_t sip_wss_port() const { return sip_wss_port_; }
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
  void spawn() {
    grpc_port_ = free_tcp_port();
    http_port_ = free_tcp_port();
    sip_udp_port_ = free_udp_port();
    sip_tcp_port_ = free_tcp_port();
    sip_ws_port_ = free_tcp_port();
    sip_tls_port_ = tls_ != nullptr ? free_tcp_port() : 0;
    sip_wss_port_ = tls_ != nullptr ? free_tcp_port() : 0;
    const auto listen = [](const char* transport, uint16_t port) {
      return std::string("--signaling.sip.") + transport + "=127.0.0.1:" + std::to_string(port);
    };
    std::vector<std::string> argv{TANDEM_BINARY,
                                  "--grpc.listen=127.0.0.1:" + std::to_string(grpc_port_),
                                  "--http.listen=127.0.0.1:" + std::to_string(http_port_),
                                  listen("udp", sip_udp_port_),
                                  listen("tcp", sip_tcp_port_),
                                  listen("ws", sip_ws_port_)};
    if (tls_ != nullptr) {
      argv.insert(argv.end(), {listen("tls", sip_tls_port_), listen("wss", sip_wss_port_),
                               "--signaling.sip.tls_certificate=" + tls_->certificate_file(),
                               "--signaling.sip.tls_private_key=" + tls_->private_key_file()});
    }
    argv.insert(argv.end(), flags_.begin(), flags_.end());
    process_.reset();
    process_ = std::make_unique<ChildProcess>(argv, environment_);
  }

  std::vector<std::string> flags_;
  std::vector<std::string> environment_;
  bool ready_ = false;
  const TlsIdentity* tls_;
  uint16_t grpc_port_ = 0;
  uint16_t http_port_ = 0;
  uint16_t sip_udp_port_ = 0;
  uint16_t sip_tcp_port_ = 0;
  uint16_t sip_ws_port_ = 0;
  uint16_t sip_tls_port_ = 0;
  uint16_t sip_wss_port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace tandem::testing
