#include "cmd/tandemctl/client.hpp"

#include <google/protobuf/util/json_util.h>

#include <iostream>

#include "libs/common/grpc_status.hpp"

namespace tandem::ctl {

std::shared_ptr<grpc::Channel> connect(const Options& options) {
  return grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> call_context(const Options& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + options.timeout);
  return context;
}

std::string describe_failure(const Options& options, const std::string& what,
                             const grpc::Status& status) {
  const auto code = status.error_code();
  if (code == grpc::StatusCode::UNAVAILABLE &&
      status.error_message().find("registry store") == std::string::npos) {
    return "tandemctl: cannot reach tandem at " + options.server + " (" + status.error_message() +
           "); is it running? Start it with scripts/run, or pass --server HOST:PORT";
  }
  if (code == grpc::StatusCode::DEADLINE_EXCEEDED) {
    return "tandemctl: " + what + ": no answer from " + options.server + " within " +
           std::to_string(options.timeout.count()) + " ms; raise --timeout or check the server";
  }
  return "tandemctl: " + what + " failed: " + std::string(grpc_code_name(code)) + ": " +
         status.error_message();
}

void fail(const Options& options, const std::string& what, const grpc::Status& status) {
  std::cerr << describe_failure(options, what, status) << "\n";
  std::exit(1);
}

std::string to_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  print.preserve_proto_field_names = true;
  print.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, print);
  return json;
}

}  // namespace tandem::ctl
