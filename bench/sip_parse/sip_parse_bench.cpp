// Parser throughput on typical messages and on the RFC 4475 corpus:
//   taskset -c 1 build/release/bench/sip_parse/sip_parse_bench
//     --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
// Read the _median rows: a shared VM varies by about 10% from run to run.
// The REGISTER case does what the registrar needs of every request: parse, index the
// headers, and read Via, From, To, Call-ID, CSeq and Contact. Target: >= 1,000,000/s/core.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/sip/contact.hpp"
#include "libs/sip/parser.hpp"
#include "libs/sip/request_info.hpp"

namespace tandem::sip {
namespace {

const std::string kRegister =
    "REGISTER sip:example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.4:5060;rport;branch=z9hG4bKnashds7\r\n"
    "Max-Forwards: 70\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=a73kszlfl\r\n"
    "To: \"Alice\" <sip:alice@example.com>\r\n"
    "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.4\r\n"
    "CSeq: 1826 REGISTER\r\n"
    "Contact: "
    "<sip:alice@192.0.2.4:5060;transport=udp>;expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-"
    "1000-8000-000A95A0E128>\";reg-id=1\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, MESSAGE, UPDATE\r\n"
    "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n"
    "Supported: outbound, path\r\n"
    "Content-Length: 0\r\n\r\n";

const std::string kInvite =
    "INVITE sip:bob@example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@example.com>\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.example.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 142\r\n\r\n"
    "v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.example.com\r\ns=-\r\n"
    "c=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

const std::string kOk =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP 192.0.2.4:5060;rport=5060;branch=z9hG4bKnashds7;received=192.0.2.4\r\n"
    "From: \"Alice\" <sip:alice@example.com>;tag=a73kszlfl\r\n"
    "To: \"Alice\" <sip:alice@example.com>;tag=37GkEhwl6\r\n"
    "Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.4\r\n"
    "CSeq: 1826 REGISTER\r\n"
    "Contact: <sip:alice@192.0.2.4:5060;transport=udp>;expires=3600\r\n"
    "Content-Length: 0\r\n\r\n";

void BM_ParseRegisterForTheRegistrar(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = parse_message(kRegister, Framing::datagram);
    auto info = inspect_request(*parsed.message);
    auto list = parse_contacts(*parsed.message);
    benchmark::DoNotOptimize(info);
    benchmark::DoNotOptimize(list);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseRegisterForTheRegistrar);

// The stages of the case above, to see where its time goes.
void BM_StageIndexOnly(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_message(kRegister, Framing::datagram));
}
BENCHMARK(BM_StageIndexOnly);

void BM_StageInspect(benchmark::State& state) {
  auto parsed = parse_message(kRegister, Framing::datagram);
  for (auto _ : state) benchmark::DoNotOptimize(inspect_request(*parsed.message));
}
BENCHMARK(BM_StageInspect);

void BM_StageContacts(benchmark::State& state) {
  auto parsed = parse_message(kRegister, Framing::datagram);
  for (auto _ : state) benchmark::DoNotOptimize(parse_contacts(*parsed.message));
}
BENCHMARK(BM_StageContacts);

void BM_ParseInvite(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = parse_message(kInvite, Framing::datagram);
    benchmark::DoNotOptimize(inspect_request(*parsed.message));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseInvite);

void BM_ParseResponse(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = parse_message(kOk, Framing::datagram);
    benchmark::DoNotOptimize(inspect_response(*parsed.message));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseResponse);

void BM_ParseTortureCorpus(benchmark::State& state) {
  std::vector<std::string> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(TANDEM_SIP_CORPUS)) {
    if (entry.path().extension() != ".dat") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    corpus.push_back(bytes.str());
  }
  for (auto _ : state) {
    for (const auto& message : corpus) {
      auto parsed = parse_message(message, Framing::datagram);
      if (parsed.message && parsed.message->is_request()) {
        benchmark::DoNotOptimize(inspect_request(*parsed.message));
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
}
BENCHMARK(BM_ParseTortureCorpus);

}  // namespace
}  // namespace tandem::sip

BENCHMARK_MAIN();
