#include "tests/support/audiosocket_server.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tandem::testing {

using namespace tandem::media;

AudioSocketServer::AudioSocketServer() : listener_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  listen(listener_, 4);
  socklen_t length = sizeof address;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

AudioSocketServer::~AudioSocketServer() {
  stopping_ = true;
  thread_.join();
  disconnect();
  close(listener_);
}

void AudioSocketServer::serve() {
  pollfd accepting{listener_, POLLIN, 0};
  while (!stopping_ && poll(&accepting, 1, 50) != 1) {
  }
  if (stopping_) return;
  connection_ = accept(listener_, nullptr, nullptr);
  audiosocket::Reader reader;
  std::vector<uint8_t> buffer(4096);
  while (!stopping_) {
    pollfd readable{connection_, POLLIN, 0};
    if (poll(&readable, 1, 50) != 1) continue;
    const ssize_t n = recv(connection_, buffer.data(), buffer.size(), 0);
    if (n <= 0) return;
    reader.feed(std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
    for (auto message = reader.next(); message.ok() && message.value(); message = reader.next()) {
      const auto& m = *message.value();
      std::lock_guard lock(mutex_);
      if (m.kind == audiosocket::kUuid && m.payload.size() == 16) {
        audiosocket::Uuid uuid{};
        std::copy(m.payload.begin(), m.payload.end(), uuid.begin());
        uuid_ = audiosocket::format_uuid(uuid);
      } else if (m.kind == audiosocket::kDtmf && !m.payload.empty()) {
        dtmf_ += static_cast<char>(m.payload[0]);
      } else if (m.kind == audiosocket::kAudio) {
        std::vector<int16_t> samples(m.payload.size() / 2);
        audiosocket::read_samples(m.payload, samples);
        audio_.insert(audio_.end(), samples.begin(), samples.end());
        ++audio_messages_;
      }
    }
  }
}

std::optional<std::string> AudioSocketServer::uuid() const {
  std::lock_guard lock(mutex_);
  return uuid_;
}

std::vector<int16_t> AudioSocketServer::audio() const {
  std::lock_guard lock(mutex_);
  return audio_;
}

size_t AudioSocketServer::audio_messages() const {
  std::lock_guard lock(mutex_);
  return audio_messages_;
}

std::string AudioSocketServer::dtmf() const {
  std::lock_guard lock(mutex_);
  return dtmf_;
}

void AudioSocketServer::send_audio(const std::vector<int16_t>& samples) {
  std::vector<uint8_t> bytes;
  for (size_t at = 0; at < samples.size(); at += 160) {
    const size_t count = std::min<size_t>(160, samples.size() - at);
    audiosocket::append_audio(bytes, std::span<const int16_t>(samples.data() + at, count));
  }
  send_raw(bytes);
}

void AudioSocketServer::send_hangup() { send_raw({audiosocket::kHangup, 0, 0}); }

void AudioSocketServer::send_raw(const std::vector<uint8_t>& bytes) {
  if (connection_ >= 0) send(connection_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

void AudioSocketServer::disconnect() {
  const int fd = connection_.exchange(-1);
  if (fd >= 0) close(fd);
}

}  // namespace tandem::testing
