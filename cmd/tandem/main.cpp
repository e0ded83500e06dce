#include <unistd.h>

#include <iostream>

#include "cmd/tandem/config_loader.hpp"
#include "cmd/tandem/server.hpp"
#include "libs/common/logging.hpp"
#include "libs/common/signals.hpp"

int main(int argc, char** argv) {
  // Before any thread exists, so that only the main thread ever sees SIGINT and SIGTERM.
  tandem::block_termination_signals();
  tandem::TandemConfig config;
  std::vector<std::string> warnings;
  if (auto exit_code = tandem::load_config(argc, argv, environ, config, warnings))
    return *exit_code;
  tandem::setup_logging(config.log);
  for (const auto& warning : warnings) tandem::component_logger("config")->warn("{}", warning);
  return tandem::run_server(config);
}
