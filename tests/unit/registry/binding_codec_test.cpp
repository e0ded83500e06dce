#include "services/registry/binding_codec.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tandem::registry {
namespace {

TEST(BindingCodecTest, DecodesWhatTheLuaScriptsStoreIncludingAnEmptyPathObject) {
  const std::string stored =
      R"({"c":"sip:a@h","e":1700000060000,"q":500,"i":"call","s":7,"n":"","r":0,"p":{},)"
      R"("u":"ua","a":"127.0.0.1:5060","t":2,"o":"node","g":1700000000000,"m":1700000001000})";
  auto binding = decode_binding(stored, "sip:a@x");
  ASSERT_TRUE(binding.ok());
  EXPECT_EQ(binding.value().aor, "sip:a@x");
  EXPECT_EQ(binding.value().expires_at_ms, 1700000060000);
  EXPECT_EQ(binding.value().transport, Transport::tcp);
  EXPECT_TRUE(binding.value().path.empty());
}

TEST(BindingCodecTest, CorruptDataIsAnInternalErrorNamingTheAor) {
  for (const char* stored : {"not json", "[]", R"({"c":"sip:a@h"})", R"({"c":5})"}) {
    auto binding = decode_binding(stored, "sip:a@x");
    ASSERT_FALSE(binding.ok()) << stored;
    EXPECT_EQ(binding.failure().code, ErrorCode::internal);
    EXPECT_NE(binding.failure().message.find("sip:a@x"), std::string::npos);
  }
}

TEST(BindingCodecTest, EncodedCommandsParseBackToTheSameValues) {
  BindCommand command;
  command.aor = "sip:a@x";
  command.call_id = "call\"1";
  command.cseq = 7;
  command.user_agent = "say \"hi\" \\ \x01 é";
  command.path = {"sip:p1;lr", "sip:p2;lr"};
  command.transport = Transport::wss;
  command.contacts = {{"u:sip:a@h", "sip:a@h", 60, 500, "<urn:uuid:1>", 2},
                      {"u:sip:b@h", "sip:b@h", 0, 1000, "", 0}};
  const auto json = nlohmann::json::parse(encode_bind_command(command), nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  EXPECT_EQ(json["call_id"], "call\"1");
  EXPECT_EQ(json["cseq"], 7);
  EXPECT_EQ(json["remove_all"], false);
  EXPECT_EQ(json["shared"]["u"].get<std::string>(), command.user_agent);
  EXPECT_EQ(json["shared"]["p"][1], "sip:p2;lr");
  EXPECT_EQ(json["shared"]["t"], 5);
  ASSERT_EQ(json["contacts"].size(), 2u);
  EXPECT_EQ(json["contacts"][0]["key"], "u:sip:a@h");
  EXPECT_EQ(json["contacts"][0]["q"], 500);
  EXPECT_EQ(json["contacts"][0]["reg_id"], 2);
  EXPECT_EQ(json["contacts"][1]["expires"], 0);
  const auto unbind = nlohmann::json::parse(encode_unbind_command({"sip:a@x", "*", "", 0}));
  EXPECT_EQ(unbind["contact"], "*");
}

}  // namespace
}  // namespace tandem::registry
