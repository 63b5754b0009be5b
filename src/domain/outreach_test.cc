#include "domain/outreach.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kMinute = 60'000;

constexpr OutreachForm kForms[] = {OutreachForm::kLed,         OutreachForm::kLoudspeaker,
                                   OutreachForm::kLecture,     OutreachForm::kCourtyardMeeting,
                                   OutreachForm::kDoorToDoor,  OutreachForm::kNewMedia,
                                   OutreachForm::kOther};

// 2026-05-28 10:00 China time.
const int64_t kNow = StartOfDayMs(Date{2026, 5, 28}) + 10 * kHour;

std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

std::string Repeat(const char* s, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += s;
  return out;
}

OutreachEvent Event() {
  OutreachEvent e;
  e.id = 1;
  e.form = OutreachForm::kCourtyardMeeting;
  e.topic = "乡村振兴政策解读";
  e.division_code = "350921101201";
  e.held_on_ms = StartOfDayMs(Date{2026, 5, 27});
  e.reached = 85;
  e.reached_estimated = false;
  e.organiser_unit_id = 7;
  e.notes = "签到表一份";
  return e;
}

void ExpectRefused(const OutreachEvent& e, int64_t now_ms, const std::string& field) {
  const Status st = CheckOutreach(e, now_ms);
  EXPECT_EQ(CodeOf(st), "invalid_argument") << field;
  EXPECT_EQ(st.field(), field);
}

// --- Vocabulary ------------------------------------------------------------------------------

TEST(OutreachVocabulary, NamesRoundTripAndLabelsAreChinese) {
  for (OutreachForm f : kForms) EXPECT_EQ(OutreachFormFromName(OutreachFormName(f)), f) << OutreachFormName(f);
  EXPECT_STREQ(OutreachFormName(OutreachForm::kLed), "led");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kLoudspeaker), "loudspeaker");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kLecture), "lecture");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kCourtyardMeeting), "courtyard_meeting");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kDoorToDoor), "door_to_door");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kNewMedia), "new_media");
  EXPECT_STREQ(OutreachFormName(OutreachForm::kOther), "other");
  EXPECT_EQ(OutreachFormFromName("LED"), std::nullopt);
  EXPECT_EQ(OutreachFormFromName("courtyard-meeting"), std::nullopt);
  EXPECT_EQ(OutreachFormFromName(""), std::nullopt);
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kLed), "LED屏");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kLoudspeaker), "村村响");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kLecture), "宣讲会");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kCourtyardMeeting), "院坝会");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kDoorToDoor), "入户走访");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kNewMedia), "新媒体");
  EXPECT_STREQ(OutreachFormLabel(OutreachForm::kOther), "其他");
}

// --- CheckOutreach ---------------------------------------------------------------------------

TEST(OutreachCheck, CompleteEventIsAccepted) {
  EXPECT_TRUE(CheckOutreach(Event(), kNow).ok());
  OutreachEvent none_reached = Event();
  none_reached.reached = 0;
  none_reached.notes.clear();
  EXPECT_TRUE(CheckOutreach(none_reached, kNow).ok()) << "zero reached and no notes are allowed";
}

TEST(OutreachCheck, ReachedIsZeroToAMillion) {
  OutreachEvent negative = Event();
  negative.reached = -1;
  ExpectRefused(negative, kNow, "reached");

  OutreachEvent most = Event();
  most.reached = kMaxReachedPerEvent;
  most.reached_estimated = true;
  EXPECT_TRUE(CheckOutreach(most, kNow).ok());

  OutreachEvent absurd = most;
  absurd.reached = kMaxReachedPerEvent + 1;
  ExpectRefused(absurd, kNow, "reached");
  absurd.reached = 3'000'000'000;  // A typing error, estimated or not.
  ExpectRefused(absurd, kNow, "reached");
}

TEST(OutreachCheck, TopicIsOneToOneHundredCharacters) {
  OutreachEvent blank = Event();
  blank.topic = "";
  ExpectRefused(blank, kNow, "topic");
  blank.topic = " \t\r\n";
  ExpectRefused(blank, kNow, "topic");

  OutreachEvent longest = Event();
  longest.topic = Repeat("策", 100);  // 100 characters, 300 bytes.
  EXPECT_TRUE(CheckOutreach(longest, kNow).ok()) << "the limit counts characters, not bytes";
  OutreachEvent too_long = Event();
  too_long.topic = Repeat("策", 101);
  ExpectRefused(too_long, kNow, "topic");
}

TEST(OutreachCheck, EventTomorrowChinaTimeIsRefusedButTodayIsAccepted) {
  // Late evening in China: 2026-05-28 23:30 China time (15:30 UTC).
  const int64_t late_evening = 1'779'982'200'000;
  ASSERT_EQ(late_evening, StartOfDayMs(Date{2026, 5, 28}) + 23 * kHour + 30 * kMinute);
  OutreachEvent today = Event();
  today.held_on_ms = StartOfDayMs(Date{2026, 5, 28});
  EXPECT_TRUE(CheckOutreach(today, late_evening).ok());
  OutreachEvent tomorrow = Event();
  tomorrow.held_on_ms = StartOfDayMs(Date{2026, 5, 29});
  ExpectRefused(tomorrow, late_evening, "held_on");
  ExpectRefused(tomorrow, kNow, "held_on");

  // Just after midnight in China (2026-05-29 00:30, still 05-28 16:30 in UTC) the 29th is today.
  const int64_t after_midnight = 1'779'985'800'000;
  ASSERT_EQ(after_midnight, StartOfDayMs(Date{2026, 5, 29}) + 30 * kMinute);
  EXPECT_TRUE(CheckOutreach(tomorrow, after_midnight).ok()) << "today is the China-time day";
  OutreachEvent day_after = Event();
  day_after.held_on_ms = StartOfDayMs(Date{2026, 5, 30});
  ExpectRefused(day_after, after_midnight, "held_on");

  // The last moment of today is still today.
  OutreachEvent last_ms = Event();
  last_ms.held_on_ms = StartOfDayMs(Date{2026, 5, 29}) - 1;
  EXPECT_TRUE(CheckOutreach(last_ms, kNow).ok());
}

TEST(OutreachCheck, EventBefore2000IsRefused) {
  OutreachEvent first_day = Event();
  first_day.held_on_ms = StartOfDayMs(Date{2000, 1, 1});
  EXPECT_TRUE(CheckOutreach(first_day, kNow).ok());
  OutreachEvent earlier = Event();
  earlier.held_on_ms = StartOfDayMs(Date{1999, 12, 31});
  ExpectRefused(earlier, kNow, "held_on");
  earlier.held_on_ms = 0;  // Unset: 1970.
  ExpectRefused(earlier, kNow, "held_on");
}

TEST(OutreachCheck, NotesAreAtMostTwoThousandCharacters) {
  OutreachEvent longest = Event();
  longest.notes = Repeat("注", 2000);
  EXPECT_TRUE(CheckOutreach(longest, kNow).ok());
  OutreachEvent too_long = Event();
  too_long.notes = Repeat("注", 2001);
  ExpectRefused(too_long, kNow, "notes");
}

// --- Totals and the report sentence ----------------------------------------------------------

TEST(OutreachReport, AddSplitsCountedAndEstimated) {
  OutreachTotals t;
  t.Add(1, 50, false);   // A lecture with a sign-in sheet.
  t.Add(2, 200, true);   // Two loudspeaker broadcasts, estimated.
  t.Add(3, 0, false);
  OutreachTotals want;
  want.events = 6;
  want.reached = 250;
  want.reached_counted = 50;
  want.reached_estimated = 200;
  EXPECT_EQ(t, want);
  EXPECT_EQ(t.reached, t.reached_counted + t.reached_estimated);
}

TEST(OutreachReport, SentenceStatesTheTotalsExactly) {
  OutreachTotals counted;
  counted.Add(1, 100, false);
  counted.Add(2, 150, false);
  EXPECT_EQ(OutreachSentence(counted), "累计开展宣传活动3次，惠及250人");

  OutreachTotals mixed;
  mixed.Add(1, 50, false);
  mixed.Add(2, 200, true);
  EXPECT_EQ(OutreachSentence(mixed), "累计开展宣传活动3次，惠及250人（其中估算200人）");

  EXPECT_EQ(OutreachSentence(OutreachTotals{}), "累计开展宣传活动0次，惠及0人");

  OutreachTotals estimated_none;
  estimated_none.Add(4, 0, true);  // Estimated events that reached nobody: nothing estimated.
  EXPECT_EQ(OutreachSentence(estimated_none), "累计开展宣传活动4次，惠及0人");
}

// --- Village coverage ------------------------------------------------------------------------

TEST(OutreachCoverage, UncoveredKeepsTheVillagesOrderAndDropsCoveredOnes) {
  const std::vector<std::string> villages = {"350921101203", "350921101201", "350921101205",
                                             "350921101202", "350921101204"};
  const std::vector<std::string> covered = {"350921101205", "350921101201", "350921101201",
                                            "350921999999"};  // Duplicates and strangers.
  EXPECT_EQ(Uncovered(villages, covered),
            (std::vector<std::string>{"350921101203", "350921101202", "350921101204"}));
  EXPECT_EQ(Uncovered(villages, {}), villages);
  EXPECT_TRUE(Uncovered(villages, villages).empty());
  EXPECT_TRUE(Uncovered({}, covered).empty());
}

}  // namespace
}  // namespace sixia::domain
