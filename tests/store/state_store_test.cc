#include "daemon/store/state_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

namespace newswatch {
namespace {

class FakeClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now_.load()));
  }
  void Set(int64_t unix_seconds) { now_ = unix_seconds; }

 private:
  std::atomic<int64_t> now_{1700000000};
};

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nw_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<StateStore> OpenOrDie(const std::filesystem::path& file) {
    auto store = StateStore::Open(file, clock_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static std::function<std::string(uint64_t)> Payload(const std::string& text) {
    return [text](uint64_t seq) { return text + "#" + std::to_string(seq); };
  }

  static ArticleKey Key(const std::string& id, const std::string& hash) {
    return ArticleKey{id, hash, "src", "https://example.cn/" + id, "title " + id};
  }

  std::filesystem::path dir_;
  FakeClock clock_;
};

TEST_F(StateStoreTest, OpenCreatesDirectoriesWalAndVersionedSchema) {
  const auto file = dir_ / "a" / "b" / "state.db";
  auto store = OpenOrDie(file);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(file));

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), StateStore::kSchemaVersion);
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST_F(StateStoreTest, DurabilityIsSetPerConnection) {
  const auto file = dir_ / "state.db";
  auto full = StateStore::Open(file);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  auto relaxed = StateStore::Open(file, SystemClock::Instance(), StateStore::Durability::kRelaxed);
  ASSERT_TRUE(relaxed.ok()) << relaxed.status().ToString();
  EXPECT_EQ(*(*full)->CurrentDurability(), StateStore::Durability::kFull);
  EXPECT_EQ(*(*relaxed)->CurrentDurability(), StateStore::Durability::kRelaxed);
}

TEST_F(StateStoreTest, UncreatableDirectoryIsIoErrorNamingThePath) {
  std::filesystem::create_directories(dir_);
  const auto blocker = dir_ / "not-a-dir";
  std::ofstream(blocker) << "x";
  const auto file = blocker / "state.db";
  auto store = StateStore::Open(file, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().kind(), ErrorKind::kIo);
  EXPECT_NE(store.status().message().find(file.string()), std::string::npos)
      << store.status().message();
}

TEST_F(StateStoreTest, GarbageFileIsIoErrorNamingThePath) {
  std::filesystem::create_directories(dir_);
  const auto file = dir_ / "state.db";
  std::ofstream(file) << std::string(4096, 'G');
  auto store = StateStore::Open(file, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().kind(), ErrorKind::kIo);
  EXPECT_NE(store.status().message().find(file.string()), std::string::npos);
}

TEST_F(StateStoreTest, NewerSchemaVersionIsRefused) {
  const auto file = dir_ / "state.db";
  OpenOrDie(file).reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto store = StateStore::Open(file, clock_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().kind(), ErrorKind::kIo);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST_F(StateStoreTest, SourceStateRoundTripsAcrossReopen) {
  const auto file = dir_ / "state.db";
  SourceFetchState a{"gov-sh",   "\"etag-1\"", "Tue, 07 Feb 2023 00:10:00 GMT",
                     1700000600, 1700000000,   1700000100,
                     3,          "http: 503",  "failing",
                     42};
  SourceFetchState b;
  b.source_id = "beijing";
  {
    auto store = OpenOrDie(file);
    ASSERT_TRUE(store->Save(a).ok());
    ASSERT_TRUE(store->Save(b).ok());
    a.items_total = 43;  // Save replaces.
    ASSERT_TRUE(store->Save(a).ok());
  }
  auto store = OpenOrDie(file);
  auto loaded = store->Load("gov-sh");
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, a);
  auto missing = store->Load("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto all = store->LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], b);
  EXPECT_EQ((*all)[1], a);
}

TEST_F(StateStoreTest, SaveAllWritesTheBatchAndALaterEntryForTheSameSourceWins) {
  const auto file = dir_ / "state.db";
  std::vector<SourceFetchState> batch(3);
  batch[0].source_id = "a";
  batch[0].next_poll_unix = 1;
  batch[1].source_id = "b";
  batch[1].etag = "\"b1\"";
  batch[2] = batch[0];
  batch[2].next_poll_unix = 2;
  {
    auto store = OpenOrDie(file);
    ASSERT_TRUE(store->SaveAll(batch).ok());
    ASSERT_TRUE(store->SaveAll({}).ok());
  }
  auto store = OpenOrDie(file);
  auto all = store->LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], batch[2]);
  EXPECT_EQ((*all)[1], batch[1]);
}

TEST_F(StateStoreTest, SequencesAreConsecutiveAndContinueAfterReopen) {
  const auto file = dir_ / "state.db";
  {
    auto store = OpenOrDie(file);
    EXPECT_EQ(store->LastSequence(), 0u);
    for (uint64_t i = 1; i <= 3; ++i) {
      auto e = store->AppendEvent("status.x", nullptr, Payload("p"));
      ASSERT_TRUE(e.ok()) << e.status().ToString();
      ASSERT_TRUE(e->has_value());
      EXPECT_EQ((*e)->sequence, i);
      EXPECT_EQ((*e)->payload, "p#" + std::to_string(i));
      EXPECT_EQ((*e)->created_unix, 1700000000);
    }
  }
  auto store = OpenOrDie(file);
  EXPECT_EQ(store->LastSequence(), 3u);
  auto e = store->AppendEvent("status.x", nullptr, Payload("q"));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ((*e)->sequence, 4u);
}

TEST_F(StateStoreTest, DuplicateIdOrHashIsNotAppendedAndConsumesNoSequence) {
  auto store = OpenOrDie(dir_ / "state.db");
  const ArticleKey first = Key("id1", "hash1");
  auto a = store->AppendEvent("article.p.310000", &first, Payload("a"));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->has_value());

  const ArticleKey same_id = Key("id1", "other-hash");
  auto b = store->AppendEvent("article.p.310000", &same_id, Payload("b"));
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->has_value());

  const ArticleKey same_text = Key("id2", "hash1");  // a repost under another URL
  auto c = store->AppendEvent("article.p.310000", &same_text, Payload("c"));
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->has_value());

  EXPECT_EQ(store->LastSequence(), 1u);
  auto seen = store->IsSeen("id2", "hash1");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(*seen);
  seen = store->IsSeen("id2", "hash2");
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(*seen);

  auto journal = store->ReadJournal(0, "", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 1u);
  EXPECT_EQ((*journal)[0].payload, "a#1");
}

TEST_F(StateStoreTest, EmptyContentHashesNeverCollide) {
  auto store = OpenOrDie(dir_ / "state.db");
  const ArticleKey x = Key("x", "");
  const ArticleKey y = Key("y", "");
  auto a = store->AppendEvent("t", &x, Payload("x"));
  auto b = store->AppendEvent("t", &y, Payload("y"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->has_value());
  EXPECT_TRUE(b->has_value());
  auto seen = store->IsSeen("z", "");
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(*seen);
}

TEST_F(StateStoreTest, ReadJournalFiltersByPrefixAndPages) {
  auto store = OpenOrDie(dir_ / "state.db");
  const char* topics[] = {"article.p.310000", "status.a",         "article.p.110000",
                          "heartbeat",        "article.q.000000", "article.p.310109"};
  for (const char* t : topics) ASSERT_TRUE(store->AppendEvent(t, nullptr, Payload(t)).ok());

  auto p = store->ReadJournal(0, "article.p.", 100);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[0].sequence, 1u);
  EXPECT_EQ((*p)[1].sequence, 3u);
  EXPECT_EQ((*p)[2].sequence, 6u);
  EXPECT_EQ((*p)[2].topic, "article.p.310109");

  auto page1 = store->ReadJournal(0, "", 2);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 2u);
  auto page2 = store->ReadJournal(page1->back().sequence, "", 2);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].sequence, 3u);

  // A prefix with LIKE metacharacters is matched literally.
  ASSERT_TRUE(store->AppendEvent("article.%_", nullptr, Payload("odd")).ok());
  auto odd = store->ReadJournal(0, "article.%", 100);
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->size(), 1u);
  EXPECT_EQ((*odd)[0].topic, "article.%_");
}

TEST_F(StateStoreTest, PruneDropsOldJournalButRemembersSeenLonger) {
  auto store = OpenOrDie(dir_ / "state.db");
  const ArticleKey old_key = Key("old", "h-old");
  clock_.Set(1700000000);
  ASSERT_TRUE(store->AppendEvent("article.p.1", &old_key, Payload("old")).ok());
  ASSERT_TRUE(store->AppendEvent("heartbeat", nullptr, Payload("hb")).ok());
  clock_.Set(1700000000 + 40 * 86400);
  const ArticleKey new_key = Key("new", "h-new");
  ASSERT_TRUE(store->AppendEvent("article.p.1", &new_key, Payload("new")).ok());

  RetentionPolicy policy;
  policy.max_age_days = 30;
  policy.seen_max_age_days = 365;
  ASSERT_TRUE(store->Prune(policy).ok());
  auto journal = store->ReadJournal(0, "", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 1u);
  EXPECT_EQ((*journal)[0].sequence, 3u);
  auto seen = store->IsSeen("old", "");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(*seen) << "seen rows must outlive the journal";

  clock_.Set(1700000000 + 400 * 86400);
  ASSERT_TRUE(store->Prune(policy).ok());
  seen = store->IsSeen("old", "");
  ASSERT_TRUE(seen.ok());
  EXPECT_FALSE(*seen);
  // The counter survives an empty journal.
  EXPECT_EQ(store->LastSequence(), 3u);
  auto next = store->AppendEvent("t", nullptr, Payload("n"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ((*next)->sequence, 4u);
}

TEST_F(StateStoreTest, PruneByRowCountAndBytesKeepsTheNewest) {
  auto store = OpenOrDie(dir_ / "state.db");
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(
        store->AppendEvent("t", nullptr, [](uint64_t) { return std::string(100, 'x'); }).ok());
  }
  RetentionPolicy rows;
  rows.max_age_days = 0;
  rows.max_journal_rows = 6;
  ASSERT_TRUE(store->Prune(rows).ok());
  auto journal = store->ReadJournal(0, "", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 6u);
  EXPECT_EQ(journal->front().sequence, 5u);

  RetentionPolicy bytes;
  bytes.max_age_days = 0;
  bytes.max_bytes = 350;
  ASSERT_TRUE(store->Prune(bytes).ok());
  journal = store->ReadJournal(0, "", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 3u);
  EXPECT_EQ(journal->front().sequence, 8u);
}

TEST_F(StateStoreTest, HeartbeatsArePrunedSooner) {
  auto store = OpenOrDie(dir_ / "state.db");
  ASSERT_TRUE(store->AppendEvent("heartbeat", nullptr, Payload("hb")).ok());
  ASSERT_TRUE(store->AppendEvent("status.a", nullptr, Payload("s")).ok());
  clock_.Set(1700000000 + 7200);
  ASSERT_TRUE(store->Prune(RetentionPolicy{}).ok());
  auto journal = store->ReadJournal(0, "", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 1u);
  EXPECT_EQ(journal->front().topic, "status.a");
}

TEST_F(StateStoreTest, TwoThreadsAppendWithoutLosingOrRepeatingSequences) {
  const auto file = dir_ / "state.db";
  OpenOrDie(file).reset();
  constexpr int kPerThread = 200;
  std::vector<uint64_t> got[2];
  std::atomic<int> failures{0};
  auto worker = [&](int t) {
    auto store = StateStore::Open(file, clock_);
    if (!store.ok()) {
      ++failures;
      return;
    }
    for (int i = 0; i < kPerThread; ++i) {
      // Both threads race on the same ids: exactly one of each pair may win.
      const ArticleKey key = Key("id" + std::to_string(i), "");
      auto e = (*store)->AppendEvent("t", &key, Payload("t" + std::to_string(t)));
      if (!e.ok()) {
        ++failures;
        continue;
      }
      if (e->has_value()) got[t].push_back((*e)->sequence);
      SourceFetchState s;
      s.source_id = "src" + std::to_string(t);
      s.items_total = i;
      if (!(*store)->Save(s).ok()) ++failures;
    }
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<uint64_t> all(got[0].begin(), got[0].end());
  all.insert(got[1].begin(), got[1].end());
  EXPECT_EQ(all.size(), got[0].size() + got[1].size()) << "a sequence was handed out twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kPerThread));
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), static_cast<uint64_t>(kPerThread));
  auto store = OpenOrDie(file);
  auto journal = store->ReadJournal(0, "", 1000);
  ASSERT_TRUE(journal.ok());
  EXPECT_EQ(journal->size(), static_cast<size_t>(kPerThread));
}

ArticleKey StoryKey(const std::string& id, const std::string& story) {
  ArticleKey k;
  k.article_id = id;
  k.content_hash = "h-" + id;
  k.story_id = story;
  return k;
}

TEST_F(StateStoreTest, BatchAppendKeepsPerEventDedupAndConsecutiveSequences) {
  auto store = OpenOrDie(dir_ / "s.db");
  const ArticleKey a = StoryKey("a", ""), a_again = StoryKey("a", ""), b = StoryKey("b", "");
  std::vector<AppendRequest> batch;
  for (const ArticleKey* k : {&a, &a_again, &b}) {
    batch.push_back(
        {"article.p.1", k, [](const AppendSlot& s) { return std::to_string(s.sequence); }});
  }
  batch.push_back(
      {"status.x", nullptr, [](const AppendSlot& s) { return std::to_string(s.sequence); }});
  auto out = store->AppendEvents(batch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->size(), 4u);
  ASSERT_TRUE((*out)[0].has_value());
  EXPECT_FALSE((*out)[1].has_value());  // same id as the first, in the same transaction
  EXPECT_EQ((*out)[0]->sequence, 1u);
  EXPECT_EQ((*out)[2]->sequence, 2u);
  EXPECT_EQ((*out)[3]->payload, "3");
  EXPECT_EQ(store->LastSequence(), 3u);
}

TEST_F(StateStoreTest, FirstJournaledArticleOfAStoryIsItsOnlyFirstReport) {
  auto store = OpenOrDie(dir_ / "s.db");
  // The repost is journaled before the story's original (pipeline order is not journal order).
  const ArticleKey repost = StoryKey("repost", "orig"), orig = StoryKey("orig", "orig");
  const ArticleKey other = StoryKey("other", "");
  std::vector<AppendSlot> slots;
  for (const ArticleKey* k : {&repost, &orig, &other}) {
    std::vector<AppendRequest> one{{"article.p.1", k, [&slots](const AppendSlot& s) {
                                      slots.push_back(s);
                                      return std::string("x");
                                    }}};
    ASSERT_TRUE(store->AppendEvents(one).ok());
  }
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_TRUE(slots[0].first_report);
  EXPECT_EQ(slots[0].first_article_id, "repost");
  EXPECT_FALSE(slots[1].first_report);
  EXPECT_EQ(slots[1].first_article_id, "repost");
  EXPECT_TRUE(slots[2].first_report);  // no story: always first
  // A reopened store (a restarted daemon) remembers the claim.
  store.reset();
  store = OpenOrDie(dir_ / "s.db");
  const ArticleKey third = StoryKey("third", "orig");
  bool first = true;
  std::vector<AppendRequest> one{{"article.p.1", &third, [&first](const AppendSlot& s) {
                                    first = s.first_report;
                                    return std::string("y");
                                  }}};
  ASSERT_TRUE(store->AppendEvents(one).ok());
  EXPECT_FALSE(first);
}

TEST_F(StateStoreTest, StoryIndexReturnsTheSameRowForTheSameArticleAndPrunesByAge) {
  auto store = OpenOrDie(dir_ / "s.db");
  auto never = [](const std::vector<StoryCandidate>&) {
    return std::pair<std::string, double>{"", 1.0};
  };
  auto a = store->IndexStory("a", {8, 16}, "blob-a", 0, 10, never);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->story_id, "a");
  std::vector<StoryCandidate> seen;
  auto join = [&seen](const std::vector<StoryCandidate>& c) {
    seen = c;
    return std::pair<std::string, double>{c.empty() ? "" : c[0].doc.story_id, 0.9};
  };
  auto b = store->IndexStory("b", {16, 24}, "blob-b", 0, 10, join);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].doc.article_id, "a");
  EXPECT_EQ(seen[0].doc.shingles, "blob-a");
  EXPECT_EQ(seen[0].shared_keys, 1u);
  EXPECT_EQ(b->story_id, "a");
  auto b_again = store->IndexStory("b", {}, "", 0, 10, never);  // a re-fetch: unchanged
  ASSERT_TRUE(b_again.ok());
  EXPECT_EQ(b_again->story_id, "a");
  EXPECT_DOUBLE_EQ(b_again->similarity, 0.9);

  clock_.Set(1700000000 + 8 * 86400);
  RetentionPolicy policy;
  policy.story_max_age_days = 7;
  ASSERT_TRUE(store->Prune(policy).ok());
  seen.clear();
  auto c = store->IndexStory("c", {8, 16, 24}, "blob-c", 0, 10, join);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(seen.empty());  // a and b are gone with their keys
  EXPECT_EQ(c->story_id, "c");
}

TEST_F(StateStoreTest, MigratesASchemaVersionOneFileForward) {
  const auto file = dir_ / "v1.db";
  {
    auto store = OpenOrDie(file);
    ASSERT_TRUE(store->AppendEvent("t", nullptr, Payload("kept")).ok());
  }
  {  // Make it look like a version-1 file: no story tables.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE story_doc; DROP TABLE story_key; DROP TABLE story_first; "
                           "PRAGMA user_version=1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = OpenOrDie(file);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->LastSequence(), 1u);
  auto none = [](const std::vector<StoryCandidate>&) {
    return std::pair<std::string, double>{"", 1.0};
  };
  EXPECT_TRUE(store->IndexStory("a", {8}, "x", 0, 10, none).ok());
}

}  // namespace
}  // namespace newswatch
