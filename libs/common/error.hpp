#pragma once

#include <string>
#include <string_view>

namespace tandem {

/// What went wrong, independent of the protocol that reports it. One place maps each code
/// to a gRPC status (grpc_status.hpp), a metric label (below) and, later, a SIP status.
enum class ErrorCode {
  invalid_argument,
  not_found,
  failed_precondition,
  out_of_range,
  resource_exhausted,
  unavailable,
  deadline_exceeded,
  unimplemented,
  internal,
};

/// A failed operation: a code and a message a user can act on.
struct Failure {
  ErrorCode code = ErrorCode::internal;
  std::string message;
};

/// The label used for this code in metrics, e.g. "invalid_argument".
std::string_view metric_label(ErrorCode code);

inline Failure invalid_argument(std::string message) {
  return {ErrorCode::invalid_argument, std::move(message)};
}
inline Failure unavailable(std::string message) {
  return {ErrorCode::unavailable, std::move(message)};
}
inline Failure internal_error(std::string message) {
  return {ErrorCode::internal, std::move(message)};
}

}  // namespace tandem
