#include "daemon/store/thread_state_store.h"

#include <map>
#include <memory>

namespace newswatch {

Result<StateStore*> ThreadStateStore(const std::filesystem::path& db_file) {
  thread_local std::map<std::filesystem::path, std::unique_ptr<StateStore>> stores;
  auto& store = stores[db_file];
  if (!store) {
    auto opened =
        StateStore::Open(db_file, SystemClock::Instance(), StateStore::Durability::kRelaxed);
    if (!opened.ok()) return opened.status();
    store = std::move(opened).value();
  }
  return store.get();
}

}  // namespace newswatch
