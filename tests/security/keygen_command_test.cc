// `newswatch keygen` run as a real child process.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "daemon/security/curve_keys.h"
#include "tests/e2e/child_process.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

TEST(KeygenCommandTest, WritesAKeyPairAndPrintsThePublicKey) {
  const fs::path dir = fs::temp_directory_path() / ("nw-keygen-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string base = (dir / "publisher").string();
  {
    ChildProcess keygen({NW_BINARY_DIR "/daemon/app/newswatch", "keygen", base});
    ASSERT_EQ(keygen.WaitForExit(30s), 0) << keygen.output();
    auto pub = ReadCurveKeyFile(base + ".pub", false);
    ASSERT_TRUE(pub.ok()) << pub.status().ToString();
    EXPECT_NE(keygen.output().find(*pub), std::string::npos) << keygen.output();
    auto pair = ReadCurveSecretKeyFile(base + ".key");
    ASSERT_TRUE(pair.ok()) << pair.status().ToString();
    EXPECT_EQ(pair->public_key, *pub);
    struct stat st {};
    ASSERT_EQ(::stat((base + ".key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // The secret key is never printed.
    EXPECT_EQ(keygen.output().find(pair->secret_key), std::string::npos);
  }
  {
    ChildProcess again({NW_BINARY_DIR "/daemon/app/newswatch", "keygen", base});
    EXPECT_EQ(again.WaitForExit(30s), 1) << again.output();
    EXPECT_NE(again.output().find("already exists"), std::string::npos) << again.output();
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswatch
