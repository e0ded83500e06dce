#include "libs/sdp/offer_answer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tandem::sdp {
namespace {

using ::testing::HasSubstr;

SessionDescription parsed(std::string_view text) {
  auto description = parse(text);
  EXPECT_TRUE(description.ok()) << description.failure().message;
  return description.value();
}

constexpr const char* kOffer =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
    "m=video 5000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n"
    "m=audio 4000 RTP/AVP 9 8 0 13 101\r\na=rtpmap:101 telephone-event/8000\r\n"
    "a=rtpmap:13 CN/8000\r\na=rtcp-mux\r\na=ptime:30\r\na=sendonly\r\n";

TEST(OfferAnswerTest, FindsTheAudioStreamAndItsCodecsInOrder) {
  const auto audio = find_audio(parsed(kOffer));
  ASSERT_TRUE(audio.ok()) << audio.failure().message;
  EXPECT_EQ(audio.value().index, 1u);
  EXPECT_EQ(audio.value().address, "192.0.2.10");
  EXPECT_EQ(audio.value().port, 4000);
  ASSERT_EQ(audio.value().codecs.size(), 3u) << "G722, PCMA, PCMU; CN and events apart";
  EXPECT_EQ(audio.value().codecs[0].encoding, "G722");
  EXPECT_EQ(audio.value().codecs[1].encoding, "PCMA");
  EXPECT_EQ(audio.value().codecs[2].encoding, "PCMU");
  EXPECT_EQ(audio.value().telephone_event, 101);
  EXPECT_EQ(audio.value().direction, Direction::sendonly);
  EXPECT_TRUE(audio.value().rtcp_mux);
  EXPECT_EQ(audio.value().ptime, 30u);
}

TEST(OfferAnswerTest, SaysWhyThereIsNoAudioToAnswer) {
  const auto expect = [](std::string_view text, std::string_view reason) {
    const auto audio = find_audio(parsed(text));
    ASSERT_FALSE(audio.ok());
    EXPECT_THAT(audio.failure().message, HasSubstr(reason));
  };
  const std::string head = "v=0\no=- 1 1 IN IP4 a\ns=-\nt=0 0\n";
  expect(head + "m=video 5000 RTP/AVP 96\nc=IN IP4 a\n", "no m=audio");
  expect(head + "c=IN IP4 a\nm=audio 0 RTP/AVP 0\n", "disabled");
  expect(head + "c=IN IP4 a\nm=audio 4000 RTP/SAVP 0\n", "RTP/SAVP");
  expect(head + "m=audio 4000 RTP/AVP 0\n", "no c= address");
  expect(head + "c=IN IP4 a\nm=audio 4000 RTP/AVP 97\n", "names no codec");
}

TEST(OfferAnswerTest, AnswersEverySectionInOrderAndOnlyTheAudioWithAPort) {
  const auto offer = parsed(kOffer);
  const auto audio = find_audio(offer).value();
  OriginCounter origin("42", "127.0.0.1");
  LocalAudio local{"127.0.0.1", 20000, {}, 101, Direction::sendrecv, true};
  const auto answer = make_answer(offer, audio, origin.next(), local, audio.codecs[1]);
  const std::string text = format(answer);
  ASSERT_EQ(answer.media.size(), 2u);
  EXPECT_THAT(text, HasSubstr("m=video 0 RTP/AVP 96\r\n"));
  EXPECT_THAT(text, HasSubstr("m=audio 20000 RTP/AVP 8 101\r\n"));
  EXPECT_THAT(text, HasSubstr("c=IN IP4 127.0.0.1\r\n"));
  EXPECT_THAT(text, HasSubstr("a=rtpmap:8 PCMA/8000\r\n"));
  EXPECT_THAT(text, HasSubstr("a=recvonly\r\n")) << "the answer to sendonly";
  EXPECT_THAT(text, HasSubstr("a=rtcp-mux\r\n"));
  EXPECT_THAT(text, HasSubstr("a=ptime:30\r\n"));
  const auto back = find_audio(parse(text).value());
  ASSERT_TRUE(back.ok()) << "the answer reads back as one audio stream";
  EXPECT_EQ(back.value().telephone_event, 101);
}

TEST(OfferAnswerTest, NoTelephoneEventsWhenTheOfferHasNone) {
  const auto offer =
      parsed("v=0\no=- 1 1 IN IP4 a\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n");
  const auto audio = find_audio(offer).value();
  LocalAudio local{"127.0.0.1", 20000, {}, 101, Direction::sendrecv, false};
  const auto answer = make_answer(offer, audio, Origin{}, local, audio.codecs[0]);
  EXPECT_THAT(answer.media[0].formats, ::testing::ElementsAre("0"));
  EXPECT_FALSE(answer.media[0].rtcp_mux);
}

TEST(OfferAnswerTest, OffersTheMediaNodesAddressAndCodecs) {
  OriginCounter origin("7", "127.0.0.1");
  LocalAudio local{"127.0.0.1",         20002, {{0, "PCMU", 8000}, {8, "PCMA", 8000}}, 101,
                   Direction::sendonly, false};
  const auto offer = make_offer(origin.next(), local);
  const auto text = format(offer);
  EXPECT_THAT(text, HasSubstr("o=tandem 7 0 IN IP4 127.0.0.1\r\n"));
  EXPECT_THAT(text, HasSubstr("m=audio 20002 RTP/AVP 0 8 101\r\n"));
  EXPECT_THAT(text, HasSubstr("a=sendonly\r\n"));
  EXPECT_EQ(origin.next().session_version, "1") << "each new description counts up";
  const auto back = find_audio(parse(text).value());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().codecs.size(), 2u);
}

TEST(OfferAnswerTest, DirectionsAnswerAsRfc3264Says) {
  EXPECT_EQ(answer_direction(Direction::sendrecv), Direction::sendrecv);
  EXPECT_EQ(answer_direction(Direction::sendonly), Direction::recvonly);
  EXPECT_EQ(answer_direction(Direction::recvonly), Direction::sendonly);
  EXPECT_EQ(answer_direction(Direction::inactive), Direction::inactive);
}

}  // namespace
}  // namespace tandem::sdp
