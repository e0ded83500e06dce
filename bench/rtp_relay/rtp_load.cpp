// RTP relay load: N concurrent G.711 streams through one media node, or straight to the
// receiver (--direct, the loopback ceiling). Each stream has one UDP socket: it sends
// 172-byte packets (12-byte header, 160 bytes of PCMU) every 20 ms to the stream's first
// endpoint, which is bridged to a second endpoint whose remote is the receiver: one socket
// with a large buffer, drained every millisecond without ever sleeping on it, so that the
// relay's sends do not pay for waking the generator (on loopback the sender's CPU time
// includes the receiver's wake-up). Sends are spread evenly over each 20 ms.
//
//   rtp_load --media 127.0.0.1:50051 --streams 1000 --seconds 10 [--relay-pid PID]
//   rtp_load --direct --streams 1000 --seconds 10
//
// Prints one JSON line: streams, packets sent and received, loss, forwarded packets per
// second, latency percentiles (send to receive, in microseconds), and with --relay-pid the
// relay's CPU microseconds per forwarded packet (from /proc/PID/stat).
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/load_stats.hpp"
#include "tandem/v1/media.grpc.pb.h"

namespace {

using tandem::bench::cpu_us;
using tandem::bench::percentile;

using Clock = std::chrono::steady_clock;

struct Options {
  std::string media = "127.0.0.1:50051";
  int streams = 100;
  int seconds = 10;
  bool direct = false;
  int relay_pid = 0;
};

struct Stream {
  int fd = -1;
  uint16_t port = 0;    // the generator socket's own port
  uint16_t target = 0;  // where it sends: the first endpoint, or itself with --direct
  uint16_t sequence = 0;
  uint32_t ssrc = 0;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--media")
      options.media = value();
    else if (arg == "--streams")
      options.streams = std::stoi(value());
    else if (arg == "--seconds")
      options.seconds = std::stoi(value());
    else if (arg == "--relay-pid")
      options.relay_pid = std::stoi(value());
    else if (arg == "--direct")
      options.direct = true;
    else {
      std::cerr << "rtp_load: unknown argument " << arg << "\n";
      std::exit(2);
    }
  }
  return options;
}

int open_socket(uint16_t& port, int receive_buffer = 0) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (receive_buffer > 0) {
    // Past net.core.rmem_max when root (the benchmark runs as root in its namespace).
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_buffer, sizeof receive_buffer) != 0) {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

/// Two endpoints per stream, bridged, the second sending to the receiver; returns the first
/// one's port.
uint16_t make_relay_path(tandem::v1::Media::Stub& media, uint16_t sender_port,
                         uint16_t receiver_port, int index) {
  std::string ids[2];
  uint16_t first_port = 0;
  for (int side = 0; side < 2; ++side) {
    grpc::ClientContext context;
    tandem::v1::CreateEndpointRequest request;
    request.set_kind(tandem::v1::ENDPOINT_KIND_RTP);
    request.set_call_id("load-" + std::to_string(index));
    request.mutable_remote()->set_host("127.0.0.1");
    request.mutable_remote()->set_port(side == 0 ? sender_port : receiver_port);
    tandem::v1::CreateEndpointResponse response;
    const auto status = media.CreateEndpoint(&context, request, &response);
    if (!status.ok()) {
      std::cerr << "rtp_load: CreateEndpoint: " << status.error_message() << "\n";
      std::exit(1);
    }
    ids[side] = response.endpoint_id();
    if (side == 0) first_port = static_cast<uint16_t>(response.local().port());
  }
  grpc::ClientContext context;
  tandem::v1::BridgeRequest request;
  request.set_endpoint_a(ids[0]);
  request.set_endpoint_b(ids[1]);
  tandem::v1::BridgeResponse response;
  if (const auto status = media.Bridge(&context, request, &response); !status.ok()) {
    std::cerr << "rtp_load: Bridge: " << status.error_message() << "\n";
    std::exit(1);
  }
  return first_port;
}

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

void send_packet(Stream& stream) {
  uint8_t packet[172] = {0x80, 0x00};
  packet[2] = static_cast<uint8_t>(stream.sequence >> 8);
  packet[3] = static_cast<uint8_t>(stream.sequence);
  const uint32_t timestamp = static_cast<uint32_t>(stream.sequence) * 160;
  for (int i = 0; i < 4; ++i) packet[4 + i] = static_cast<uint8_t>(timestamp >> (24 - 8 * i));
  for (int i = 0; i < 4; ++i) packet[8 + i] = static_cast<uint8_t>(stream.ssrc >> (24 - 8 * i));
  const int64_t sent = now_ns();
  std::memcpy(packet + 12, &sent, sizeof sent);  // the payload carries its send time
  std::memset(packet + 20, 0xff, sizeof packet - 20);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(stream.target);
  sendto(stream.fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
  ++stream.sequence;
}

/// Sends one packet per stream per 20 ms, spread over the interval, until `end`.
uint64_t run_sender(std::vector<Stream>& streams, Clock::time_point end) {
  uint64_t sent = 0;
  const auto interval = std::chrono::microseconds(20'000);
  const auto step = interval / static_cast<int64_t>(streams.size());
  auto next = Clock::now();
  for (size_t i = 0; Clock::now() < end; i = (i + 1) % streams.size()) {
    std::this_thread::sleep_until(next);
    send_packet(streams[i]);
    ++sent;
    next += step;
  }
  return sent;
}

struct Received {
  uint64_t packets = 0;
  std::vector<int64_t> latencies_us;
};

void run_receiver(int fd, const std::atomic<bool>& done, Received& out) {
  constexpr unsigned kBatch = 256;
  static uint8_t buffers[kBatch][256];
  mmsghdr messages[kBatch];
  iovec vectors[kBatch];
  while (!done) {
    for (;;) {
      for (unsigned i = 0; i < kBatch; ++i) {
        vectors[i] = {buffers[i], sizeof buffers[i]};
        messages[i] = {};
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
      }
      const int n = recvmmsg(fd, messages, kBatch, MSG_DONTWAIT, nullptr);
      if (n <= 0) break;
      const int64_t now = now_ns();
      for (int i = 0; i < n; ++i) {
        if (messages[i].msg_len < 20) continue;
        int64_t sent = 0;
        std::memcpy(&sent, buffers[i] + 12, sizeof sent);
        ++out.packets;
        if (out.latencies_us.size() < 5'000'000) out.latencies_us.push_back((now - sent) / 1000);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  std::vector<Stream> streams(static_cast<size_t>(options.streams));
  std::unique_ptr<tandem::v1::Media::Stub> media;
  if (!options.direct) {
    media = tandem::v1::Media::NewStub(
        grpc::CreateChannel(options.media, grpc::InsecureChannelCredentials()));
  }
  uint16_t receiver_port = 0;
  const int receiver_fd = open_socket(receiver_port, 64 << 20);
  for (size_t i = 0; i < streams.size(); ++i) {
    auto& stream = streams[i];
    stream.fd = open_socket(stream.port);
    stream.ssrc = static_cast<uint32_t>(0x10000 + i);
    stream.target = options.direct
                        ? receiver_port
                        : make_relay_path(*media, stream.port, receiver_port, static_cast<int>(i));
  }
  std::atomic<bool> done{false};
  Received received;
  std::thread receiver([&] { run_receiver(receiver_fd, done, received); });
  const int64_t cpu_before = options.relay_pid != 0 ? cpu_us(options.relay_pid) : 0;
  const auto started = Clock::now();
  const uint64_t sent = run_sender(streams, started + std::chrono::seconds(options.seconds));
  const auto elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the last packets in flight
  const int64_t cpu_after = options.relay_pid != 0 ? cpu_us(options.relay_pid) : 0;
  done = true;
  receiver.join();
  const double loss =
      sent == 0 ? 0 : 1.0 - static_cast<double>(received.packets) / static_cast<double>(sent);
  std::cout << "{\"mode\":\"" << (options.direct ? "direct" : "relay")
            << "\",\"streams\":" << options.streams << ",\"sent\":" << sent
            << ",\"received\":" << received.packets << ",\"loss\":" << std::max(0.0, loss)
            << ",\"packets_per_second\":" << static_cast<int64_t>(received.packets / elapsed)
            << ",\"latency_us_p50\":" << percentile(received.latencies_us, 0.5)
            << ",\"latency_us_p99\":" << percentile(received.latencies_us, 0.99);
  if (options.relay_pid != 0 && received.packets > 0) {
    std::cout << ",\"relay_cpu_us_per_packet\":"
              << static_cast<double>(cpu_after - cpu_before) /
                     static_cast<double>(received.packets);
  }
  std::cout << "}" << std::endl;
  return 0;
}
