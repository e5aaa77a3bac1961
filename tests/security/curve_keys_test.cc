#include "daemon/security/curve_keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class CurveKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-curve-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static mode_t Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }

  fs::path dir_;
};

TEST_F(CurveKeysTest, GeneratedPairsAreZ85AndDistinct) {
  auto a = GenerateCurveKeyPair();
  auto b = GenerateCurveKeyPair();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(IsZ85Key(a->public_key));
  EXPECT_TRUE(IsZ85Key(a->secret_key));
  EXPECT_NE(a->public_key, a->secret_key);
  EXPECT_NE(a->secret_key, b->secret_key);
}

TEST_F(CurveKeysTest, Z85CheckRejectsWrongLengthAndAlphabet) {
  EXPECT_FALSE(IsZ85Key(""));
  EXPECT_FALSE(IsZ85Key(std::string(39, 'a')));
  EXPECT_FALSE(IsZ85Key(std::string(41, 'a')));
  EXPECT_FALSE(IsZ85Key(std::string(39, 'a') + "\""));  // '"' is not in Z85
  EXPECT_FALSE(IsZ85Key(std::string(39, 'a') + " "));
  EXPECT_TRUE(IsZ85Key(std::string(40, 'a')));
}

TEST_F(CurveKeysTest, KeyFilesHaveStrictModesAndReadBack) {
  ::umask(0);  // the writer must not depend on the caller's umask
  auto keys = GenerateCurveKeyPair();
  ASSERT_TRUE(keys.ok());
  const fs::path base = dir_ / "server";
  ASSERT_TRUE(WriteCurveKeyFiles(base, *keys, false).ok());
  ::umask(022);
  EXPECT_EQ(Mode(dir_ / "server.key"), 0600u);
  EXPECT_EQ(Mode(dir_ / "server.pub"), 0644u);
  auto pub = ReadCurveKeyFile(dir_ / "server.pub", /*secret=*/false);
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  EXPECT_EQ(*pub, keys->public_key);
  auto pair = ReadCurveSecretKeyFile(dir_ / "server.key");
  ASSERT_TRUE(pair.ok()) << pair.status().ToString();
  EXPECT_EQ(pair->secret_key, keys->secret_key);
  EXPECT_EQ(pair->public_key, keys->public_key);  // derived from the secret key alone
  EXPECT_FALSE(fs::exists(dir_ / "server.key.tmp"));
}

TEST_F(CurveKeysTest, ExistingKeyFilesAreNotOverwrittenWithoutForce) {
  auto first = GenerateCurveKeyPair();
  auto second = GenerateCurveKeyPair();
  ASSERT_TRUE(first.ok() && second.ok());
  const fs::path base = dir_ / "k";
  ASSERT_TRUE(WriteCurveKeyFiles(base, *first, false).ok());
  const Status again = WriteCurveKeyFiles(base, *second, false);
  EXPECT_EQ(again.kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(*ReadCurveKeyFile(dir_ / "k.pub", false), first->public_key);
  ASSERT_TRUE(WriteCurveKeyFiles(base, *second, true).ok());
  EXPECT_EQ(*ReadCurveKeyFile(dir_ / "k.pub", false), second->public_key);
}

TEST_F(CurveKeysTest, GroupReadableSecretKeyIsRefused) {
  auto keys = GenerateCurveKeyPair();
  ASSERT_TRUE(keys.ok());
  ASSERT_TRUE(WriteCurveKeyFiles(dir_ / "s", *keys, false).ok());
  fs::permissions(dir_ / "s.key", fs::perms::group_read, fs::perm_options::add);
  auto read = ReadCurveSecretKeyFile(dir_ / "s.key");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().kind(), ErrorKind::kConfig);
  EXPECT_NE(read.status().message().find("s.key"), std::string::npos);
  // The message must never carry the key itself.
  EXPECT_EQ(read.status().message().find(keys->secret_key), std::string::npos);
}

TEST_F(CurveKeysTest, MissingAndMalformedKeyFiles) {
  EXPECT_EQ(ReadCurveKeyFile(dir_ / "none.pub", false).status().kind(), ErrorKind::kNotFound);
  std::ofstream(dir_ / "bad.pub") << "# comment\nnot-a-key\n";
  EXPECT_EQ(ReadCurveKeyFile(dir_ / "bad.pub", false).status().kind(), ErrorKind::kConfig);
  std::ofstream(dir_ / "empty.pub") << "# only a comment\n\n";
  EXPECT_EQ(ReadCurveKeyFile(dir_ / "empty.pub", false).status().kind(), ErrorKind::kConfig);
}

TEST_F(CurveKeysTest, AllowFileSkipsCommentsAndNamesAndReportsBadLine) {
  auto a = GenerateCurveKeyPair();
  auto b = GenerateCurveKeyPair();
  ASSERT_TRUE(a.ok() && b.ok());
  std::ofstream(dir_ / "allow") << "# subscribers\n\n" << a->public_key << "  alert-router\n"
                                << "   " << b->public_key << "\n";
  auto keys = ReadAllowFile(dir_ / "allow");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(*keys, (std::set<std::string>{a->public_key, b->public_key}));

  std::ofstream(dir_ / "bad") << a->public_key << "\n" << "short-key\n";
  auto bad = ReadAllowFile(dir_ / "bad");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad:2"), std::string::npos) << bad.status().message();
  EXPECT_EQ(ReadAllowFile(dir_ / "missing").status().kind(), ErrorKind::kNotFound);
}

TEST_F(CurveKeysTest, ApplyCurveRejectsMalformedKeys) {
  zmq::context_t ctx;
  zmq::socket_t s(ctx, zmq::socket_type::xpub);
  EXPECT_EQ(ApplyCurveServer(s, CurveKeyPair{"x", "y"}).kind(), ErrorKind::kInvalidArgument);
  auto keys = GenerateCurveKeyPair();
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(ApplyCurveServer(s, *keys).ok());
  zmq::socket_t c(ctx, zmq::socket_type::sub);
  EXPECT_EQ(ApplyCurveClient(c, *keys, "short").kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace newswatch
