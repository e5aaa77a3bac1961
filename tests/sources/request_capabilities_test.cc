// What real Chinese list APIs need from a source, each through a real CurlFetcher against a
// loopback server: POST with a JSON or form body templated with the page number, keyword
// search requests, a token or cookie pre-step (refreshed when refused), per-source User-Agent
// and Referer with a default that names newswatch, and list items inside other formats (HTML in
// a JSON string, Hanweb CDATA records in a script element, inline JavaScript read by a regex).
// The fixtures are written here in the shapes ../shared/research/real-sources.md documents.
#include <gtest/gtest.h>
#include <httplib.h>
#include <iconv.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "tests/sources/source_test_util.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

using testing::MakeSource;
using testing::RunPoll;

class RequestCapabilitiesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Source> Make(const std::string& yaml) {
    auto s = MakeSource(yaml);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  TestHttpServer server_;
  std::unique_ptr<CurlFetcher> fetcher_ = testing::MakeTestFetcher();
};

// 杨浦区's /front/api/data/search: POST, JSON body with channelList and pageNo, answer
// data.list[] with display_date in epoch milliseconds.
TEST_F(RequestCapabilitiesTest, JsonPostBodyCarriesThePageNumber) {
  std::mutex mu;
  std::vector<std::string> bodies, types, methods;
  server_.server().Post(
      "/front/api/data/search", [&](const httplib::Request& req, httplib::Response& res) {
        {
          std::lock_guard<std::mutex> lock(mu);
          bodies.push_back(req.body);
          types.push_back(req.get_header_value("Content-Type"));
          methods.push_back(req.method);
        }
        auto body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body["channelList"].is_array()) {
          res.status = 400;
          return;
        }
        const int page = body["pageNo"].get<int>();
        nlohmann::json list = nlohmann::json::array();
        list.push_back({{"title", "杨浦区关于元宇宙的第" + std::to_string(page) + "页文件"},
                        {"url", "/zhengwu/zfwj/2024/101/" + std::to_string(page) + ".html"},
                        {"display_date", 1712710800000LL + page * 1000LL}});
        res.set_content(nlohmann::json{{"data", {{"list", list}, {"totalPage", 9}}}}.dump(),
                        "application/json");
      });
  auto source =
      Make("  - id: shyp\n    type: json\n    url: " + server_.Url("/front/api/data/search") +
           "\n    body: '{\"channelList\":[\"1899\"],\"pageNo\":{page},\"pageSize\":15}'\n"
           "    item_path: data.list\n    time_path: display_date\n    pages: 2\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(methods[0], "POST");
  EXPECT_EQ(bodies[0], R"({"channelList":["1899"],"pageNo":1,"pageSize":15})");
  EXPECT_EQ(bodies[1], R"({"channelList":["1899"],"pageNo":2,"pageSize":15})");
  EXPECT_EQ(types[0], "application/json; charset=utf-8");
  // Relative links resolve against the API URL; ms epochs are read as ms.
  EXPECT_EQ(out.articles[0].url, server_.Url("/zhengwu/zfwj/2024/101/1.html"));
  ASSERT_TRUE(out.articles[0].published);
  EXPECT_EQ(out.articles[0].published->ToRfc3339(), "2024-04-10T09:00:01+08:00");
}

// Hanweb jsearchfront: a form POST with the keyword and page; the answer's result[] holds HTML
// snippets, read with XPath by an html-list source.
TEST_F(RequestCapabilitiesTest, FormPostKeywordSearchWithHtmlInsideJson) {
  std::mutex mu;
  std::vector<std::string> bodies;
  server_.server().Post("/jsearchfront/interfaces/cateSearch.do", [&](const httplib::Request& req,
                                                                      httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu);
      bodies.push_back(req.body);
    }
    EXPECT_EQ(req.get_header_value("Content-Type"), "application/x-www-form-urlencoded");
    nlohmann::json answer = {{"total", 2},
                             {"result",
                              {"<div class=\"jcse-news-title\"><a href=\"visit/link.do?url=/art/"
                               "2024/4/10/art_1_1.html\" target=\"_blank\">关于<em>元宇宙</em>"
                               "产业的通知</a></div><span class=\"jcse-news-date\">2024-04-10"
                               "</span>",
                               "<div class=\"jcse-news-title\"><a href=\"visit/link.do?url=/art/"
                               "2024/4/9/art_1_2.html\">元宇宙 应用场景 征集</a></div><span "
                               "class=\"jcse-news-date\">2024-04-09</span>"}}};
    res.set_content(answer.dump(), "application/json");
  });
  auto source = Make("  - id: jsearch\n    type: html-list\n    url: " +
                     server_.Url("/jsearchfront/interfaces/cateSearch.do") +
                     "\n    body: websiteid=370000000088000&q=元宇宙&p={page}&pg=12&pos=title\n"
                     "    json_path: result\n    item_xpath: //div[@class='jcse-news-title']\n"
                     "    date_xpath: following-sibling::span[@class='jcse-news-date'][1]\n"
                     "    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0], "websiteid=370000000088000&q=元宇宙&p=1&pg=12&pos=title");
  EXPECT_EQ(out.articles[0].title, "关于元宇宙产业的通知");
  EXPECT_EQ(out.articles[0].url,
            server_.Url("/jsearchfront/interfaces/visit/link.do?url=/art/2024/4/10/art_1_1.html"));
  ASSERT_TRUE(out.articles[1].published);
  EXPECT_EQ(out.articles[1].published->ToRfc3339(), "2024-04-09T00:00:00+08:00");
}

// A keyword search source: one request per keyword ({keyword} percent-encoded in the URL), the
// gov.cn answer's lists under searchVO.catMap.<category>.listVO, and "no hits" (the list
// missing) counted as no items.
TEST_F(RequestCapabilitiesTest, KeywordSearchAcrossCategoriesAndNoHits) {
  std::mutex mu;
  std::vector<std::string> queries;
  server_.server().Get(
      "/search-gov/data", [&](const httplib::Request& req, httplib::Response& res) {
        const std::string q = req.get_param_value("q");
        {
          std::lock_guard<std::mutex> lock(mu);
          queries.push_back(q);
        }
        if (q != "元宇宙") {
          res.set_content(R"({"code":1001,"msg":"没有找到相关结果"})", "application/json");
          return;
        }
        res.set_content(R"({"code":200,"searchVO":{"totalCount":0,"catMap":{
      "gongwen":{"totalCount":1,"listVO":[{"title":"国务院关于<em>元宇宙</em>的通知",
        "url":"https://www.gov.cn/zhengce/content/202404/content_1.htm","ptime":1712710800000,
        "pubtimeStr":"2024.04.10","puborg":"国务院"}]},
      "bumenfile":{"totalCount":1,"listVO":[{"title":"工业和信息化部等五部门关于印发《<em>元宇宙</em>产业创新发展三年行动计划》的通知",
        "url":"https://www.gov.cn/zhengce/zhengceku/202309/content_2.htm","ptime":null,
        "pubtimeStr":"2023.09.08"}]},
      "otherfile":{"totalCount":0,"listVO":[]}}}})",
                        "application/json");
      });
  auto source =
      Make("  - id: govcn-search\n    type: json\n    url: " +
           server_.Url("/search-gov/data?t=zhengcelibrary&q={keyword}&sort=pubtime&p=1&n=20") +
           "\n    keywords: [元宇宙, 数字孪生城市]\n"
           "    item_path: searchVO.catMap.*.listVO\n    time_path: pubtimeStr\n"
           "    missing_items_ok: true\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  std::sort(queries.begin(), queries.end());
  EXPECT_EQ(queries, (std::vector<std::string>{"元宇宙", "数字孪生城市"}));
  std::map<std::string, std::string> dates;  // title -> date
  for (const Article& a : out.articles)
    dates[a.title] = a.published ? a.published->ToRfc3339() : "";
  EXPECT_EQ(dates["国务院关于元宇宙的通知"], "2024-04-10T00:00:00+08:00");
  EXPECT_EQ(dates["工业和信息化部等五部门关于印发《元宇宙产业创新发展三年行动计划》的通知"],
            "2023-09-08T00:00:00+08:00");
}

// 21jingji: POST cbhChannelAuth gives {token}; the channel API wants it in `authorization`.
// The token is kept across polls, and a 401 (expired) fetches a new one and retries once.
TEST_F(RequestCapabilitiesTest, TokenPreStepIsReusedAndRefreshedWhenRefused) {
  std::atomic<int> issued{0};
  std::mutex mu;
  std::string valid = "";
  server_.server().Post(
      "/reader/cbhChannelAuth", [&](const httplib::Request&, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(mu);
        valid = "tok-" + std::to_string(++issued);
        res.set_content(nlohmann::json{{"token", valid}}.dump(), "application/json");
      });
  server_.server().Get("/channel/list", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    if (req.get_header_value("authorization") != valid || valid.empty()) {
      res.status = 401;
      return;
    }
    EXPECT_EQ(req.get_header_value("Referer"), "https://m.21jingji.com");
    res.set_content(
        R"([{"id":1,"title":"长三角元宇宙政策观察","url":"https://www.21jingji.com/article/20240410/herald/0123456789abcdef0123456789abcdef.html","updatetime":1712710800}])",
        "application/json");
  });
  auto source = Make("  - id: jingji\n    type: json\n    url: " +
                     server_.Url("/channel/list?short=politics&type=json&page=1") +
                     "\n    item_path: ''\n    time_path: updatetime\n"
                     "    referer: https://m.21jingji.com\n"
                     "    auth_url: " +
                     server_.Url("/reader/cbhChannelAuth") +
                     "\n    auth_method: POST\n    auth_token_path: token\n"
                     "    auth_header: authorization\n");
  ASSERT_TRUE(source);
  PollContext context;
  context.now_unix = 1712710800;
  auto first = RunPoll(*source, *fetcher_, context);
  ASSERT_TRUE(first.error.ok()) << first.error.ToString();
  ASSERT_EQ(first.articles.size(), 1u);
  EXPECT_EQ(issued.load(), 1);

  context.now_unix += 60;  // within auth_max_age: the same token
  auto second = RunPoll(*source, *fetcher_, context);
  ASSERT_TRUE(second.error.ok()) << second.error.ToString();
  EXPECT_EQ(issued.load(), 1);
  EXPECT_EQ(server_.RequestCount("/reader/cbhChannelAuth"), 1u);

  {
    std::lock_guard<std::mutex> lock(mu);
    valid = "revoked-by-server";  // the held token is refused now
  }
  context.now_unix += 60;
  auto third = RunPoll(*source, *fetcher_, context);
  ASSERT_TRUE(third.error.ok()) << third.error.ToString();
  EXPECT_EQ(issued.load(), 2);
  EXPECT_EQ(third.articles.size(), 1u);

  context.now_unix += 3600;  // older than auth_max_age (30m): fetched again before the list
  auto fourth = RunPoll(*source, *fetcher_, context);
  ASSERT_TRUE(fourth.error.ok()) << fourth.error.ToString();
  EXPECT_EQ(issued.load(), 3);
}

TEST_F(RequestCapabilitiesTest, PreStepThatFailsNamesTheSourceAndStep) {
  server_.server().Post("/auth", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"error":"busy"})", "application/json");
  });
  server_.Serve("/list", "[]", "application/json");
  auto source = Make("  - id: broken-auth\n    type: json\n    url: " + server_.Url("/list") +
                     "\n    item_path: ''\n    auth_url: " + server_.Url("/auth") +
                     "\n    auth_body: '{}'\n    auth_token_path: data.token\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_FALSE(out.error.ok());
  EXPECT_NE(out.error.ToString().find("source 'broken-auth': auth step"), std::string::npos);
  EXPECT_NE(out.error.ToString().find("data.token"), std::string::npos);
  EXPECT_EQ(server_.RequestCount("/list"), 0u);
}

// MIIT / 司法部 style: the column page sets a WAF cookie that the list request must carry.
TEST_F(RequestCapabilitiesTest, CookiePrimingCarriesTheSetCookieToTheList) {
  server_.server().Get("/jgsj/column.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "waf_token=abc123; Path=/; HttpOnly");
    res.set_content("<html><body>column</body></html>", "text/html");
  });
  server_.server().Get("/api/unit", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Cookie").find("waf_token=abc123") == std::string::npos) {
      res.status = 403;
      return;
    }
    res.set_content(
        R"({"data":{"html":"<div class=\"page-content\"><ul><li><a href=\"/zwgk/zcjd/art/2024/art_1.html\" title=\"工业和信息化部关于元宇宙标准化工作的解读\">工业和信息化部关于元宇宙…</a><span class=\"fr\">2024-04-10</span></li></ul></div>"}})",
        "application/json");
  });
  auto source =
      Make("  - id: miit-like\n    type: html-list\n    url: " + server_.Url("/api/unit") +
           "\n    json_path: data.html\n    item_xpath: //div[@class='page-content']//li\n"
           "    date_xpath: span[@class='fr']\n    fetch_articles: false\n"
           "    auth_url: " +
           server_.Url("/jgsj/column.html") + "\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 1u);
  EXPECT_EQ(out.articles[0].title, "工业和信息化部关于元宇宙标准化工作的解读");
  EXPECT_EQ(out.articles[0].url, server_.Url("/zwgk/zcjd/art/2024/art_1.html"));
}

// Jiangsu (Hanweb) column: the list is inside <script type="text/xml"> as CDATA records.
TEST_F(RequestCapabilitiesTest, HanwebCdataRecordsInsideAScript) {
  server_.Serve("/col/col84242/index.html", R"(<html><head><meta charset="utf-8"></head><body>
<div class="bt-list"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid=84242&unitid=356383&webname=%E6%B1%9F%E8%8B%8F&permissiontype=0"></a>]]></nextgroup><recordset>
<record><![CDATA[<li><a href="/art/2024/4/10/art_84242_1.html" title="江苏省关于加快元宇宙产业发展的实施意见" target="_blank">江苏省关于加快元宇宙产业发展的实施意见</a><b>2024-04-10</b></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/4/8/art_84242_2.html" title="省政府办公厅关于春季防火的通知" target="_blank">省政府办公厅关于春季防火的通知</a><b>2024-04-08</b></li>]]></record>
</recordset></datastore></script></div></body></html>)",
                "text/html; charset=utf-8");
  auto source = Make(
      "  - id: jiangsu\n    type: html-list\n    url: " + server_.Url("/col/col84242/index.html") +
      "\n    content_xpath: //script[@type='text/xml']\n    item_xpath: //record/li\n"
      "    date_xpath: b\n    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.articles[0].title, "江苏省关于加快元宇宙产业发展的实施意见");
  EXPECT_EQ(out.articles[0].url, server_.Url("/art/2024/4/10/art_84242_1.html"));
  ASSERT_TRUE(out.articles[1].published);
  EXPECT_EQ(out.articles[1].published->ToRfc3339(), "2024-04-08T00:00:00+08:00");
}

// 武汉 规范性文件: items exist only in inline JavaScript; a regex reads url, title and date.
TEST_F(RequestCapabilitiesTest, ItemsFromInlineJavascriptByRegex) {
  server_.Serve("/zwgk/xxgk/zfwj/gfxwj/index.shtml", R"(<html><body><ul class="list">
<script>var url = "./202404/t20240410_2381234.shtml"; var title = "武汉市促进元宇宙产业创新发展若干措施"; var FILENUM = "武政规〔2024〕5号";
document.writeln("<li><a href='" + url + "'>" + title + "</a><span>");document.writeln("2024-04-10 10:00");document.writeln("</span></li>");</script>
<script>var url = "./202404/t20240402_2379999.shtml"; var title = "关于做好清明节期间安全工作的通知"; var FILENUM = "";
document.writeln("<li><a href='" + url + "'>" + title + "</a><span>");document.writeln("2024-04-02 09:30");document.writeln("</span></li>");</script>
</ul></body></html>)",
                "text/html; charset=utf-8");
  auto source =
      Make("  - id: wuhan-gfxwj\n    type: html-list\n    url: " +
           server_.Url("/zwgk/xxgk/zfwj/gfxwj/index.shtml") +
           "\n    item_regex: 'var url = \"([^\"]+)\"; var title = "
           "\"([^\"]+)\";[^<]*?document.writeln\\(\"<li>[^;]*;document.writeln\\(\"([^\"]+)\"\\)'\n"
           "    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.articles[0].title, "武汉市促进元宇宙产业创新发展若干措施");
  EXPECT_EQ(out.articles[0].url,
            server_.Url("/zwgk/xxgk/zfwj/gfxwj/202404/t20240410_2381234.shtml"));
  ASSERT_TRUE(out.articles[0].published);
  EXPECT_EQ(out.articles[0].published->ToRfc3339(), "2024-04-10T10:00:00+08:00");
}

// The daemon's default User-Agent names newswatch; a source may send its own and a Referer.
TEST_F(RequestCapabilitiesTest, DefaultUserAgentNamesNewswatchAndSourcesMayOverride) {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> seen;  // (UA, Referer)
  server_.server().Get("/ua", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    seen.emplace_back(req.get_header_value("User-Agent"), req.get_header_value("Referer"));
    res.set_content("[]", "application/json");
  });
  auto plain = Make("  - id: plain\n    type: json\n    url: " + server_.Url("/ua") +
                    "\n    item_path: ''\n");
  auto browser = Make("  - id: browser\n    type: json\n    url: " + server_.Url("/ua") +
                      "\n    item_path: ''\n    user_agent: 'Mozilla/5.0 (X11; Linux x86_64)'\n"
                      "    referer: https://sousuo.www.gov.cn/\n"
                      "    headers: {X-Requested-With: XMLHttpRequest}\n");
  ASSERT_TRUE(plain && browser);
  RunPoll(*plain, *fetcher_);
  RunPoll(*browser, *fetcher_);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].first.find("newswatch"), std::string::npos) << seen[0].first;
  EXPECT_EQ(seen[1].first, "Mozilla/5.0 (X11; Linux x86_64)");
  EXPECT_EQ(seen[1].second, "https://sousuo.www.gov.cn/");
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// 人民网 columns are GBK; the charset comes from the header or the page's meta. Links are
// relative and TRS "t-date" URLs give the date when the list shows none.
TEST_F(RequestCapabilitiesTest, GbkListPageRelativeLinksAndDatesFromUrls) {
  const std::string page = ToGbk(
      R"(<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>时政</title></head><body>
<div class="ej_list_box"><ul>
<li><a href="/n1/2024/0410/c1001-40213456.html">国家数据局：推动元宇宙与实体经济融合</a></li>
<li><a href="../xxgk/202404/t20240409_123.html">某部委发布数字经济政策解读</a></li>
</ul></div></body></html>)");
  server_.Serve("/GB/1001/index.html", page, "application/octet-stream");  // charset from meta
  auto source = Make(
      "  - id: people-col\n    type: html-list\n    url: " + server_.Url("/GB/1001/index.html") +
      "\n    item_xpath: //div[@class='ej_list_box']//li\n    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.articles[0].title, "国家数据局：推动元宇宙与实体经济融合");
  EXPECT_EQ(out.articles[0].url, server_.Url("/n1/2024/0410/c1001-40213456.html"));
  EXPECT_EQ(out.articles[1].url, server_.Url("/GB/xxgk/202404/t20240409_123.html"));
  ASSERT_TRUE(out.articles[1].published);
  EXPECT_EQ(out.articles[1].published->ToRfc3339(), "2024-04-09T00:00:00+08:00");
  EXPECT_EQ(out.items_without_date, 1u);  // the first link's path holds no full date
}

// Options are checked at start-up and errors name the line.
TEST_F(RequestCapabilitiesTest, BadCapabilityOptionsNameTheLine) {
  struct Case {
    std::string yaml, expect;
  };
  const std::string url = server_.Url("/x");
  const std::vector<Case> cases = {
      {"  - id: a\n    type: json\n    url: " + url + "\n    item_path: d\n    method: PUT\n",
       "test.yaml:6: source 'a': method must be GET or POST"},
      {"  - id: a\n    type: json\n    url: " + url + "\n    item_path: d\n    keywords: [x]\n",
       "test.yaml:6: source 'a': keywords need {keyword} in url or body"},
      {"  - id: a\n    type: html-list\n    url: " + url +
           "\n    item_xpath: //li\n    item_regex: 'a(b)'\n",
       "source 'a': give exactly one of item_xpath and item_regex"},
      {"  - id: a\n    type: html-list\n    url: " + url + "\n    item_regex: 'a(b'\n",
       "test.yaml:5: source 'a': item_regex:"},
      {"  - id: a\n    type: html-list\n    url: " + url +
           "\n    item_regex: '(x)'\n    regex_fields: [title]\n",
       "test.yaml:6: source 'a': regex_fields must name the url group"},
      {"  - id: a\n    type: json\n    url: " + url + "\n    item_path: d\n    auth_url: " + url +
           "\n    auth_header_value: Bearer\n    "
           "auth_token_path: t\n",
       "test.yaml:7: source 'a': auth_header_value must contain {token}"},
      {"  - id: a\n    type: json\n    url: " + url + "\n    item_path: d\n    auth_urll: x\n",
       "test.yaml:6"},
      {"  - id: a\n    type: html-list\n    url: " + url +
           "\n    item_xpath: //li\n    body_xpath: '//div[@'\n",
       "test.yaml:6: source 'a': body_xpath: bad XPath"},
  };
  for (const Case& c : cases) {
    auto s = MakeSource(c.yaml);
    ASSERT_FALSE(s.ok()) << c.yaml;
    EXPECT_NE(s.status().message().find(c.expect), std::string::npos)
        << s.status().message() << "\nwanted: " << c.expect;
  }
}

}  // namespace
}  // namespace newswatch
