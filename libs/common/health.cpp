#include "libs/common/health.hpp"

namespace tandem {

void Health::add_readiness_check(std::string name, Check check) {
  std::lock_guard lock(mutex_);
  checks_.emplace_back(std::move(name), std::move(check));
}

void Health::start_draining() { draining_ = true; }

std::vector<std::string> Health::readiness_problems() const {
  std::vector<std::string> problems;
  if (draining_) problems.emplace_back("draining: shutting down");
  std::lock_guard lock(mutex_);
  for (const auto& [name, check] : checks_) {
    if (auto problem = check()) problems.push_back(name + ": " + *problem);
  }
  return problems;
}

HttpServer::Response Health::healthz() const { return {200, "text/plain; charset=utf-8", "ok\n"}; }

HttpServer::Response Health::readyz() const {
  const auto problems = readiness_problems();
  if (problems.empty()) return {200, "text/plain; charset=utf-8", "ready\n"};
  std::string body = "not ready\n";
  for (const auto& problem : problems) body += problem + "\n";
  return {503, "text/plain; charset=utf-8", body};
}

}  // namespace tandem
