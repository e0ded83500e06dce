#include "libs/sip/stream_framer.hpp"

#include <gtest/gtest.h>

namespace tandem::sip {
namespace {

const std::string kFirst =
    "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 5\r\n\r\nhello";
const std::string kSecond = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 2\r\nl: 0\r\n\r\n";

std::vector<std::string> drain(StreamFramer& framer) {
  std::vector<std::string> messages;
  for (auto frame = framer.next(); frame.status == StreamFramer::Status::message;
       frame = framer.next()) {
    messages.push_back(frame.bytes);
  }
  return messages;
}

TEST(StreamFramerTest, CutsMergedMessagesApartByContentLength) {
  StreamFramer framer;
  framer.append(kFirst + kSecond);
  EXPECT_EQ(drain(framer), (std::vector<std::string>{kFirst, kSecond}));
}

TEST(StreamFramerTest, ReassemblesMessagesSplitAtEveryByte) {
  const std::string stream = kFirst + "\r\n" + kSecond;
  for (size_t split = 0; split <= stream.size(); ++split) {
    StreamFramer framer;
    framer.append(stream.substr(0, split));
    auto messages = drain(framer);
    framer.append(stream.substr(split));
    for (auto& m : drain(framer)) messages.push_back(m);
    EXPECT_EQ(messages, (std::vector<std::string>{kFirst, kSecond})) << "split at " << split;
  }
}

TEST(StreamFramerTest, AnswersDoubleCrlfPingsAsKeepalives) {
  StreamFramer framer;
  framer.append("\r\n\r\n");
  EXPECT_EQ(framer.next().status, StreamFramer::Status::keepalive);
  framer.append("\r\n");
  EXPECT_EQ(framer.next().status, StreamFramer::Status::need_more) << "maybe half a ping";
  framer.append(kSecond);
  EXPECT_EQ(framer.next().status, StreamFramer::Status::message);
}

TEST(StreamFramerTest, BrokenContentLengthIsAnErrorThatClosesTheConnection) {
  for (const std::string& text :
       {std::string("OPTIONS sip:a@b SIP/2.0\r\nl: -5\r\n\r\n"),
        std::string("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nContent-Length: 2\r\n\r\nxx")}) {
    StreamFramer framer;
    framer.append(text);
    const auto frame = framer.next();
    EXPECT_EQ(frame.status, StreamFramer::Status::error);
    EXPECT_TRUE(frame.error.close_connection);
  }
}

TEST(StreamFramerTest, RefusesMessagesAboveTheLimitWithoutBufferingThem) {
  ParseLimits limits;
  limits.max_message_bytes = 200;
  StreamFramer big_body(limits);
  big_body.append("OPTIONS sip:a@b SIP/2.0\r\nl: 100000\r\n\r\n");
  EXPECT_EQ(big_body.next().error.status, 513);
  StreamFramer endless_headers(limits);
  endless_headers.append("OPTIONS sip:a@b SIP/2.0\r\n" + std::string(300, 'x'));
  EXPECT_EQ(endless_headers.next().error.status, 513);
}

}  // namespace
}  // namespace tandem::sip
