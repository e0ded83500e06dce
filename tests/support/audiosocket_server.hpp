#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "libs/media/audiosocket.hpp"

namespace tandem::testing {

/// A small AudioSocket service for tests (no package provides one): it accepts one
/// connection on 127.0.0.1, records what it receives (the UUID, audio, DTMF) and sends
/// what the test asks for. Thread-safe.
class AudioSocketServer {
 public:
  AudioSocketServer();
  ~AudioSocketServer();
  AudioSocketServer(const AudioSocketServer&) = delete;
  AudioSocketServer& operator=(const AudioSocketServer&) = delete;

  uint16_t port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }

  std::optional<std::string> uuid() const;
  std::vector<int16_t> audio() const;
  size_t audio_messages() const;
  std::string dtmf() const;

  /// Sends 8 kHz samples as 20 ms audio messages; a hangup; any bytes.
  void send_audio(const std::vector<int16_t>& samples);
  void send_hangup();
  void send_raw(const std::vector<uint8_t>& bytes);
  /// Closes the connection without a hangup message.
  void disconnect();

 private:
  void serve();

  int listener_ = -1;
  std::atomic<int> connection_{-1};
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::optional<std::string> uuid_;
  std::vector<int16_t> audio_;
  size_t audio_messages_ = 0;
  std::string dtmf_;
  std::thread thread_;
};

}  // namespace tandem::testing
