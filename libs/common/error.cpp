#include "libs/common/error.hpp"

namespace tandem {

std::string_view metric_label(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::failed_precondition: return "failed_precondition";
    case ErrorCode::out_of_range: return "out_of_range";
    case ErrorCode::resource_exhausted: return "resource_exhausted";
    case ErrorCode::unavailable: return "unavailable";
    case ErrorCode::deadline_exceeded: return "deadline_exceeded";
    case ErrorCode::unimplemented: return "unimplemented";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace tandem
