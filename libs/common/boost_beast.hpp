#pragma once

// Boost.Asio and Boost.Beast, included in one place because Boost 1.74's asio uses
// std::exchange without including <utility>, which C++20 no longer pulls in for it.
// clang-format off
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
