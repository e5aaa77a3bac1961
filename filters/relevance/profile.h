// TopicProfile: the parsed, validated form of a topic profile YAML file
// (config/topics/*.yaml; the format is documented in config/topics/README.md).
// A plain value: the parser checks everything once, so scoring cannot fail on config.
// Thread-safety: an immutable value after parsing; share it freely.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch {

// What a group of terms means to the scorer.
enum class GroupRole {
  kTopic,     // names the subject itself ("元宇宙"); requirements usually need it
  kSignal,    // says "this is policy" (行动计划, 印发, 政府 ...)
  kContext,   // supports the topic when present (产业, 示范, 数字孪生 ...)
  kNegative,  // says "this is something else" (概念股, 涨停 ...); weight < 0
};

std::string_view GroupRoleName(GroupRole role);

// One pattern: a literal phrase (the usual case) or a Hyperscan regex.
// Literal terms are stored lower-cased (ASCII) because matching runs on
// normalized text, which is lower-case ASCII.
struct TermSpec {
  std::string text;
  bool is_regex = false;
  double weight = 0;  // the term's own weight; the group's weight unless overridden
  int line = 0;       // 1-based line in the profile file, for error messages
};

struct TermGroup {
  std::string name;
  GroupRole role = GroupRole::kContext;
  double weight = 0;
  double cap = 0;  // maximum total contribution of the group (absolute value); 0 = none
  std::vector<TermSpec> terms;
  int line = 0;
};

// A phrase that consumes any term match it overlaps and never scores itself:
// 多元宇宙 (multiverse) is not 元宇宙, 元宇宙平台公司 is Meta Platforms Inc.
struct Exclusion {
  TermSpec term;
  std::string reason;
};

// Per-field multipliers for a term's occurrences.
struct FieldWeights {
  double title = 3;
  double lead = 2;
  double body = 1;
};

// Minimum occurrence counts per field; a requirement holds when ANY field with
// a non-zero minimum reaches it. Zero disables the field.
struct FieldMinimum {
  uint32_t title = 0;
  uint32_t lead = 0;
  uint32_t body = 0;
};

// What the policy analysis (filters/analysis) found, in terms a person uses;
// a profile gives each a weight and may let it satisfy a requirement.
enum class EvidenceKind {
  kPublicActOnTopic,       // a government body, deputy or foreign government acts on the topic
  kTopicPolicyDocument,    // a named policy document (plan, measures ...) about the topic
  kTitleIsTopicDocument,   // the title is such a document's own title
  kNonPublicActorInTitle,  // the headline's actor is an association, company or gathering
  kNonPublicActOnTopic,    // only non-government actors act on the topic
};

// "public-act-on-topic" ...; the names the profile file uses.
std::string_view EvidenceKindName(EvidenceKind kind);

struct EvidenceWeight {
  EvidenceKind kind = EvidenceKind::kPublicActOnTopic;
  double weight = 0;  // added once when the evidence is present
  int line = 0;
};

// A condition every relevant article must meet ("a topic term together with a
// policy signal"). Counts are summed over all terms of `groups`.
struct Requirement {
  std::string name;
  std::vector<std::string> groups;
  FieldMinimum min_count;
  // When near_group is set, only occurrences within near_window characters of
  // an occurrence of near_group count (the title's end is adjacent to the
  // body's start).
  std::string near_group;
  uint32_t near_window = 0;
  // With title_frames, a counted group's occurrence in the title is near any
  // occurrence of near_group (a policy title frames the whole document).
  bool near_title_frames = false;
  // Evidence that satisfies the requirement on its own ("a government acted
  // on the topic" is a policy signal near the topic, whatever its words).
  std::vector<EvidenceKind> or_evidence;
  int line = 0;
};

struct ScoreLevels {
  double low = 0;
  double medium = 0;
  double high = 0;
};

struct TopicProfile {
  std::string name;  // "metaverse-policy"
  std::string description;
  std::string file_name;      // where it was read from, for messages
  uint32_t lead_chars = 200;  // the lead is at most this many characters of the body
  uint32_t max_count = 3;     // occurrences per term per field that add to the score
  FieldWeights field_weights;
  std::vector<TermGroup> groups;
  std::vector<Exclusion> exclusions;
  std::vector<Requirement> requirements;
  std::vector<EvidenceWeight> evidence;
  ScoreLevels levels;
  double threshold = 0;  // publish at or above this score (and all requirements met)
};

// Parses and validates a profile. `file_name` is used only in messages.
// Errors are kConfig with "file:line: reason" (unknown keys, wrong types, bad
// weights, empty groups, duplicate names or terms, invalid UTF-8, bad regex
// syntax is checked later by PhraseMatcher, still naming the line).
Result<TopicProfile> ParseTopicProfile(std::string_view yaml, std::string_view file_name);

// Reads `path` and parses it as above; kNotFound/kIo if it cannot be read.
Result<TopicProfile> LoadTopicProfile(const std::filesystem::path& path);

}  // namespace newswatch
