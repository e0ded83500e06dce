#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>

namespace tandem {

/// Sets a protobuf Timestamp from Unix milliseconds.
inline void set_timestamp(google::protobuf::Timestamp* timestamp, int64_t unix_ms) {
  timestamp->set_seconds(unix_ms / 1000);
  timestamp->set_nanos(static_cast<int32_t>(unix_ms % 1000) * 1'000'000);
}

/// Unix milliseconds of a protobuf Timestamp.
inline int64_t unix_ms_of(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() * 1000 + timestamp.nanos() / 1'000'000;
}

}  // namespace tandem
