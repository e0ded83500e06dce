#include "services/media/codec_choice.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::media {
namespace {

google::protobuf::RepeatedPtrField<v1::Codec> offer(
    std::initializer_list<std::tuple<uint32_t, const char*, uint32_t>> codecs) {
  google::protobuf::RepeatedPtrField<v1::Codec> out;
  for (const auto& [type, name, rate] : codecs) {
    auto* codec = out.Add();
    codec->set_payload_type(type);
    codec->set_encoding(name);
    codec->set_clock_rate(rate);
  }
  return out;
}

TEST(CodecChoiceTest, TakesTheFirstSupportedAudioCodecAndTheEventType) {
  const auto chosen = choose_codec(offer(
      {{9, "G722", 8000}, {8, "PCMA", 8000}, {0, "PCMU", 8000}, {96, "telephone-event", 8000}}));
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen.value().law, Law::alaw);
  EXPECT_EQ(chosen.value().payload_type, 8);
  EXPECT_EQ(chosen.value().telephone_event_type, 96);
}

TEST(CodecChoiceTest, DefaultsToPcmuAnd101) {
  const auto chosen = choose_codec({});
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen.value().law, Law::ulaw);
  EXPECT_EQ(chosen.value().payload_type, 0);
  EXPECT_EQ(chosen.value().telephone_event_type, 101);
  EXPECT_EQ(describe(chosen.value()).encoding(), "PCMU");
}

TEST(CodecChoiceTest, SaysWhatWasOfferedWhenNothingFits) {
  const auto chosen = choose_codec(offer({{9, "G722", 8000}, {111, "opus", 48000}}));
  ASSERT_FALSE(chosen.ok());
  EXPECT_THAT(chosen.failure().message, ::testing::HasSubstr("G722/8000, opus/48000"));
  EXPECT_FALSE(choose_codec(offer({{200, "PCMU", 8000}})).ok());
  EXPECT_FALSE(choose_codec(offer({{0, "PCMU", 16000}})).ok()) << "wideband PCMU is not G.711";
}

}  // namespace
}  // namespace tandem::media
