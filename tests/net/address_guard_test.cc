#include "daemon/net/address_guard.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(AddressGuardTest, PublicAddressesPass) {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "114.114.114.114", "172.32.0.1", "172.15.255.255",
                        "100.128.0.1", "192.169.0.1", "2001:4860:4860::8888", "2400:3200::1",
                        "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_TRUE(IsPublicAddressText(a)) << a;
  }
}

TEST(AddressGuardTest, PrivateLoopbackLinkLocalAndReservedAreRefused) {
  for (const char* a :
       {"127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1", "64:ff9b::7f00:1"}) {
    EXPECT_FALSE(IsPublicAddressText(a)) << a;
  }
}

TEST(AddressGuardTest, NonAddressesAreNotPublic) {
  EXPECT_FALSE(IsPublicAddressText(""));
  EXPECT_FALSE(IsPublicAddressText("example.com"));
  EXPECT_FALSE(IsPublicAddressText("8.8.8.8.8"));
  EXPECT_FALSE(IsPublicAddress(nullptr));
}

}  // namespace
}  // namespace newswatch
