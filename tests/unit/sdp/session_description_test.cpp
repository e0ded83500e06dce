#include "libs/sdp/session_description.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::sdp {
namespace {

using ::testing::HasSubstr;

// What a SIPp uac offers (its default embedded scenario), with LF line ends.
constexpr const char* kSippOffer =
    "v=0\n"
    "o=user1 53655765 2353687637 IN IP4 127.0.0.1\n"
    "s=-\n"
    "c=IN IP4 127.0.0.1\n"
    "t=0 0\n"
    "m=audio 6000 RTP/AVP 0\n"
    "a=rtpmap:0 PCMU/8000\n";

// What baresip offers: several codecs, telephone events, rtcp-mux, a session attribute.
constexpr const char* kBaresipOffer =
    "v=0\r\n"
    "o=- 1234 5678 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\n"
    "a=tool:baresip 1.0.0\r\n"
    "m=audio 10000 RTP/AVP 9 0 8 101\r\n"
    "b=AS:64\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-15\r\n"
    "a=rtcp-mux\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n"
    "a=label:1\r\n"
    "m=video 0 RTP/AVP 96\r\n";

TEST(SessionDescriptionTest, ReadsWhatPhonesOffer) {
  const auto sipp = parse(kSippOffer);
  ASSERT_TRUE(sipp.ok()) << sipp.failure().message;
  EXPECT_EQ(sipp.value().origin.session_version, "2353687637");
  EXPECT_EQ(sipp.value().connection_address, "127.0.0.1");
  ASSERT_EQ(sipp.value().media.size(), 1u);
  EXPECT_EQ(sipp.value().media[0].port, 6000);
  EXPECT_EQ(sipp.value().media[0].rtpmaps.at(0).encoding, "PCMU");

  const auto baresip = parse(kBaresipOffer);
  ASSERT_TRUE(baresip.ok()) << baresip.failure().message;
  const auto& audio = baresip.value().media[0];
  EXPECT_THAT(audio.formats, ::testing::ElementsAre("9", "0", "8", "101"));
  EXPECT_EQ(audio.rtpmaps.at(101).encoding, "telephone-event");
  EXPECT_EQ(audio.fmtps.at(101), "0-15");
  EXPECT_TRUE(audio.rtcp_mux);
  EXPECT_EQ(audio.ptime, 20u);
  EXPECT_EQ(audio.direction, Direction::sendrecv);
  EXPECT_THAT(audio.other_attributes, ::testing::ElementsAre("label:1"));
  EXPECT_EQ(baresip.value().media[1].media, "video");
  EXPECT_EQ(baresip.value().media[1].port, 0);
}

TEST(SessionDescriptionTest, MediaLevelAddressAndDirectionOverrideTheSessions) {
  const auto description = parse(
      "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=sendonly\n"
      "m=audio 4000 RTP/AVP 0\nc=IN IP4 10.0.0.2/127\n"
      "m=audio 4002 RTP/AVP 8\na=inactive\n");
  ASSERT_TRUE(description.ok()) << description.failure().message;
  const auto& d = description.value();
  EXPECT_EQ(d.address_of(d.media[0]), "10.0.0.2") << "the multicast TTL is not the address";
  EXPECT_EQ(d.address_of(d.media[1]), "10.0.0.1");
  EXPECT_EQ(d.direction_of(d.media[0]), Direction::sendonly);
  EXPECT_EQ(d.direction_of(d.media[1]), Direction::inactive);
}

TEST(SessionDescriptionTest, RefusesWhatItCannotUseWithTheLine) {
  const auto expect = [](std::string_view text, std::string_view reason) {
    const auto parsed = parse(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_THAT(parsed.failure().message, HasSubstr(reason)) << text;
  };
  expect("o=- 1 1 IN IP4 a\n", "line 1: an SDP body starts with v=0");
  expect("v=1\n", "v= must be 0");
  expect("v=0\no=- 1 IN IP4 a\n", "line 2: o= needs");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nc=IN IP9 a\n", "line 4: c= needs");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\nm=audio 70000 RTP/AVP 0\n", "port must be 0 to 65535");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\nm=audio 4000 RTP/AVP\n", "m= needs");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\nm=audio 1 RTP/AVP 0\na=rtpmap:300 X/8000\n",
         "payload type 0-127");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\nm=audio 1 RTP/AVP 0\na=rtpmap:0 PCMU\n",
         "<encoding>/<clock rate>");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\nm=audio 1 RTP/AVP 0\na=ptime:x\n", "a=ptime");
  expect("v=0\nthis is not sdp\n", "line 2: not a <letter>=<value> line");
  expect("v=0\no=- 1 1 IN IP4 a\ns=-\n", "no t= line");
  expect("v=0\ns=-\nt=0 0\n", "no o= line");
}

TEST(SessionDescriptionTest, WritesWhatItReadsBackTheSame) {
  const auto original = parse(kBaresipOffer).value();
  const std::string text = format(original);
  EXPECT_THAT(text, HasSubstr("m=audio 10000 RTP/AVP 9 0 8 101\r\n"));
  EXPECT_THAT(text, HasSubstr("a=rtpmap:101 telephone-event/8000\r\n"));
  const auto again = parse(text);
  ASSERT_TRUE(again.ok()) << again.failure().message;
  EXPECT_EQ(format(again.value()), text);
}

}  // namespace
}  // namespace tandem::sdp
