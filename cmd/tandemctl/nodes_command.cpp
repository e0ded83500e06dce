#include "cmd/tandemctl/nodes_command.hpp"

#include <iostream>
#include <map>

#include "cmd/tandemctl/table.hpp"
#include "libs/common/proto_time.hpp"
#include "tandem/v1/registry.grpc.pb.h"

namespace tandem::ctl {
namespace {

std::string roles_text(const v1::Node& node) {
  std::string text;
  for (int role : node.roles()) {
    std::string name = v1::NodeRole_Name(static_cast<v1::NodeRole>(role));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    text += (text.empty() ? "" : ",") + name.substr(std::string("node_role_").size());
  }
  return text;
}

std::string address(const v1::Node& node, const std::string& name) {
  const auto found = node.addresses().find(name);
  return found == node.addresses().end() ? "-" : found->second;
}

std::string seconds_left(const v1::Node& node) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return std::to_string(std::max<int64_t>(0, (unix_ms_of(node.expires_at()) - now + 999) / 1000)) +
         "s";
}

const std::map<std::string, v1::NodeRole>& role_names() {
  static const std::map<std::string, v1::NodeRole> names{{"", v1::NODE_ROLE_UNSPECIFIED},
                                                         {"signaling", v1::NODE_ROLE_SIGNALING},
                                                         {"media", v1::NODE_ROLE_MEDIA},
                                                         {"registry", v1::NODE_ROLE_REGISTRY}};
  return names;
}

void list(const Options& options, const std::string& role) {
  auto stub = v1::Directory::NewStub(connect(options));
  v1::ListNodesRequest request;
  request.set_role(role_names().at(role));
  v1::ListNodesResponse response;
  auto status = stub->List(call_context(options).get(), request, &response);
  if (!status.ok()) fail(options, "nodes list", status);
  if (options.output == "json") {
    std::cout << to_json(response);
    return;
  }
  if (response.nodes().empty()) {
    std::cout << "No nodes.\n";
    return;
  }
  Table table({"NODE", "ROLES", "GRPC", "HTTP", "LOAD", "DRAINING", "EXPIRES", "VERSION"});
  for (const auto& node : response.nodes()) {
    table.add({node.node_id(), roles_text(node), address(node, "grpc"), address(node, "http"),
               std::to_string(static_cast<int>(node.load() * 100)) + "%",
               node.draining() ? "yes" : "no", seconds_left(node),
               node.version().empty() ? "-" : node.version()});
  }
  table.print(std::cout);
}

}  // namespace

void add_nodes_command(CLI::App& app, Options& options) {
  auto* command = app.add_subcommand("nodes", "the cluster's node directory");
  command->require_subcommand(1);
  auto* list_command = command->add_subcommand("list", "list live nodes");
  auto role = std::make_shared<std::string>();
  list_command->add_option("--role", *role, "only nodes holding this role")
      ->check(CLI::IsMember({"signaling", "media", "registry"}));
  list_command->callback([&options, role] { list(options, *role); });
}

}  // namespace tandem::ctl
