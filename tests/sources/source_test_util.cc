#include "tests/sources/source_test_util.h"

#include <gtest/gtest.h>

#include <functional>

#include "daemon/config/daemon_config.h"
#include "daemon/core/clock.h"
#include "daemon/sources/source_registry.h"

namespace newswatch::testing {

Result<std::unique_ptr<Source>> MakeSource(const std::string& source_yaml) {
  auto config = ParseDaemonConfig("sources:\n" + source_yaml, "/tmp/test.yaml",
                                  SourceOptionTables());
  if (!config.ok()) return config.status();
  if (config->sources.size() != 1) return InvalidArgument("expected exactly one source");
  const SourceConfig& sc = config->sources.front();
  const SourceType* type = FindSourceType(sc.type);
  if (type == nullptr) return InvalidArgument("unknown type " + sc.type);
  SourceEnvironment env;
  env.base_dir = "/tmp";
  env.user_agent = "newswatch-test";
  return type->create(sc, env);
}

std::unique_ptr<CurlFetcher> MakeTestFetcher() {
  FetcherOptions options;
  options.per_host_concurrency = 4;
  options.per_host_min_gap = std::chrono::milliseconds(0);
  auto fetcher = CurlFetcher::Create(options, SystemClock::Instance());
  EXPECT_TRUE(fetcher.ok()) << fetcher.status().ToString();
  return fetcher.ok() ? std::move(fetcher).value() : nullptr;
}

namespace {

void Absorb(PollOutcome& out, PollStep& step) {
  if (!step.error.ok() && out.error.ok()) out.error = step.error;
  for (auto& e : step.item_errors) out.item_errors.push_back(std::move(e));
  for (auto& a : step.articles) out.articles.push_back(std::move(a));
  out.items_seen += step.items_seen;
  out.items_without_date += step.items_without_date;
  out.items_without_title += step.items_without_title;
  out.not_modified = out.not_modified || step.not_modified;
  if (step.etag) out.etag = *step.etag;
}

}  // namespace

PollOutcome RunPoll(Source& source, HttpFetcher& fetcher, const PollContext& context,
                    std::chrono::milliseconds timeout) {
  PollOutcome out;
  size_t pending = 0;
  // Submits a step's fetches; each response is handed back to the source, like the engine does.
  std::function<void(PollStep)> handle = [&](PollStep step) {
    std::vector<SourceFetch> fetches = std::move(step.fetches);
    Absorb(out, step);
    out.fetches += fetches.size();
    for (SourceFetch& f : fetches) {
      ++pending;
      const uint64_t tag = f.tag;
      fetcher.Submit(std::move(f.request), [&, tag](FetchResponse response) {
        --pending;
        handle(source.OnFetched(tag, response));
      });
    }
  };
  handle(source.StartPoll(context));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pending > 0 && std::chrono::steady_clock::now() < deadline) {
    fetcher.RunOnce(std::chrono::milliseconds(100));
  }
  out.finished = pending == 0;
  return out;
}

std::string ArticlePage(const std::string& title, const std::string& date_line,
                        const std::string& marker) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
         "_测试区人民政府</title></head><body>"
         "<div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/xxgk/\">信息公开</a></div>"
         "<div class=\"article\"><h1>" + title + "</h1>"
         "<div class=\"info\">发布时间：" + date_line + " 来源：测试区科学技术委员会</div>"
         "<div class=\"content\">"
         "<p>为贯彻落实本市关于推动数字经济高质量发展的部署，加快培育新的产业增长点，"
         "区科学技术委员会会同相关部门研究制定了本文件，现将有关事项通知如下。" + marker + "</p>"
         "<p>一、总体目标。到二〇二六年，全区相关产业规模明显提升，集聚一批具有核心竞争力的"
         "企业，建成若干应用示范场景，形成较为完善的产业生态和公共服务体系。</p>"
         "<p>二、重点任务。支持企业开展关键技术攻关，鼓励建设开放共享的创新平台，"
         "推动重点行业开展融合应用试点，加强人才引进与培养，优化产业发展环境。</p>"
         "<p>三、保障措施。建立工作协调机制，加大财政资金支持力度，对符合条件的项目给予"
         "资助，做好政策宣传解读和跟踪评估工作，确保各项措施落到实处。</p>"
         "</div></div><div class=\"footer\">版权所有 测试区人民政府 联系我们</div></body></html>";
}

}  // namespace newswatch::testing
