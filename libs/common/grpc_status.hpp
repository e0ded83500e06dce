#pragma once

#include <grpcpp/support/status.h>

#include <string_view>

#include "libs/common/error.hpp"

namespace tandem {

/// The gRPC status for a failure, carrying its message.
grpc::Status to_grpc_status(const Failure& failure);

/// The canonical name of a status code, e.g. "INVALID_ARGUMENT".
std::string_view grpc_code_name(grpc::StatusCode code);

}  // namespace tandem
