#include "libs/common/http_server.hpp"

#include <gtest/gtest.h>

#include "tests/support/http_get.hpp"

namespace tandem {
namespace {

TEST(HttpServerTest, ServesRoutesAndAnswers404ForOthers) {
  HttpServer server({{"/ping", [] { return HttpServer::Response{200, "text/plain", "pong"}; }}});
  ASSERT_TRUE(server.start({"127.0.0.1", 0}).ok());
  const auto ok = testing::http_get(server.port(), "/ping?verbose=1");
  EXPECT_EQ(ok.status, 200u);
  EXPECT_EQ(ok.body, "pong");
  EXPECT_EQ(testing::http_get(server.port(), "/nope").status, 404u);
  server.stop();
  EXPECT_EQ(testing::http_get(server.port(), "/ping").status, 0u);
}

TEST(HttpServerTest, ReportsAnAddressInUse) {
  HttpServer first({});
  ASSERT_TRUE(first.start({"127.0.0.1", 0}).ok());
  HttpServer second({});
  auto started = second.start({"127.0.0.1", first.port()});
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.failure().message.find("cannot listen for HTTP"), std::string::npos);
}

}  // namespace
}  // namespace tandem
