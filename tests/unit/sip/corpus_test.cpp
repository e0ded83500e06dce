// RFC 4475 and RFC 5118 torture messages (tests/conformance/sip, see its INDEX.md) through
// the message layer: parse_message, then inspect_request / inspect_response. What the
// registrar and the transports then answer is tested on the wire in tests/integration.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libs/sip/parser.hpp"
#include "libs/sip/request_info.hpp"

namespace tandem::sip {
namespace {

std::string corpus_file(const std::string& name) {
  std::ifstream in(std::string(TANDEM_SIP_CORPUS) + "/" + name, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

/// What the message layer makes of a message: 0 = a valid request or response; a status =
/// the request is refused with it; -1 = a response to discard.
int outcome(const std::string& bytes, Framing framing = Framing::datagram) {
  auto parsed = parse_message(bytes, framing);
  const bool response = parsed.message && !parsed.message->is_request();
  if (parsed.error) return response ? -1 : parsed.error->status;
  if (response) return inspect_response(*parsed.message) ? 0 : -1;
  auto info = inspect_request(*parsed.message);
  return info ? 0 : info.failure().status;
}

struct Expectation {
  const char* file;
  int outcome;
};

void PrintTo(const Expectation& e, std::ostream* out) { *out << e.file; }

class CorpusTest : public ::testing::TestWithParam<Expectation> {};

TEST_P(CorpusTest, IsHandledAsItsIndexSays) {
  const auto bytes = corpus_file(GetParam().file);
  ASSERT_FALSE(bytes.empty()) << "missing corpus file " << GetParam().file;
  EXPECT_EQ(outcome(bytes), GetParam().outcome);
}

TEST_P(CorpusTest, EveryTruncationIsReadSafely) {
  // Under ASan this proves that no prefix makes the parser read past the bytes.
  const auto bytes = corpus_file(GetParam().file);
  for (size_t length = 0; length <= bytes.size(); ++length) {
    (void)outcome(bytes.substr(0, length));
    (void)outcome(bytes.substr(0, length), Framing::stream);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc4475, CorpusTest,
    ::testing::Values(
        // 3.1.1 valid messages
        Expectation{"wsinv.dat", 0}, Expectation{"intmeth.dat", 0}, Expectation{"esc01.dat", 0},
        Expectation{"escnull.dat", 0}, Expectation{"esc02.dat", 0}, Expectation{"lwsdisp.dat", 0},
        Expectation{"longreq.dat", 0}, Expectation{"dblreq.dat", 0}, Expectation{"semiuri.dat", 0},
        Expectation{"transports.dat", 0}, Expectation{"mpart01.dat", 0},
        Expectation{"unreason.dat", 0}, Expectation{"noreason.dat", 0},
        // 3.1.2 invalid messages
        Expectation{"badinv01.dat", 400}, Expectation{"clerr.dat", 400},
        Expectation{"ncl.dat", 400}, Expectation{"scalar02.dat", 400},
        Expectation{"scalarlg.dat", -1}, Expectation{"quotbal.dat", 400},
        Expectation{"ltgtruri.dat", 400}, Expectation{"lwsruri.dat", 400},
        Expectation{"lwsstart.dat", 400}, Expectation{"trws.dat", 400},
        Expectation{"escruri.dat", 400}, Expectation{"baddate.dat", 0},
        Expectation{"regbadct.dat", 0}, Expectation{"badaspec.dat", 400},
        Expectation{"baddn.dat", 400}, Expectation{"badvers.dat", 505},
        Expectation{"mismatch01.dat", 400}, Expectation{"mismatch02.dat", 501},
        Expectation{"bigcode.dat", -1},
        // 3.2 - 3.4 semantics: well-formed; what to answer is the application's business
        Expectation{"badbranch.dat", 0}, Expectation{"insuf.dat", 400},
        Expectation{"unkscm.dat", 416}, Expectation{"novelsc.dat", 416},
        Expectation{"unksm2.dat", 0}, Expectation{"bext01.dat", 0}, Expectation{"invut.dat", 0},
        Expectation{"regaut01.dat", 0}, Expectation{"multi01.dat", 400},
        Expectation{"mcl01.dat", 400}, Expectation{"bcast.dat", 0}, Expectation{"zeromf.dat", 0},
        Expectation{"cparam01.dat", 0}, Expectation{"cparam02.dat", 0},
        Expectation{"regescrt.dat", 0}, Expectation{"sdp01.dat", 0}, Expectation{"inv2543.dat", 0},
        // not RFC tests: the archive's extra member, and baddn with its final CRLF
        Expectation{"extra/test.dat", 400}, Expectation{"extra/baddn.crlf-terminated.dat", 400}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.file).stem().string();
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

INSTANTIATE_TEST_SUITE_P(
    Rfc5118, CorpusTest,
    ::testing::Values(Expectation{"rfc5118/wire/ipv6-good.dat", 0},
                      Expectation{"rfc5118/wire/ipv6-bad.dat", 400},
                      Expectation{"rfc5118/wire/port-ambiguous.dat", 0},
                      Expectation{"rfc5118/wire/port-unambiguous.dat", 0},
                      Expectation{"rfc5118/wire/via-received-param-with-delim.dat", 0},
                      Expectation{"rfc5118/wire/via-received-param-no-delim.dat", 0},
                      Expectation{"rfc5118/wire/ipv6-in-sdp.dat", 0},
                      Expectation{"rfc5118/wire/mult-ip-in-header.dat", 0},
                      Expectation{"rfc5118/wire/mult-ip-in-sdp.dat", 0},
                      Expectation{"rfc5118/wire/ipv4-mapped-ipv6.dat", 0},
                      Expectation{"rfc5118/wire/ipv6-bug-abnf-3-colons.dat", 0},
                      Expectation{"rfc5118/wire/ipv6-correct-abnf-2-colons.dat", 0},
                      // The archive forms: bare LF line ends, two without a blank line.
                      Expectation{"rfc5118/archive/ipv6-good.dat", 0},
                      Expectation{"rfc5118/archive/ipv6-bug-abnf-3-colons.dat", 0}),
    [](const auto& info) {
      std::string name = std::string(std::string_view(info.param.file).substr(8));
      for (auto& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(CorpusFilesTest, AreByteExactCopiesOfTheRfcArchives) {
  std::ifstream sums(std::string(TANDEM_SIP_CORPUS) + "/SHA256SUMS");
  ASSERT_TRUE(sums.good());
  const auto result = [] {
    std::string command =
        "cd '" + std::string(TANDEM_SIP_CORPUS) + "' && sha256sum --quiet -c SHA256SUMS";
    return std::system(command.c_str());
  }();
  EXPECT_EQ(result, 0) << "a corpus file was changed (line endings?); restore it from ../shared";
}

}  // namespace
}  // namespace tandem::sip
