// CPU cost of the registry's per-call work, without gRPC or Redis in the way:
//   build/release/bench/registry/registry_micro
#include <benchmark/benchmark.h>

#include "services/registry/binding_codec.hpp"
#include "services/registry/binding_rules.hpp"
#include "services/registry/request_validation.hpp"

namespace tandem::registry {
namespace {

v1::BindRequest sample_request() {
  v1::BindRequest request;
  request.set_aor("sip:alice@example.com");
  request.set_call_id("a84b4c76e66710@pc33.example.com");
  request.set_cseq(314159);
  request.set_user_agent("baresip v1.0.0 (x86_64/linux)");
  request.set_source_address("192.0.2.4:5060");
  request.set_transport(v1::TRANSPORT_UDP);
  auto* contact = request.add_contacts();
  contact->set_uri("sip:alice@192.0.2.4:5060;transport=udp");
  contact->set_expires_seconds(3600);
  return request;
}

const RegistryPolicy policy{60, 7200, 10};

void BM_ValidateBindRequest(benchmark::State& state) {
  const auto request = sample_request();
  for (auto _ : state) benchmark::DoNotOptimize(to_bind_command(request, policy));
}
BENCHMARK(BM_ValidateBindRequest);

void BM_ApplyBindRefresh(benchmark::State& state) {
  auto command = to_bind_command(sample_request(), policy).value();
  std::vector<Binding> live = apply_bind({}, command, 1'000).value();
  command.cseq += 1;
  for (auto _ : state) benchmark::DoNotOptimize(apply_bind(live, command, 2'000));
}
BENCHMARK(BM_ApplyBindRefresh);

void BM_EncodeBindCommand(benchmark::State& state) {
  const auto command = to_bind_command(sample_request(), policy).value();
  for (auto _ : state) benchmark::DoNotOptimize(encode_bind_command(command));
}
BENCHMARK(BM_EncodeBindCommand);

void BM_DecodeStoredBinding(benchmark::State& state) {
  const std::string stored =
      R"json({"c":"sip:alice@192.0.2.4:5060;transport=udp","e":1700003600000,"q":1000,)json"
      R"json("i":"a84b4c76e66710@pc33.example.com","s":314159,"n":"","r":0,"p":{},)json"
      R"json("u":"baresip v1.0.0 (x86_64/linux)","a":"192.0.2.4:5060","t":1,"o":"sig-1",)json"
      R"json("g":1700000000000,"m":1700000000000})json";
  for (auto _ : state) benchmark::DoNotOptimize(decode_binding(stored, "sip:alice@example.com"));
}
BENCHMARK(BM_DecodeStoredBinding);

}  // namespace
}  // namespace tandem::registry

BENCHMARK_MAIN();
