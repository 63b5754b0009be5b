#include "domain/outreach.h"

#include <algorithm>
#include <set>

#include "common/utf8.h"
#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr OutreachForm kAllForms[] = {OutreachForm::kLed,         OutreachForm::kLoudspeaker,
                                      OutreachForm::kLecture,     OutreachForm::kCourtyardMeeting,
                                      OutreachForm::kDoorToDoor,  OutreachForm::kNewMedia,
                                      OutreachForm::kOther};

}  // namespace

const char* OutreachFormName(OutreachForm f) {
  switch (f) {
    case OutreachForm::kLed: return "led";
    case OutreachForm::kLoudspeaker: return "loudspeaker";
    case OutreachForm::kLecture: return "lecture";
    case OutreachForm::kCourtyardMeeting: return "courtyard_meeting";
    case OutreachForm::kDoorToDoor: return "door_to_door";
    case OutreachForm::kNewMedia: return "new_media";
    case OutreachForm::kOther: return "other";
  }
  return "other";
}

std::optional<OutreachForm> OutreachFormFromName(std::string_view name) {
  for (OutreachForm f : kAllForms)
    if (name == OutreachFormName(f)) return f;
  return std::nullopt;
}

const char* OutreachFormLabel(OutreachForm f) {
  switch (f) {
    case OutreachForm::kLed: return "LED屏";
    case OutreachForm::kLoudspeaker: return "村村响";
    case OutreachForm::kLecture: return "宣讲会";
    case OutreachForm::kCourtyardMeeting: return "院坝会";
    case OutreachForm::kDoorToDoor: return "入户走访";
    case OutreachForm::kNewMedia: return "新媒体";
    case OutreachForm::kOther: return "其他";
  }
  return "其他";
}

Status CheckOutreach(const OutreachEvent& e, int64_t now_ms) {
  if (IsBlank(e.topic) || Utf8Length(e.topic) > 100)
    return InvalidArgument("topic is required (at most 100 characters)", "宣传主题为必填项（不超过100字）", "topic");
  if (e.reached < 0)
    return InvalidArgument("people reached cannot be negative", "受众人数不能为负数", "reached");
  if (e.reached > kMaxReachedPerEvent)
    return InvalidArgument("people reached is implausibly large (at most 1,000,000 per event)",
                           "受众人数不合常理（单次活动不超过100万人）", "reached");
  if (e.held_on_ms >= StartOfDayMs(DateOfMs(now_ms).AddDays(1)))
    return InvalidArgument("the event cannot be in the future", "活动日期不能晚于今天", "held_on");
  if (e.held_on_ms < StartOfDayMs(Date{2000, 1, 1}))
    return InvalidArgument("the event date is before 2000", "活动日期早于2000年", "held_on");
  if (Utf8Length(e.notes) > 2000)
    return InvalidArgument("notes are at most 2000 characters", "备注不超过2000字", "notes");
  return Status::Ok();
}

void OutreachTotals::Add(int64_t events_n, int64_t reached_n, bool estimated) {
  events += events_n;
  reached += reached_n;
  (estimated ? reached_estimated : reached_counted) += reached_n;
}

std::string OutreachSentence(const OutreachTotals& t) {
  std::string s = "累计开展宣传活动" + std::to_string(t.events) + "次，惠及" + std::to_string(t.reached) + "人";
  if (t.reached_estimated > 0)
    s += "（其中估算" + std::to_string(t.reached_estimated) + "人）";
  return s;
}

std::vector<std::string> Uncovered(const std::vector<std::string>& villages,
                                   const std::vector<std::string>& covered) {
  const std::set<std::string> seen(covered.begin(), covered.end());
  std::vector<std::string> out;
  for (const auto& v : villages)
    if (!seen.count(v)) out.push_back(v);
  return out;
}

}  // namespace sixia::domain
