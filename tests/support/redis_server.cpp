#include "tests/support/redis_server.hpp"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

#include "tests/support/free_port.hpp"

namespace tandem::testing {

RedisServer::RedisServer(bool persistent, std::vector<std::string> extra_arguments)
    : persistent_(persistent),
      extra_arguments_(std::move(extra_arguments)),
      port_(free_tcp_port()) {
  std::string pattern = "/tmp/tandem-redis-XXXXXX";
  directory_ = mkdtemp(pattern.data());
  start();
}

RedisServer::~RedisServer() {
  stop();
  std::filesystem::remove_all(directory_);
}

void RedisServer::start() {
  std::vector<std::string> argv{"redis-server",
                                "--port",
                                std::to_string(port_),
                                "--bind",
                                "127.0.0.1",
                                "--save",
                                "",
                                "--appendonly",
                                persistent_ ? "yes" : "no",
                                "--appendfsync",
                                "always",
                                "--dir",
                                directory_,
                                "--daemonize",
                                "no",
                                "--loglevel",
                                "warning"};
  argv.insert(argv.end(), extra_arguments_.begin(), extra_arguments_.end());
  process_ = std::make_unique<ChildProcess>(argv);
  const bool up = eventually([this] {
    const auto answer = cli({"PING"});
    return answer == "PONG\n" || answer.starts_with("NOAUTH");
  });
  if (!up) throw std::runtime_error("redis-server did not start: " + process_->output());
}

void RedisServer::stop() {
  if (process_ == nullptr) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(10));
  process_.reset();
}

std::string RedisServer::cli(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"redis-cli", "-h", "127.0.0.1", "-p", std::to_string(port_)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, "", std::chrono::seconds(5)).out;
}

}  // namespace tandem::testing
