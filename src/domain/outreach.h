#pragma once
// Policy outreach (宣传党的路线方针政策下基层): events by form, topic and place, with the
// people reached counted or estimated (each report says which), and the totals and village
// coverage computed from them. Pure: no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

enum class OutreachForm { kLed, kLoudspeaker, kLecture, kCourtyardMeeting, kDoorToDoor, kNewMedia, kOther };

// "led", "loudspeaker" (村村响), "lecture" (宣讲会), "courtyard_meeting" (院坝会),
// "door_to_door" (入户走访), "new_media" (新媒体), "other".
const char* OutreachFormName(OutreachForm f);
std::optional<OutreachForm> OutreachFormFromName(std::string_view name);
const char* OutreachFormLabel(OutreachForm f);

// People reached by one event: at most this many (a county has about a million people; an
// event claiming more is a typing error, not outreach).
inline constexpr int64_t kMaxReachedPerEvent = 1'000'000;

struct OutreachEvent {
  int64_t id = 0;
  OutreachForm form = OutreachForm::kLecture;
  std::string topic;             // The policy explained, 1..100 characters.
  std::string division_code;     // Where (down to the village).
  int64_t held_on_ms = 0;        // Start of the day (China time).
  int64_t reached = 0;           // People reached.
  bool reached_estimated = false;  // false: counted (签到、入户); true: estimated (广播、LED).
  std::optional<int64_t> organiser_unit_id;
  std::optional<int64_t> organiser_user_id;
  std::string notes;
};

// kInvalidArgument naming the field: blank or overlong topic, reached < 0 or above
// kMaxReachedPerEvent, a day after `now_ms`'s day or before 2000, notes over 2000 characters.
Status CheckOutreach(const OutreachEvent& e, int64_t now_ms);

// Totals as the reports print them: "累计开展宣传活动 N 次，惠及 N 人".
struct OutreachTotals {
  int64_t events = 0;
  int64_t reached = 0;
  int64_t reached_counted = 0;    // Of reached: from counted events.
  int64_t reached_estimated = 0;  // Of reached: from estimated events.
  void Add(int64_t events_n, int64_t reached_n, bool estimated);
  bool operator==(const OutreachTotals&) const = default;
};

// The sentence of a report with the counted figures filled in, saying how many were estimated.
std::string OutreachSentence(const OutreachTotals& t);

// The villages of `villages` (codes) with no event in `covered` (codes with at least one).
std::vector<std::string> Uncovered(const std::vector<std::string>& villages,
                                   const std::vector<std::string>& covered);

}  // namespace sixia::domain
