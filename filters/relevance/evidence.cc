#include "filters/relevance/evidence.h"

#include "filters/analysis/policy_analyzer.h"

namespace newswatch {

std::vector<EvidenceFinding> FindEvidence(const Analysis& a) {
  std::vector<EvidenceFinding> out;
  const Act* public_act = nullptr;
  const Act* other_act = nullptr;
  for (const Act& act : a.acts) {
    if (!act.on_topic || act.actor < 0) continue;
    const Actor& actor = a.actors[act.actor];
    if (IsPublicActor(actor.kind)) {
      if (public_act == nullptr) public_act = &act;
    } else if (other_act == nullptr) {
      other_act = &act;
    }
  }
  if (public_act != nullptr) {
    out.push_back({EvidenceKind::kPublicActOnTopic, DescribeAct(a, *public_act)});
  } else if (other_act != nullptr) {
    out.push_back({EvidenceKind::kNonPublicActOnTopic, DescribeAct(a, *other_act)});
  }
  for (const NamedDocument& d : a.documents) {
    if (d.on_topic && d.policy) {
      out.push_back({EvidenceKind::kTopicPolicyDocument, "document 《" + d.title + "》"});
      break;
    }
  }
  if (a.title_is_document && a.title_on_topic) {
    out.push_back({EvidenceKind::kTitleIsTopicDocument, "the title is a policy document's own"});
  }
  const Actor* title_public = nullptr;
  const Actor* title_other = nullptr;
  for (const Actor& actor : a.actors) {
    if (!actor.span.in_title) continue;
    if (IsPublicActor(actor.kind)) {
      if (title_public == nullptr) title_public = &actor;
    } else if (title_other == nullptr) {
      title_other = &actor;
    }
  }
  bool title_document = false;
  for (const NamedDocument& d : a.documents) {
    title_document = title_document || (d.span.in_title && d.on_topic && d.policy);
  }
  if (title_other != nullptr && title_public == nullptr && !title_document) {
    out.push_back({EvidenceKind::kNonPublicActorInTitle,
                   "headline actor " + title_other->name + " (" +
                       std::string(ActorKindName(title_other->kind)) + ")"});
  }
  return out;
}

}  // namespace newswatch
