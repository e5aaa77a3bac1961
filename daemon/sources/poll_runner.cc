#include "daemon/sources/poll_runner.h"

#include <functional>
#include <memory>

namespace newswatch {

PollResult RunSourcePoll(Source& source, HttpFetcher& fetcher, const PollContext& context,
                         std::chrono::milliseconds timeout) {
  // Shared with the callbacks, which may outlive this call if the timeout passes first.
  struct State {
    PollResult out;
    size_t pending = 0;
    std::function<void(PollStep)> handle;
  };
  auto state = std::make_shared<State>();
  std::weak_ptr<State> weak = state;
  state->handle = [weak, &source, &fetcher](PollStep step) {
    auto s = weak.lock();
    if (!s) return;
    PollResult& out = s->out;
    if (!step.error.ok() && out.error.ok()) out.error = step.error;
    for (auto& e : step.item_errors) out.item_errors.push_back(std::move(e));
    for (auto& a : step.articles) out.articles.push_back(std::move(a));
    out.items_seen += step.items_seen;
    out.items_without_date += step.items_without_date;
    out.items_without_title += step.items_without_title;
    out.items_too_old += step.items_too_old;
    out.not_modified = out.not_modified || step.not_modified;
    if (step.etag) out.etag = *step.etag;
    if (step.last_modified) out.last_modified = *step.last_modified;
    out.fetches += step.fetches.size();
    for (SourceFetch& f : step.fetches) {
      ++s->pending;
      const uint64_t tag = f.tag;
      fetcher.Submit(std::move(f.request), [weak, &source, tag](FetchResponse response) {
        auto s2 = weak.lock();
        if (!s2) return;
        --s2->pending;
        s2->handle(source.OnFetched(tag, response));
      });
    }
  };
  state->handle(source.StartPoll(context));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (state->pending > 0 && std::chrono::steady_clock::now() < deadline) {
    fetcher.RunOnce(std::chrono::milliseconds(100));
  }
  state->out.finished = state->pending == 0;
  PollResult result = std::move(state->out);
  state->handle = nullptr;  // breaks nothing: the lambda holds only a weak reference
  return result;
}

}  // namespace newswatch
