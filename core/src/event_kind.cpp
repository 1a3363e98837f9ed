#include "loyalty/event_kind.hpp"

#include "loyalty/names.hpp"

namespace loyalty {
namespace {

constexpr Named<EventKind> kEventNames[] = {
    {EventKind::purchase, "purchase"},
    {EventKind::refund, "refund"},
    {EventKind::adjustment, "adjustment"},
    {EventKind::redemption, "redemption"},
    {EventKind::signup, "signup"},
    {EventKind::birthday, "birthday"},
    {EventKind::referral, "referral"},
    {EventKind::referred, "referred"},
    {EventKind::review, "review"},
    {EventKind::social_follow, "social_follow"},
    {EventKind::custom, "custom"},
    {EventKind::tier_invitation, "tier_invitation"},
    {EventKind::tier_revocation, "tier_revocation"},
    {EventKind::cancellation, "cancellation"},
    {EventKind::survey, "survey"},
};

}  // namespace

std::string_view event_kind_name(EventKind kind) { return name_in<EventKind>(kEventNames, kind); }

std::optional<EventKind> event_kind_from_name(std::string_view name) {
  return value_named<EventKind>(kEventNames, name);
}

bool is_engagement_event(EventKind kind) {
  switch (kind) {
    case EventKind::signup:
    case EventKind::birthday:
    case EventKind::referral:
    case EventKind::referred:
    case EventKind::review:
    case EventKind::social_follow:
    case EventKind::custom:
    case EventKind::survey: return true;
    default: return false;
  }
}

std::string event_kind_list(bool engagement_only) {
  std::string list;
  for (const Named<EventKind>& entry : kEventNames) {
    if (engagement_only && !is_engagement_event(entry.value)) continue;
    if (!list.empty()) list += ", ";
    list += entry.name;
  }
  return list;
}

}  // namespace loyalty
