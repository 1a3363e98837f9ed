// The kinds of events a customer's ledger holds, and their names: one table
// that the JSON reader and writer, the program reader, the CLI's help and
// the error messages all use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loyalty {

enum class EventKind {
  purchase,
  refund,
  adjustment,
  redemption,
  signup,
  birthday,
  referral,   // the referrer's award for bringing a friend
  referred,   // the friend's award for joining through a referral
  review,
  social_follow,
  custom,     // a merchant-defined event, told apart by its name
  tier_invitation,
  tier_revocation,
  cancellation,  // takes back an unused redemption: its points come back once
  survey,        // a Net Promoter Score answer: a score 0-10 and an optional comment
};

std::string_view event_kind_name(EventKind kind);
std::optional<EventKind> event_kind_from_name(std::string_view name);
// Events an `event` earn rule can reward.
bool is_engagement_event(EventKind kind);
// Every kind's name, or only the engagement events', as "a, b, c".
std::string event_kind_list(bool engagement_only = false);

}  // namespace loyalty
