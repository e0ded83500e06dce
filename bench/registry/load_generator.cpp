// registry_load: drives Registry.Bind or Registry.Lookup on a running tandem with N calls in
// flight, and prints throughput and latency percentiles. bench/registry/run.sh starts the
// server (memory or Redis store) and runs this against it; see docs/benchmarks.md.
#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "tandem/v1/registry.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string server = "127.0.0.1:50051";
  std::string op = "bind";
  int clients = 64;
  int channels = 1;
  int aors = 4096;
  double seconds = 10;
  double warmup = 2;
  std::string label;
};

/// One call slot: a client that always has exactly one call in flight.
struct Slot {
  int index = 0;
  uint32_t cseq = 0;
  Clock::time_point started;
  std::unique_ptr<grpc::ClientContext> context;
  tandem::v1::BindResponse bind_response;
  tandem::v1::LookupResponse lookup_response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<tandem::v1::BindResponse>> bind_reader;
  std::unique_ptr<grpc::ClientAsyncResponseReader<tandem::v1::LookupResponse>> lookup_reader;
};

std::string aor_of(int n) { return "sip:bench" + std::to_string(n) + "@bench.example"; }

/// Each slot registers under a Call-ID of its own (per run), so that its CSeqs rise in
/// order whichever AORs it shares with other slots, as separate phones would.
tandem::v1::BindRequest bind_request(int aor, const std::string& call_id, uint32_t cseq) {
  tandem::v1::BindRequest request;
  request.set_aor(aor_of(aor));
  request.set_call_id(call_id);
  request.set_cseq(cseq);
  request.set_transport(tandem::v1::TRANSPORT_UDP);
  request.set_source_address("127.0.0.1:5070");
  request.set_user_agent("registry_load");
  auto* contact = request.add_contacts();
  contact->set_uri("sip:bench" + std::to_string(aor) + "@127.0.0.1:5070");
  contact->set_expires_seconds(3600);
  return request;
}

/// One channel (one HTTP/2 connection) with its completion queue and its share of the slots.
class Lane {
 public:
  Lane(const Options& options, int first_slot, int slot_count)
      : options_(options),
        stub_(tandem::v1::Registry::NewStub(channel(options.server, first_slot))) {
    for (int i = 0; i < slot_count; ++i) {
      slots_.push_back(std::make_unique<Slot>());
      slots_.back()->index = first_slot + i;
    }
  }

  void run(std::atomic<bool>& measuring, std::atomic<bool>& stopping) {
    for (auto& slot : slots_) start(*slot);
    void* tag = nullptr;
    bool ok = false;
    size_t in_flight = slots_.size();
    while (in_flight > 0 && queue_.Next(&tag, &ok)) {
      auto& slot = *static_cast<Slot*>(tag);
      const auto latency = Clock::now() - slot.started;
      if (measuring) record(slot, latency);
      if (stopping) {
        --in_flight;
      } else {
        start(slot);
      }
    }
  }

  std::vector<double> latencies_us;
  uint64_t errors = 0;
  std::string first_error;

 private:
  static std::shared_ptr<grpc::Channel> channel(const std::string& server, int salt) {
    grpc::ChannelArguments args;
    args.SetInt("lane", salt);  // distinct arguments: a connection of its own
    return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args);
  }

  void record(const Slot& slot, Clock::duration latency) {
    if (!slot.status.ok()) {
      if (errors++ == 0) first_error = slot.status.error_message();
      return;
    }
    latencies_us.push_back(std::chrono::duration<double, std::micro>(latency).count());
  }

  void start(Slot& slot) {
    slot.context = std::make_unique<grpc::ClientContext>();
    slot.context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    const int aor = (slot.index + static_cast<int>(slot.cseq) * options_.clients) % options_.aors;
    slot.started = Clock::now();
    if (options_.op == "bind") {
      const auto request = bind_request(aor, call_id_ + std::to_string(slot.index), ++slot.cseq);
      slot.bind_reader = stub_->AsyncBind(slot.context.get(), request, &queue_);
      slot.bind_reader->Finish(&slot.bind_response, &slot.status, &slot);
    } else {
      ++slot.cseq;
      tandem::v1::LookupRequest request;
      request.set_aor(aor_of(aor));
      slot.lookup_reader = stub_->AsyncLookup(slot.context.get(), request, &queue_);
      slot.lookup_reader->Finish(&slot.lookup_response, &slot.status, &slot);
    }
  }

  const Options& options_;
  std::unique_ptr<tandem::v1::Registry::Stub> stub_;
  grpc::CompletionQueue queue_;
  std::vector<std::unique_ptr<Slot>> slots_;
  const std::string call_id_ =
      "bench-" + std::to_string(Clock::now().time_since_epoch().count()) + "-";
};

/// Makes sure every AOR exists before a lookup run, so lookups find something.
bool populate(const Options& options) {
  auto stub = tandem::v1::Registry::NewStub(
      grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials()));
  const std::string call_id = "populate-" + std::to_string(Clock::now().time_since_epoch().count());
  for (int aor = 0; aor < options.aors; ++aor) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    tandem::v1::BindResponse response;
    const auto status = stub->Bind(&context, bind_request(aor, call_id, 1), &response);
    if (!status.ok()) {
      std::cerr << "registry_load: populating failed: " << status.error_message() << "\n";
      return false;
    }
  }
  return true;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[rank];
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"registry_load: Registry.Bind / Registry.Lookup load against a running tandem"};
  app.add_option("--server", options.server, "gRPC address")->capture_default_str();
  app.add_option("--op", options.op, "bind or lookup")->check(CLI::IsMember({"bind", "lookup"}));
  app.add_option("--clients", options.clients, "calls in flight")->check(CLI::Range(1, 10000));
  app.add_option("--channels", options.channels, "HTTP/2 connections")->check(CLI::Range(1, 64));
  app.add_option("--aors", options.aors, "distinct AORs")->check(CLI::Range(1, 10'000'000));
  app.add_option("--seconds", options.seconds, "measured time")->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup", options.warmup, "unmeasured time first")
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--label", options.label, "a name for this run in the JSON line");
  CLI11_PARSE(app, argc, argv);
  options.channels = std::min(options.channels, options.clients);
  if (options.op == "lookup" && !populate(options)) return 1;

  std::vector<std::unique_ptr<Lane>> lanes;
  for (int c = 0, first = 0; c < options.channels; ++c) {
    const int count =
        options.clients / options.channels + (c < options.clients % options.channels ? 1 : 0);
    lanes.push_back(std::make_unique<Lane>(options, first, count));
    first += count;
  }
  std::atomic<bool> measuring{false};
  std::atomic<bool> stopping{false};
  std::vector<std::thread> threads;
  for (auto& lane : lanes)
    threads.emplace_back([&, l = lane.get()] { l->run(measuring, stopping); });
  std::this_thread::sleep_for(std::chrono::duration<double>(options.warmup));
  measuring = true;
  const auto began = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));
  measuring = false;
  const double elapsed = std::chrono::duration<double>(Clock::now() - began).count();
  stopping = true;
  for (auto& thread : threads) thread.join();

  std::vector<double> latencies;
  uint64_t errors = 0;
  std::string first_error;
  for (auto& lane : lanes) {
    latencies.insert(latencies.end(), lane->latencies_us.begin(), lane->latencies_us.end());
    errors += lane->errors;
    if (first_error.empty()) first_error = lane->first_error;
  }
  std::sort(latencies.begin(), latencies.end());
  const nlohmann::json result{{"label", options.label},
                              {"op", options.op},
                              {"clients", options.clients},
                              {"ops_per_second", static_cast<double>(latencies.size()) / elapsed},
                              {"p50_ms", percentile(latencies, 0.50) / 1000},
                              {"p99_ms", percentile(latencies, 0.99) / 1000},
                              {"calls", latencies.size()},
                              {"errors", errors}};
  std::cout << result.dump() << std::endl;
  if (errors > 0)
    std::cerr << "registry_load: " << errors << " calls failed, first: " << first_error << "\n";
  return errors > 0 ? 1 : 0;
}
