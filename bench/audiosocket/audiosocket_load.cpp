// AudioSocket bridge load: N RTP <-> AudioSocket bridges on one media node, each fed 20 ms
// PCMU packets by a phone and answered by an echoing AudioSocket service in this process.
//
//   audiosocket_load --media 127.0.0.1:50051 --bridges 500 --seconds 10 [--relay-pid PID]
//
// Per bridge: an RTP endpoint and an AudioSocket endpoint, bridged. One UDP socket plays
// every phone (one SSRC per bridge, sent to each RTP endpoint every 20 ms, spread over the
// interval; the endpoints latch on it and send the echoed audio back to it, where it is
// drained every millisecond). The service accepts the node's connections, checks the UUID,
// and echoes each audio frame it receives. Prints one JSON line: bridges, the service's
// frames per second, pacing jitter (|interval between frames of one connection - 20 ms|,
// p50 and p99 over every connection), the phones' echoed packets per second, and with
// --relay-pid the node's CPU per bridge (percent of a core per 1,000 bridges).
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/common/load_stats.hpp"
#include "libs/media/audiosocket.hpp"
#include "tandem/v1/media.grpc.pb.h"

namespace {

using tandem::bench::cpu_us;
using tandem::bench::percentile;

using Clock = std::chrono::steady_clock;
namespace as = tandem::media::audiosocket;

struct Options {
  std::string media = "127.0.0.1:50051";
  int bridges = 100;
  int seconds = 10;
  int relay_pid = 0;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--media")
      options.media = value();
    else if (arg == "--bridges")
      options.bridges = std::stoi(value());
    else if (arg == "--seconds")
      options.seconds = std::stoi(value());
    else if (arg == "--relay-pid")
      options.relay_pid = std::stoi(value());
    else {
      std::cerr << "audiosocket_load: unknown argument " << arg << "\n";
      std::exit(2);
    }
  }
  return options;
}

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
      .count();
}

/// The echoing service: one epoll thread over every accepted connection.
class EchoService {
 public:
  EchoService() : listener_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 4096);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~EchoService() {
    stopping_ = true;
    thread_.join();
  }

  uint16_t port() const { return port_; }
  /// Starts counting frames and intervals from now.
  void measure() { measuring_ = true; }
  uint64_t frames() const { return frames_; }
  std::vector<int64_t>& jitter_us() { return jitter_us_; }

 private:
  struct Connection {
    as::Reader reader;
    int64_t last_frame_us = 0;
  };

  void run() {
    const int epoll_fd = epoll_create1(0);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = listener_;
    epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listener_, &event);
    std::vector<epoll_event> events(512);
    std::vector<uint8_t> buffer(65536);
    while (!stopping_) {
      const int ready = epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == listener_) {
          const int connection = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK);
          epoll_event added{};
          added.events = EPOLLIN;
          added.data.fd = connection;
          epoll_ctl(epoll_fd, EPOLL_CTL_ADD, connection, &added);
          connections_[connection];
          continue;
        }
        const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0) continue;
        serve(fd, std::span<const uint8_t>(buffer.data(), static_cast<size_t>(n)));
      }
    }
    close(epoll_fd);
  }

  void serve(int fd, std::span<const uint8_t> bytes) {
    auto& connection = connections_[fd];
    connection.reader.feed(bytes);
    std::vector<uint8_t> echo;
    for (auto m = connection.reader.next(); m.ok() && m.value(); m = connection.reader.next()) {
      if (m.value()->kind != as::kAudio) continue;
      const int64_t now = now_us();
      if (measuring_ && connection.last_frame_us != 0) {
        jitter_us_.push_back(std::abs(now - connection.last_frame_us - 20'000));
        ++frames_;
      }
      connection.last_frame_us = now;
      as::append_message(echo, as::kAudio, m.value()->payload);
    }
    if (!echo.empty()) send(fd, echo.data(), echo.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }

  int listener_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> measuring_{false};
  std::atomic<uint64_t> frames_{0};
  std::vector<int64_t> jitter_us_;
  std::unordered_map<int, Connection> connections_;
};

int phone_socket(uint16_t& port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int buffer = 64 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

std::string create(tandem::v1::Media::Stub& media, const tandem::v1::CreateEndpointRequest& request,
                   uint16_t* port) {
  grpc::ClientContext context;
  tandem::v1::CreateEndpointResponse response;
  const auto status = media.CreateEndpoint(&context, request, &response);
  if (!status.ok()) {
    std::cerr << "audiosocket_load: CreateEndpoint: " << status.error_message() << "\n";
    std::exit(1);
  }
  if (port != nullptr) *port = static_cast<uint16_t>(response.local().port());
  return response.endpoint_id();
}

/// The bridge's RTP port.
uint16_t make_bridge(tandem::v1::Media::Stub& media, int index, uint16_t phone_port,
                     uint16_t service_port) {
  tandem::v1::CreateEndpointRequest rtp;
  rtp.set_kind(tandem::v1::ENDPOINT_KIND_RTP);
  rtp.set_call_id("as-load-" + std::to_string(index));
  rtp.mutable_remote()->set_host("127.0.0.1");
  rtp.mutable_remote()->set_port(phone_port);
  uint16_t rtp_port = 0;
  const auto a = create(media, rtp, &rtp_port);
  tandem::v1::CreateEndpointRequest audiosocket;
  audiosocket.set_kind(tandem::v1::ENDPOINT_KIND_AUDIOSOCKET);
  audiosocket.set_call_id(rtp.call_id());
  audiosocket.set_audiosocket_target("127.0.0.1:" + std::to_string(service_port));
  char uuid[37];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012x", index);
  audiosocket.set_audiosocket_uuid(uuid);
  const auto b = create(media, audiosocket, nullptr);
  grpc::ClientContext context;
  tandem::v1::BridgeRequest request;
  request.set_endpoint_a(a);
  request.set_endpoint_b(b);
  tandem::v1::BridgeResponse response;
  if (!media.Bridge(&context, request, &response).ok()) std::exit(1);
  return rtp_port;
}

void send_packet(int fd, uint16_t to, uint32_t ssrc, uint16_t sequence) {
  uint8_t packet[172] = {0x80, 0x00, static_cast<uint8_t>(sequence >> 8),
                         static_cast<uint8_t>(sequence)};
  const uint32_t timestamp = static_cast<uint32_t>(sequence) * 160;
  for (int i = 0; i < 4; ++i) packet[4 + i] = static_cast<uint8_t>(timestamp >> (24 - 8 * i));
  for (int i = 0; i < 4; ++i) packet[8 + i] = static_cast<uint8_t>(ssrc >> (24 - 8 * i));
  std::memset(packet + 12, 0x55, sizeof packet - 12);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(to);
  sendto(fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr*>(&address), sizeof address);
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  EchoService service;
  uint16_t phone_port = 0;
  const int phone = phone_socket(phone_port);
  auto media = tandem::v1::Media::NewStub(
      grpc::CreateChannel(options.media, grpc::InsecureChannelCredentials()));
  std::vector<uint16_t> targets;
  for (int i = 0; i < options.bridges; ++i) {
    targets.push_back(make_bridge(*media, i, phone_port, service.port()));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // every session under way
  std::atomic<bool> done{false};
  std::atomic<uint64_t> echoed{0};
  std::thread drain([&] {
    uint8_t buffer[2048];
    while (!done) {
      while (recv(phone, buffer, sizeof buffer, MSG_DONTWAIT) > 0) ++echoed;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  service.measure();
  const uint64_t echoed_before = echoed;
  const int64_t cpu_before = options.relay_pid != 0 ? cpu_us(options.relay_pid) : 0;
  const auto started = Clock::now();
  const auto end = started + std::chrono::seconds(options.seconds);
  const auto step = std::chrono::microseconds(20'000) / std::max(1, options.bridges);
  auto next = started;
  for (uint64_t n = 0; Clock::now() < end; ++n) {
    std::this_thread::sleep_until(next);
    const size_t i = n % targets.size();
    send_packet(phone, targets[i], static_cast<uint32_t>(0x20000 + i),
                static_cast<uint16_t>(n / targets.size()));
    next += step;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const int64_t cpu_after = options.relay_pid != 0 ? cpu_us(options.relay_pid) : 0;
  done = true;
  drain.join();
  const uint64_t frames = service.frames();
  auto& jitter = service.jitter_us();
  std::cout << "{\"bridges\":" << options.bridges
            << ",\"service_frames_per_second\":" << static_cast<int64_t>(frames / elapsed)
            << ",\"expected_frames_per_second\":" << options.bridges * 50
            << ",\"pacing_jitter_us_p50\":" << percentile(jitter, 0.5)
            << ",\"pacing_jitter_us_p99\":" << percentile(jitter, 0.99)
            << ",\"echoed_packets_per_second\":"
            << static_cast<int64_t>(static_cast<double>(echoed - echoed_before) / elapsed);
  if (options.relay_pid != 0) {
    const double core_share = static_cast<double>(cpu_after - cpu_before) / 1e6 / elapsed;
    std::cout << ",\"relay_core_percent_per_1000_bridges\":"
              << core_share * 100 * 1000 / options.bridges;
  }
  std::cout << "}" << std::endl;
  return 0;
}
