#include "domain/research.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/division.h"

namespace sixia::domain {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// The byte length of the UTF-8 sequence starting at s[i] (1 for a stray byte).
size_t SeqLen(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  return std::min(n, s.size() - i);
}

template <typename Options>
bool StartsWithAny(std::string_view s, size_t i, const Options& options, size_t& len) {
  for (std::string_view o : options)
    if (s.substr(i, o.size()) == o) {
      len = o.size();
      return true;
    }
  return false;
}

// Counters that follow a number in a report ("次", "人" …).
constexpr std::string_view kCounters[] = {"次", "人", "个", "件", "户", "项", "场",
                                                                "条", "家", "天", "万", "元", "名"};

constexpr std::string_view kMarks[] = {"X", "x", "×", "Ｘ", "ｘ"};  // Standing for a number.
constexpr std::string_view kAbout[] = {"余", "多"};

// What a stated figure looks like: phrases, longest first within a figure, and counters.
struct StatedPattern {
  const char* key;
  std::vector<std::string_view> phrases;
  std::vector<std::string_view> counters;
};

const std::vector<StatedPattern>& StatedPatterns() {
  static const std::vector<StatedPattern> kPatterns = {
      {"projects", {"调研课题", "课题"}, {"项", "个"}},
      {"visits", {"开展走访调研", "开展实地调研", "走访调研", "实地调研", "开展调研", "走访"}, {"次", "场"}},
      {"people_met", {"走访群众", "访谈群众", "座谈群众", "接触群众", "走访农户", "访谈"}, {"人", "名", "户"}},
      {"problems", {"发现问题", "梳理问题", "查找问题", "收集问题", "查摆问题"}, {"个", "条", "项", "件"}},
      {"tasks", {"制定整改任务", "整改任务", "制定任务"}, {"项", "个", "条", "件"}},
      {"tasks_done", {"已完成整改", "完成整改", "已完成", "已办结", "已整改"}, {"项", "个", "条", "件"}},
      {"tasks_overdue", {"逾期未完成", "逾期"}, {"项", "个", "条", "件"}},
      {"outcomes", {"形成效果", "取得效果"}, {"项", "个", "条"}},
  };
  return kPatterns;
}

int64_t ValueOf(const ReportFigures& f, std::string_view key) {
  for (const FigureEntry& e : FigureEntries(f))
    if (key == e.key) return e.value;
  return 0;
}

}  // namespace

const char* ResearchMethodName(ResearchMethod m) {
  switch (m) {
    case ResearchMethod::kUnannounced: return "unannounced";
    case ResearchMethod::kStayIn: return "stay_in";
    case ResearchMethod::kDissection: return "dissection";
    case ResearchMethod::kThematic: return "thematic";
    case ResearchMethod::kSymposium: return "symposium";
    case ResearchMethod::kQuestionnaire: return "questionnaire";
    case ResearchMethod::kOther: return "other";
  }
  return "other";
}

std::optional<ResearchMethod> ResearchMethodFromName(std::string_view name) {
  for (ResearchMethod m : {ResearchMethod::kUnannounced, ResearchMethod::kStayIn, ResearchMethod::kDissection,
                           ResearchMethod::kThematic, ResearchMethod::kSymposium, ResearchMethod::kQuestionnaire,
                           ResearchMethod::kOther})
    if (name == ResearchMethodName(m)) return m;
  return std::nullopt;
}

const char* ResearchMethodLabel(ResearchMethod m) {
  switch (m) {
    case ResearchMethod::kUnannounced: return "四不两直";
    case ResearchMethod::kStayIn: return "蹲点调研";
    case ResearchMethod::kDissection: return "解剖式调研";
    case ResearchMethod::kThematic: return "专题调研";
    case ResearchMethod::kSymposium: return "座谈调研";
    case ResearchMethod::kQuestionnaire: return "问卷调查";
    case ResearchMethod::kOther: return "其他";
  }
  return "其他";
}

Status CheckProject(const ResearchProject& p) {
  if (IsBlank(p.topic) || Utf8Length(p.topic) > 200)
    return InvalidArgument("topic is required (at most 200 characters)", "调研课题为必填项（不超过200字）", "topic");
  if (Utf8Length(p.summary) > 10000)
    return InvalidArgument("summary is at most 10000 characters", "调研概述不超过10000字", "summary");
  const std::set<std::string> places(p.places.begin(), p.places.end());
  if (places.empty() || places.size() > 50 || places.size() != p.places.size())
    return InvalidArgument("1 to 50 different places", "调研地点应为1至50个且不重复", "places");
  for (const auto& code : p.places)
    if (!IsDivisionCode(code))
      return InvalidArgument("places must be 12-digit division codes", "调研地点应为12位行政区划代码", "places");
  if (p.ends_on_ms < p.starts_on_ms)
    return InvalidArgument("the period ends before it starts (ends_on < starts_on)", "调研结束日期早于开始日期",
                           "ends_on");
  if (p.ends_on_ms - p.starts_on_ms > 366 * kDayMs)
    return InvalidArgument("a project lasts at most 366 days", "调研时段不超过366天", "ends_on");
  return Status::Ok();
}

std::vector<FigureEntry> FigureEntries(const ReportFigures& f) {
  return {{"projects", "调研课题", f.projects},        {"visits", "走访调研次数", f.visits},
          {"people_met", "访谈群众人数", f.people_met}, {"problems", "发现问题", f.problems},
          {"tasks", "整改任务", f.tasks},               {"tasks_done", "已完成任务", f.tasks_done},
          {"tasks_overdue", "逾期未完成任务", f.tasks_overdue}, {"outcomes", "形成效果", f.outcomes}};
}

Result<std::string> FillFigures(std::string_view body, const ReportFigures& f) {
  std::string out;
  size_t i = 0;
  while (i < body.size()) {
    const size_t open = body.find("{{", i);
    if (open == std::string_view::npos) {
      out.append(body.substr(i));
      break;
    }
    out.append(body.substr(i, open - i));
    const size_t close = body.find("}}", open + 2);
    if (close == std::string_view::npos)
      return InvalidArgument("an unclosed {{ in the body", "正文中有未闭合的 {{", "body");
    const std::string_view key = body.substr(open + 2, close - open - 2);
    bool known = false;
    for (const FigureEntry& e : FigureEntries(f))
      if (key == e.key) {
        out += std::to_string(e.value);
        known = true;
      }
    if (!known)
      return InvalidArgument("unknown figure {{" + std::string(key) + "}}", "正文中有未知的数据项 {{" +
                                                                                std::string(key) + "}}",
                             "body");
    i = close + 2;
  }
  return out;
}

std::vector<std::string> FindPlaceholders(std::string_view text) {
  std::vector<std::string> found;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    if (text.substr(i, 2) == "{{") {
      const size_t close = text.find("}}", i + 2);
      const size_t end = close == std::string_view::npos ? text.size() : close + 2;
      found.emplace_back(text.substr(i, end - i));
      i = end;
      continue;
    }
    // A run of placeholder marks not glued to a Latin word ("XML" is not one).
    const bool after_letter = i > 0 && std::isalpha(static_cast<unsigned char>(text[i - 1]));
    size_t j = i;
    while (j < text.size() && StartsWithAny(text, j, kMarks, len)) j += len;
    if (j > i && !after_letter) {
      size_t k = j;
      if (StartsWithAny(text, k, kAbout, len)) k += len;
      if (k < text.size() && StartsWithAny(text, k, kCounters, len)) {
        found.emplace_back(text.substr(i, k + len - i));
        i = k + len;
        continue;
      }
    }
    i = j > i ? j : i + SeqLen(text, i);
  }
  return found;
}

std::vector<FigureMismatch> CompareStatedFigures(std::string_view text, const ReportFigures& counted) {
  // Every phrase of every figure, longest first, so "发现问题" wins over a shorter phrase
  // starting at the same place.
  struct Candidate {
    std::string_view phrase;
    const StatedPattern* pattern;
  };
  std::vector<Candidate> candidates;
  for (const auto& pattern : StatedPatterns())
    for (std::string_view ph : pattern.phrases) candidates.push_back({ph, &pattern});
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.phrase.size() > b.phrase.size(); });
  std::vector<FigureMismatch> out;
  size_t i = 0;
  while (i < text.size()) {
    bool matched = false;
    for (const Candidate& c : candidates) {
      if (text.substr(i, c.phrase.size()) != c.phrase) continue;
      size_t j = i + c.phrase.size();
      const size_t digits_at = j;
      while (j < text.size() && j - digits_at < 12 && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
      if (j == digits_at) continue;
      size_t len = 0;
      bool counter = false;
      for (std::string_view unit : c.pattern->counters)
        if (text.substr(j, unit.size()) == unit) {
          counter = true;
          len = unit.size();
        }
      if (!counter) continue;
      const int64_t stated = std::stoll(std::string(text.substr(digits_at, j - digits_at)));
      const int64_t have = ValueOf(counted, c.pattern->key);
      if (stated != have)
        out.push_back({c.pattern->key, std::string(text.substr(i, j + len - i)), stated, have});
      i = j + len;
      matched = true;
      break;
    }
    if (!matched) i += SeqLen(text, i);
  }
  return out;
}

std::string FiguresSentence(const ReportFigures& f) {
  auto n = [](int64_t v) { return std::to_string(v); };
  return "本期共开展调研课题" + n(f.projects) + "项，走访调研" + n(f.visits) + "次，访谈群众" + n(f.people_met) +
         "人，发现问题" + n(f.problems) + "个，制定整改任务" + n(f.tasks) + "项，已完成" + n(f.tasks_done) +
         "项，逾期未完成" + n(f.tasks_overdue) + "项，形成效果" + n(f.outcomes) + "项。";
}

}  // namespace sixia::domain
