#include "loyalty/event_kind.hpp"

#include <array>
#include <utility>

namespace loyalty {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 14> kEventNames{{
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
}};

}  // namespace

std::string_view event_kind_name(EventKind kind) {
  for (const auto& [k, name] : kEventNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<EventKind> event_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kEventNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

bool is_engagement_event(EventKind kind) {
  switch (kind) {
    case EventKind::signup:
    case EventKind::birthday:
    case EventKind::referral:
    case EventKind::referred:
    case EventKind::review:
    case EventKind::social_follow:
    case EventKind::custom: return true;
    default: return false;
  }
}

std::string event_kind_list(bool engagement_only) {
  std::string list;
  for (const auto& [kind, name] : kEventNames) {
    if (engagement_only && !is_engagement_event(kind)) continue;
    if (!list.empty()) list += ", ";
    list += name;
  }
  return list;
}

}  // namespace loyalty
