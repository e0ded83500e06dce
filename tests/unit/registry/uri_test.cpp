#include "services/registry/uri.hpp"

#include <gtest/gtest.h>

namespace tandem::registry {
namespace {

TEST(UriTest, CanonicalAorDropsParametersAndLowersSchemeAndHost) {
  EXPECT_EQ(canonical_aor("SIP:alice@Example.COM;transport=tcp?subject=x").value(),
            "sip:alice@example.com");
  EXPECT_EQ(canonical_aor("sips:Bob@EXAMPLE.com:5061").value(), "sips:Bob@example.com:5061");
  EXPECT_EQ(canonical_aor("sip:alice:secret@example.com").value(), "sip:alice@example.com");
  EXPECT_EQ(canonical_aor("sip:alice@[2001:DB8::1]").value(), "sip:alice@[2001:db8::1]");
}

TEST(UriTest, CanonicalAorUnescapesTheUserPart) {
  EXPECT_EQ(canonical_aor("sip:%61lice@example.com").value(), "sip:alice@example.com");
  EXPECT_EQ(canonical_aor("sip:a%20b@example.com").value(), "sip:a%20b@example.com");
  EXPECT_EQ(canonical_aor("sip:+1-555;phone-context=x@example.com").value(),
            "sip:+1-555;phone-context=x@example.com");
}

TEST(UriTest, CanonicalTelDropsVisualSeparators) {
  EXPECT_EQ(canonical_aor("tel:+1-(212)-555.0100;ext=1").value(), "tel:+12125550100");
}

TEST(UriTest, RefusesWhatIsNotAnAor) {
  for (const char* text :
       {"", "alice@example.com", "http://example.com", "sip:example.com", "sip:alice@",
        "sip:al ice@example.com", "sip:alice@exa_mple.com", "sip:alice@example.com:0",
        "sip:alice@example.com:99999", "sip:%zzalice@example.com", "sip:<alice>@example.com",
        "tel:", "tel:12a#x"}) {
    EXPECT_FALSE(canonical_aor(text).ok()) << text;
  }
}

TEST(UriTest, FailuresSayWhatIsWrong) {
  EXPECT_EQ(canonical_aor("sip:alice@exa_mple.com").failure().message,
            "is not a valid URI: bad host");
  EXPECT_EQ(canonical_aor("sip:alice@example.com:0").failure().message, "has port 0");
  EXPECT_EQ(canonical_contact("sip:a@h:0").failure().message, "has port 0");
}

TEST(UriTest, CanonicalContactLowersOnlySchemeAndHost) {
  EXPECT_EQ(canonical_contact("sip:a@H;lr?Subject=X").value(), "sip:a@h;lr?Subject=X");
  EXPECT_EQ(canonical_contact("SIP:Alice@Host.Example:5070;Transport=TCP;ob").value(),
            "sip:Alice@host.example:5070;Transport=TCP;ob");
  EXPECT_EQ(canonical_contact("sip:10.0.0.1").value(), "sip:10.0.0.1");
  EXPECT_EQ(canonical_contact("Mailto:Alice@Example.com").value(), "mailto:Alice@Example.com");
  EXPECT_FALSE(canonical_contact("<sip:a@h>").ok());
  EXPECT_FALSE(canonical_contact("sip:a@h x").ok());
  EXPECT_FALSE(canonical_contact("nocolon").ok());
  EXPECT_FALSE(canonical_contact(std::string(2000, 'a')).ok());
}

}  // namespace
}  // namespace tandem::registry
