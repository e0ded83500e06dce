#include "libs/common/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace tandem {
namespace {

/// %* in the JSON pattern: the message, escaped as a JSON string body.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    for (char c : msg.payload) append(c, dest);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonEscapedMessage>();
  }

 private:
  static void append(char c, spdlog::memory_buf_t& dest) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      dest.push_back('\\');
      dest.push_back(c);
    } else if (byte < 0x20) {
      const char escaped[] = {'\\', 'u', '0', '0', hex[byte >> 4], hex[byte & 15]};
      dest.append(escaped, escaped + sizeof escaped);
    } else {
      dest.push_back(c);
    }
  }
};

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

spdlog::sink_ptr shared_sink() {
  static auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return sink;
}

}  // namespace

void setup_logging(const LogOptions& options) {
  std::lock_guard lock(registry_mutex());
  if (options.format == "json") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","component":"%n","msg":"%*"})");
    spdlog::set_formatter(std::move(formatter));
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %-5l [%n] %v");
  }
  spdlog::set_level(spdlog::level::from_str(options.level));
  spdlog::flush_on(spdlog::level::warn);
}

std::shared_ptr<spdlog::logger> component_logger(const std::string& component) {
  std::lock_guard lock(registry_mutex());
  if (auto existing = spdlog::get(component)) return existing;
  auto logger = std::make_shared<spdlog::logger>(component, shared_sink());
  spdlog::initialize_logger(logger);
  return logger;
}

}  // namespace tandem
