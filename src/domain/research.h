#pragma once
// Research (调查研究): a project with its method, places and period, the visits made for it,
// and the research reports written from it — individual ones, and a township's report
// consolidated from its members' (双报告) with every figure filled in from the records.
// Pure: no I/O. The problems found become ledger items (ledger.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/utf8.h"

namespace sixia::domain {

// 四不两直 unannounced, 蹲点 stay-in, 解剖式 case dissection, 专题 thematic, 座谈 symposium,
// 问卷 questionnaire, other.
enum class ResearchMethod { kUnannounced, kStayIn, kDissection, kThematic, kSymposium, kQuestionnaire, kOther };

const char* ResearchMethodName(ResearchMethod m);  // "unannounced" …
std::optional<ResearchMethod> ResearchMethodFromName(std::string_view name);
const char* ResearchMethodLabel(ResearchMethod m);  // "四不两直" …

struct ResearchProject {
  int64_t id = 0;
  std::string topic;
  std::string division_code;             // The organising jurisdiction (scope of access).
  int64_t lead_user_id = 0;
  ResearchMethod method = ResearchMethod::kThematic;
  std::vector<std::string> places;       // Division codes visited; 1..50, distinct.
  int64_t starts_on_ms = 0;              // Start of the first day (China time).
  int64_t ends_on_ms = 0;                // Start of the last day; ≥ starts_on_ms.
  std::string summary;
};

struct ResearchVisit {
  int64_t id = 0;
  int64_t project_id = 0;
  int64_t visited_on_ms = 0;             // Start of the day.
  std::string division_code;             // Where: one of the project's places or below it.
  int64_t people_met = 0;                // How many people were met (counted).
  std::string met_whom;                  // Who in general terms (村干部、群众代表…), no names.
  std::string findings;
};

// Topic 1..200 characters, 1..50 distinct 12-digit places, the last day not before the first
// and the period at most 366 days, summary ≤ 10000. kInvalidArgument naming the field.
Status CheckProject(const ResearchProject& p);

// A visit within the project's period at one of its places (or a place below one: a
// village of a township place), people_met in 0..100000, findings 1..10000 characters.
// `in_place(place, code)` says whether `code` is `place` or lies below it.
template <typename InPlace>
Status CheckVisit(const ResearchProject& project, const ResearchVisit& v, InPlace in_place);

// ---- Reports ----

// The figures a research report states, counted from records for its scope and period (or
// its project). Keys are the names used in report templates: {{visits}} …
struct ReportFigures {
  int64_t projects = 0;          // 调研课题
  int64_t visits = 0;            // 走访（调研）次数
  int64_t people_met = 0;        // 访谈群众人数
  int64_t problems = 0;          // 发现问题
  int64_t tasks = 0;             // 整改任务
  int64_t tasks_done = 0;        // 已完成任务
  int64_t tasks_overdue = 0;     // 逾期未完成任务
  int64_t outcomes = 0;          // 形成效果
  bool operator==(const ReportFigures&) const = default;
};

// Each figure's template key, Chinese label and value, in a fixed order.
struct FigureEntry {
  const char* key;
  const char* label;
  int64_t value;
};
std::vector<FigureEntry> FigureEntries(const ReportFigures& f);

// Replaces every {{key}} of FigureEntries in `body` with the counted value. An unknown key
// or an unclosed "{{" is kInvalidArgument on field "body" (a typo must not print as is).
Result<std::string> FillFigures(std::string_view body, const ReportFigures& f);

// Template placeholders left in a text: runs of X/x/×/Ｘ/某 standing where a number should
// be, before a counter (次, 人, 个, 件, 户, 项, 场, 条, 家, 天, 万, 元) with an optional 余/多
// between ("X余次", "XX人", "××户"), and unfilled "{{…}}". Each occurrence as written, in order.
std::vector<std::string> FindPlaceholders(std::string_view text);

// A figure a text states in words ("走访群众120人", "发现问题15个") that differs from the
// counted one.
struct FigureMismatch {
  std::string key;               // FigureEntry key.
  std::string phrase;            // As written, e.g. "发现问题15个".
  int64_t stated = 0;
  int64_t counted = 0;
};
// Finds the stated figures of `text` (phrases of a fixed list per figure: the number right
// after the phrase, then its counter) and returns those that differ from `counted`.
std::vector<FigureMismatch> CompareStatedFigures(std::string_view text, const ReportFigures& counted);

// The consolidated report's opening paragraph with the figures: "本期共开展调研课题N项…".
std::string FiguresSentence(const ReportFigures& f);

// ---- templates ----

template <typename InPlace>
Status CheckVisit(const ResearchProject& project, const ResearchVisit& v, InPlace in_place) {
  if (v.visited_on_ms < project.starts_on_ms || v.visited_on_ms > project.ends_on_ms)
    return Unprocessable("the visit is outside the project's period", "走访日期不在调研时段内", "visited_on");
  bool placed = false;
  for (const auto& place : project.places) placed = placed || in_place(place, v.division_code);
  if (!placed)
    return Unprocessable("the visit is not at one of the project's places", "走访地点不在调研地点范围内",
                         "division_code");
  if (v.people_met < 0 || v.people_met > 100000)
    return InvalidArgument("people_met must be 0..100000", "访谈人数应为0至100000", "people_met");
  if (IsBlank(v.findings) || Utf8Length(v.findings) > 10000)
    return InvalidArgument("findings are required (at most 10000 characters)", "调研发现为必填项（不超过10000字）",
                           "findings");
  if (Utf8Length(v.met_whom) > 200)
    return InvalidArgument("met_whom is at most 200 characters", "走访对象不超过200字", "met_whom");
  return Status::Ok();
}

}  // namespace sixia::domain
