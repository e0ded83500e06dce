#include <CLI/CLI.hpp>

#include "cmd/tandemctl/nodes_command.hpp"
#include "cmd/tandemctl/registrations_command.hpp"

int main(int argc, char** argv) {
  tandem::ctl::Options options;
  CLI::App app{"tandemctl: operate a Tandem gateway over gRPC", "tandemctl"};
  app.require_subcommand(1);
  app.add_option("--server", options.server, "gRPC address of a tandem node")
      ->envname("TANDEM_SERVER")
      ->capture_default_str();
  app.add_option("-o,--output", options.output, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  int64_t timeout_ms = options.timeout.count();
  app.add_option("--timeout", timeout_ms, "milliseconds to wait for an answer")
      ->check(CLI::Range(int64_t{1}, int64_t{600'000}))
      ->capture_default_str();
  app.parse_complete_callback([&] { options.timeout = std::chrono::milliseconds{timeout_ms}; });
  tandem::ctl::add_registrations_command(app, options);
  tandem::ctl::add_nodes_command(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}
