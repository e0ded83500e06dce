#pragma once

// What the load generators under bench/ measure the same way.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tandem::bench {

/// utime + stime of a process, in microseconds (from /proc/<pid>/stat).
inline int64_t cpu_us(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // Fields after the command name, which may hold spaces: state is field 3.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  int64_t ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stoll(field);
  }
  return ticks * 1'000'000 / sysconf(_SC_CLK_TCK);
}

/// The p-th quantile (0..1) of `values`, which it reorders; 0 when empty.
inline int64_t percentile(std::vector<int64_t>& values, double p) {
  if (values.empty()) return 0;
  const auto at = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

}  // namespace tandem::bench
