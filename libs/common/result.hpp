#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "libs/common/error.hpp"

namespace tandem {

/// A value or the error that prevented it (a Failure unless said otherwise). Errors are
/// values in Tandem, not exceptions.
template <class T, class E = Failure>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(E failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const E& failure() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, E> state_;
};

/// Success with nothing to return.
struct Done {};

}  // namespace tandem
