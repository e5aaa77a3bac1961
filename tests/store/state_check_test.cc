#include "daemon/store/state_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "daemon/store/state_store.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class StateCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw_state_check_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "newswatch.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A state file with `n` journaled articles (each a few hundred bytes: many pages).
  void Fill(int n) {
    auto store = StateStore::Open(db_);
    ASSERT_TRUE(store.ok());
    for (int i = 1; i <= n; ++i) {
      ArticleKey key{"id" + std::to_string(i), "h" + std::to_string(i), "s", "u", "t", ""};
      auto added = (*store)->AppendEvent("article.p", &key, [](uint64_t seq) {
        return std::string(300, static_cast<char>('a' + seq % 26));
      });
      ASSERT_TRUE(added.ok() && added->has_value());
    }
  }

  fs::path dir_, db_;
};

TEST_F(StateCheckTest, MissingAndHealthyFilesPass) {
  EXPECT_TRUE(CheckStateFile(db_).ok());
  Fill(10);
  EXPECT_TRUE(CheckStateFile(db_).ok());
}

TEST_F(StateCheckTest, GarbageFileIsDamagedNamingItAndTheRecoverCommand) {
  std::ofstream(db_) << std::string(8192, 'x');
  const Status s = CheckStateFile(db_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kIo);
  EXPECT_NE(s.message().find(db_.string()), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("newswatch recover --state " + dir_.string()), std::string::npos)
      << s.message();
}

TEST_F(StateCheckTest, RecoverKeepsTheReadablePrefixOfATruncatedFileAndNeverGoesBack) {
  Fill(2000);
  fs::resize_file(db_, fs::file_size(db_) / 2 / 4096 * 4096);
  ASSERT_FALSE(CheckStateFile(db_).ok());
  auto r = RecoverStateFile(db_);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(fs::exists(r->damaged));
  uint64_t journal = 0;
  for (const TableRecovery& t : r->tables) {
    if (t.table == "journal") journal = t.rows;
  }
  EXPECT_GT(journal, 100u);
  EXPECT_LT(journal, 2000u);
  EXPECT_TRUE(CheckStateFile(db_).ok());
  auto store = StateStore::Open(db_);
  ASSERT_TRUE(store.ok());
  // The counter lies in the first page: read back, so numbering continues after 2000.
  EXPECT_EQ((*store)->LastSequence(), 2000u);
  EXPECT_FALSE(r->sequence_jumped);
  auto seen = (*store)->IsSeen("id1", "");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(*seen) << "a readable seen row was not kept";
}

TEST_F(StateCheckTest, RecoverWithoutAFileIsNotFound) {
  auto r = RecoverStateFile(db_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace newswatch
