#include "filters/analysis/actor_finder.h"

#include <algorithm>
#include <cctype>

#include "filters/facts/text_scan.h"

namespace newswatch::analysis {
namespace {

constexpr uint32_t kMaxDepartmentBytes = 30;  // ~10 Han characters of department words

int LevelOfRegion(const RegionTable& table, const std::string& code) {
  if (code == "000000") return 1;
  const RegionEntry* e = table.Find(code);
  if (e == nullptr) return 0;
  switch (e->level) {
    case RegionLevel::kProvince:
      return 2;
    case RegionLevel::kCity:
      return 3;
    case RegionLevel::kCounty:
      return 4;
    default:
      return 0;
  }
}

// A bare level word that starts a body's name (市经信委, 区政府, 国家数据局).
struct BareAnchor {
  std::string_view text;
  int level;
};
constexpr BareAnchor kBareAnchors[] = {{"国家", 1}, {"省", 2}, {"市", 3},
                                       {"区", 4},   {"县", 4}, {"州", 3}};

// Verbs that never sit inside a body's name (上海举行市政府新闻发布会).
constexpr std::string_view kNameVerbs[] = {"举行", "召开", "举办", "开展", "组织", "表示",
                                           "指出", "推动", "加快", "支持", "鼓励", "成立",
                                           "打造", "启动", "要求", "透露", "介绍"};

bool HasVerb(std::string_view s) {
  for (std::string_view v : kNameVerbs) {
    if (s.find(v) != std::string_view::npos) return true;
  }
  return false;
}

bool EndsWithVerb(std::string_view s) {
  for (std::string_view v : kNameVerbs) {
    if (s.ends_with(v)) return true;
  }
  return false;
}

bool AllHanWithoutBreaks(std::string_view s) {
  if (HasVerb(s)) return false;
  for (size_t i = 0; i < s.size();) {
    size_t len = 0;
    char32_t c = DecodeAt(s, i, &len);
    if (!IsHan(c) || IsNameBreak(c)) return false;
    i += len;
  }
  return true;
}

// Where a token sits in the token list, to look at its neighbours.
const Token* LastTokenEndingBy(const std::vector<Token>& tokens, size_t before_index,
                               uint32_t pos) {
  for (size_t i = before_index; i-- > 0;) {
    if (tokens[i].end <= pos) return &tokens[i];
  }
  return nullptr;
}

// The start of a non-government actor's name: back over Han, ASCII letters
// and digits until a break, at most ~16 characters.
uint32_t NameStartBefore(std::string_view text, uint32_t pos) {
  uint32_t begin = pos;
  for (int chars = 0; chars < 16 && begin > 0; ++chars) {
    size_t prev = PrevCodepoint(text, begin);
    size_t len = 0;
    char32_t c = DecodeAt(text, prev, &len);
    bool word = (IsHan(c) && !IsNameBreak(c)) || (c < 0x80 && std::isalnum(static_cast<int>(c)));
    if (!word) break;
    begin = static_cast<uint32_t>(prev);
  }
  return begin;
}

}  // namespace

std::string FullRegionName(const RegionTable& table, const std::string& code) {
  const RegionEntry* e = table.Find(code);
  if (e == nullptr) return "";
  if (e->level == RegionLevel::kCounty) {
    if (const RegionEntry* parent = table.Find(e->parent)) return parent->name + e->name;
  }
  return e->name;
}

bool IsNameBreak(char32_t c) {
  switch (c) {
    case U'的':
    case U'了':
    case U'在':
    case U'对':
    case U'向':
    case U'由':
    case U'和':
    case U'与':
    case U'及':
    case U'是':
    case U'将':
    case U'为':
    case U'把':
    case U'被':
    case U'从':
    case U'以':
    case U'于':
    case U'等':
    case U'并':
    case U'也':
    case U'都':
    case U'已':
    case U'要':
    case U'就':
    case U'让':
    case U'给':
    case U'到':
    case U'其':
    case U'这':
    case U'该':
    case U'各':
    case U'有':
    case U'称':
    case U'说':
      return true;
    default:
      return false;
  }
}

bool IsFillerGap(std::string_view gap) {
  static constexpr std::string_view kFillers[] = {
      "近日", "日前", "近期", "今日", "今天", "昨日", "昨天", "正式", "联合", "共同",
      "率先", "再次", "首次", "相继", "陆续", "专门", "重磅", "最新", "已经", "已",
      "也",   "还",   "又",   "将",   "拟",   "了",   "再",   "先后", "印发", "日",
      "月",   "年",   "上午", "下午", "加速", "加快", "全力", "积极", "大力", "统筹",
      "研究", "集中", "谋篇", " ",    ",",    ":"};
  while (!gap.empty()) {
    bool cut = false;
    for (std::string_view f : kFillers) {
      if (gap.starts_with(f)) {
        gap.remove_prefix(f.size());
        cut = true;
        break;
      }
    }
    if (cut) continue;
    if (gap.front() >= '0' && gap.front() <= '9') {
      gap.remove_prefix(1);
      continue;
    }
    return false;
  }
  return true;
}

std::vector<Actor> FindActors(const TokenScanner& scanner, std::string_view text,
                              const std::vector<Token>& tokens, bool in_title) {
  const Lexicon& lex = scanner.lexicon();
  const RegionTable& table = scanner.regions();
  std::vector<Actor> actors;
  auto span = [&](uint32_t b, uint32_t e) { return TextSpan{in_title, b, e}; };
  auto next_is_act = [&](size_t i) {
    // The token after i is an act verb, with only filler between.
    for (size_t j = i + 1; j < tokens.size(); ++j) {
      if (tokens[j].kind == TokenKind::kAct) {
        return IsFillerGap(text.substr(tokens[i].end, tokens[j].begin - tokens[i].end));
      }
      if (tokens[j].kind != TokenKind::kTopic) return false;
      return false;
    }
    return false;
  };

  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    switch (t.kind) {
      case TokenKind::kNationalBody: {
        const NamedBody& b = lex.national_bodies[t.index];
        actors.push_back({b.text, "", "", b.kind, 1, "000000", span(t.begin, t.end)});
        break;
      }
      case TokenKind::kBodySuffix: {
        const BodySuffix& suffix = lex.body_suffixes[t.index];
        // The nearest region (or foreign place) before the suffix, with only
        // department words between.
        const Token* anchor = LastTokenEndingBy(tokens, i, t.begin);
        uint32_t begin = t.begin;
        std::string code;
        int level = 0;
        bool foreign = false;
        bool named = false;
        if (anchor != nullptr &&
            (anchor->kind == TokenKind::kRegion || anchor->kind == TokenKind::kForeignPlace) &&
            t.begin - anchor->end <= kMaxDepartmentBytes &&
            AllHanWithoutBreaks(text.substr(anchor->end, t.begin - anchor->end))) {
          begin = anchor->begin;
          named = true;
          if (anchor->kind == TokenKind::kForeignPlace) {
            foreign = true;
            code = "foreign";
          } else {
            code = scanner.RegionCode(*anchor);
            level = LevelOfRegion(table, code);
            // Regions that touch extend the name (上海市 + 虹口区 + 人民政府).
            for (size_t k = anchor - tokens.data(); k-- > 0;) {
              if (tokens[k].kind != TokenKind::kRegion || tokens[k].end != begin) break;
              begin = tokens[k].begin;
            }
          }
        } else {
          // A bare level word opening the name: 市经信委, 区政府.
          uint32_t floor = anchor != nullptr ? anchor->end : 0;
          for (uint32_t b = t.begin; b > floor && t.begin - b <= kMaxDepartmentBytes;) {
            uint32_t prev = static_cast<uint32_t>(PrevCodepoint(text, b));
            size_t len = 0;
            char32_t c = DecodeAt(text, prev, &len);
            if (!IsHan(c) || IsNameBreak(c)) break;
            b = prev;
            for (const BareAnchor& a : kBareAnchors) {
              if (!text.substr(b).starts_with(a.text)) continue;
              // The bare word must open the name: nothing name-like before it.
              size_t len2 = 0;
              char32_t before = b == 0 ? U' ' : DecodeAt(text, PrevCodepoint(text, b), &len2);
              if (b == 0 || !IsHan(before) || IsNameBreak(before) ||
                  EndsWithVerb(text.substr(floor, b - floor))) {
                begin = b;
                level = a.level;
                named = true;
                if (a.level == 1) code = "000000";
              }
            }
            if (named) break;
          }
        }
        const bool one_char = CountCodepoints(suffix.text) == 1;
        const uint32_t words = t.begin - (named ? begin : t.begin);
        if (!named && suffix.needs_prefix) break;
        if (one_char && named && anchor != nullptr && begin == anchor->begin &&
            t.begin == anchor->end) {
          // 市委 / 区委: a party committee; 市局 alone is not a name.
          if (suffix.text == "委") {
            actors.push_back({std::string(text.substr(begin, t.end - begin)), "", "",
                              ActorKind::kParty, level, code, span(begin, t.end)});
          }
          break;
        }
        if (one_char && words == 0) break;
        // Department words that belong to an association make it one.
        bool non_government = false;
        for (size_t k = 0; k < tokens.size(); ++k) {
          if (tokens[k].kind == TokenKind::kNonGovernment && tokens[k].begin >= begin &&
              tokens[k].end <= t.end) {
            non_government = true;
          }
        }
        if (non_government) break;
        ActorKind kind = foreign ? ActorKind::kForeignGovernment : suffix.kind;
        actors.push_back({std::string(text.substr(begin, t.end - begin)), "", "", kind, level, code,
                          span(begin, t.end)});
        break;
      }
      case TokenKind::kNonGovernment: {
        const NonGovernmentSuffix& s = lex.non_government[t.index];
        uint32_t begin = NameStartBefore(text, t.begin);
        actors.push_back({std::string(text.substr(begin, t.end - begin)), "", "", s.kind, 0, "",
                          span(begin, t.end)});
        break;
      }
      case TokenKind::kRole: {
        // The role and the person's name after it (全国政协委员刘伟), or the
        // region or body before it (市人大代表).
        uint32_t begin = t.begin;
        const Token* before = LastTokenEndingBy(tokens, i, t.begin);
        std::string code;
        if (before != nullptr && before->end == t.begin && before->kind == TokenKind::kRegion) {
          begin = before->begin;
          code = scanner.RegionCode(*before);
        }
        if (text.substr(t.begin).starts_with("全国")) code = "000000";
        uint32_t end = t.end;
        for (int chars = 0; chars < 3 && end < text.size(); ++chars) {
          size_t len = 0;
          char32_t c = DecodeAt(text, end, &len);
          if (!IsHan(c) || IsNameBreak(c)) break;
          if (i + 1 < tokens.size() && tokens[i + 1].begin <= end) break;
          end += static_cast<uint32_t>(len);
        }
        actors.push_back({std::string(text.substr(begin, end - begin)), "", "", ActorKind::kDeputy,
                          LevelOfRegion(table, code), code, span(begin, end)});
        break;
      }
      case TokenKind::kForeignPlace: {
        if (next_is_act(i)) {
          actors.push_back({std::string(text.substr(t.begin, t.end - t.begin)), "", "",
                            ActorKind::kForeignGovernment, 0, "foreign", span(t.begin, t.end)});
        }
        break;
      }
      case TokenKind::kRegion: {
        // A region acting as its government: 浙江发布…, 上海虹口区出台….
        if (!next_is_act(i)) break;
        uint32_t begin = t.begin;
        for (size_t k = i; k-- > 0;) {
          if (tokens[k].kind != TokenKind::kRegion || tokens[k].end != begin) break;
          begin = tokens[k].begin;
        }
        const std::string& code = scanner.RegionCode(t);
        actors.push_back({std::string(text.substr(begin, t.end - begin)), "", "",
                          ActorKind::kGovernment, LevelOfRegion(table, code), code,
                          span(begin, t.end), true});
        break;
      }
      default:
        break;
    }
  }

  // A region actor inside a body's name is the body (上海市 of 上海市人民政府).
  std::sort(actors.begin(), actors.end(), [](const Actor& a, const Actor& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.span.end > b.span.end;
  });
  std::vector<Actor> unique;
  for (Actor& a : actors) {
    if (!unique.empty() && a.span.begin < unique.back().span.end) continue;
    unique.push_back(std::move(a));
  }

  // Canonical names: the region's official name (上海虹口 -> 上海市虹口区)
  // and the body's full name (发改委 -> 发展和改革委员会).
  for (Actor& a : unique) {
    if (!IsPublicActor(a.kind) || a.kind == ActorKind::kDeputy) {
      a.canonical = a.display = a.name;
      continue;
    }
    uint32_t region_end = a.span.begin;
    for (const Token& t : tokens) {
      if (t.begin == region_end && t.end <= a.span.end && t.kind == TokenKind::kRegion) {
        region_end = t.end;
      }
    }
    std::string rest = std::string(text.substr(region_end, a.span.end - region_end));
    if (region_end > a.span.begin && a.region_code.size() == 6) {
      const std::string region = FullRegionName(table, a.region_code);
      a.canonical = region + lex.ExpandAbbreviation(rest);
      a.display = region + rest;
    } else {
      a.canonical = lex.ExpandAbbreviation(a.name);
      a.display = a.name;
    }
  }

  // Joint issuers: A、B、C (等5部门) acting together are one actor.
  std::vector<Actor> merged;
  for (Actor& a : unique) {
    if (!merged.empty() && IsPublicActor(a.kind) && IsPublicActor(merged.back().kind)) {
      Actor& last = merged.back();
      std::string_view gap = text.substr(last.span.end, a.span.begin - last.span.end);
      if (gap.empty() || gap == "、" || gap == "和" || gap == "与" || gap == "及" || gap == " " ||
          gap == ",") {
        last.name = std::string(text.substr(last.span.begin, a.span.end - last.span.begin));
        last.canonical += "、" + a.canonical;
        last.display += "、" + a.display;
        last.span.end = a.span.end;
        if (a.level != 0 && (last.level == 0 || a.level < last.level)) {
          last.level = a.level;
          last.region_code = a.region_code;
        }
        continue;
      }
    }
    merged.push_back(std::move(a));
  }
  for (Actor& a : merged) {
    if (!IsPublicActor(a.kind)) continue;
    std::string_view rest = text.substr(a.span.end);
    if (!rest.starts_with("等")) continue;
    size_t n = std::string_view("等").size();
    while (n < rest.size() &&
           ((rest[n] >= '0' && rest[n] <= '9') || rest.substr(n).starts_with("五") ||
            rest.substr(n).starts_with("四") || rest.substr(n).starts_with("三") ||
            rest.substr(n).starts_with("六") || rest.substr(n).starts_with("七") ||
            rest.substr(n).starts_with("八") || rest.substr(n).starts_with("九") ||
            rest.substr(n).starts_with("十") || rest.substr(n).starts_with("两") ||
            rest.substr(n).starts_with("二") || rest.substr(n).starts_with("多"))) {
      n += (rest[n] >= '0' && rest[n] <= '9') ? 1 : 3;
    }
    for (std::string_view unit : {"部门", "部委", "单位", "地"}) {
      if (rest.substr(n).starts_with(unit)) {
        if (unit == "地") break;  // 等地: a list of places, not issuers
        a.span.end += static_cast<uint32_t>(n + unit.size());
        a.canonical += std::string(rest.substr(0, n + unit.size()));
        a.display += std::string(rest.substr(0, n + unit.size()));
        a.name = std::string(text.substr(a.span.begin, a.span.end - a.span.begin));
        break;
      }
    }
  }
  return merged;
}

}  // namespace newswatch::analysis
