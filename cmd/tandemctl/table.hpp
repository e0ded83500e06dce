#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tandem::ctl {

/// A plain text table: a header row and aligned columns, the way kubectl prints.
class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void add(std::vector<std::string> row);
  void print(std::ostream& out) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace tandem::ctl
