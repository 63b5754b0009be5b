#include "app/division_import.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace sixia::app {
namespace {

struct SourceFile {
  const char* name;
  const char* header;
  domain::DivisionLevel level;
  int code_digits;
  int parent_column;  // Column holding the parent's short code; -1 for provinces.
};

constexpr SourceFile kFiles[] = {
    {"provinces.csv", "code,name", domain::DivisionLevel::kProvince, 2, -1},
    {"cities.csv", "code,name,provinceCode", domain::DivisionLevel::kCity, 4, 2},
    {"areas.csv", "code,name,cityCode,provinceCode", domain::DivisionLevel::kCounty, 6, 2},
    {"streets.csv", "code,name,areaCode,provinceCode,cityCode", domain::DivisionLevel::kTownship, 9, 2},
    {"villages.csv", "code,name,streetCode,provinceCode,cityCode,areaCode",
     domain::DivisionLevel::kVillage, 12, 2},
};

// Splits one CSV line (RFC 4180 quoting, no embedded newlines). False when malformed.
bool SplitCsv(const std::string& line, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  size_t i = 0;
  for (;;) {
    field.clear();
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return false;  // Unterminated quote: truncated line.
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') return false;
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') return false;
        field += line[i++];
      }
    }
    out.push_back(field);
    if (i >= line.size()) return true;
    ++i;  // Skip the comma.
  }
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<DivisionSource> ParseChinaDivisionDir(const std::string& dir) {
  namespace fs = std::filesystem;
  DivisionSource source;
  auto& out = source.divisions;
  out.reserve(700'000);
  std::unordered_set<std::string> known;  // Short codes seen so far (parents come first).
  known.reserve(700'000);
  std::vector<std::string> fields;
  for (const auto& f : kFiles) {
    const std::string where = f.name;
    const fs::path path = fs::path(dir) / f.name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return InvalidArgument(where + ": file not found in " + dir, where + "：目录中找不到该文件", "from");
    auto bad = [&](int64_t line, const std::string& en, const std::string& zh) {
      return InvalidArgument(where + " line " + std::to_string(line) + ": " + en,
                             where + " 第" + std::to_string(line) + "行：" + zh, "from");
    };
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!text.empty() && text.back() != '\n')
      return bad(std::count(text.begin(), text.end(), '\n') + 1,
                 "the last line has no line break: the file is truncated",
                 "最后一行没有换行符：文件不完整（被截断）");
    // Which ancestor each column after the name holds, as a number of leading digits.
    std::vector<size_t> ancestor_digits;
    {
      static const std::pair<const char*, size_t> kColumns[] = {
          {"provinceCode", 2}, {"cityCode", 4}, {"areaCode", 6}, {"streetCode", 9}};
      std::vector<std::string> names;
      SplitCsv(f.header, names);
      for (size_t c = 2; c < names.size(); ++c)
        for (const auto& [col, digits] : kColumns)
          if (names[c] == col) ancestor_digits.push_back(digits);
    }
    std::istringstream lines(text);
    std::string line;
    int64_t line_no = 0;
    int64_t rows = 0;
    while (std::getline(lines, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line_no == 1) {
        if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
        if (line != f.header)
          return bad(1, std::string("wrong header, expected \"") + f.header + "\"",
                     std::string("表头错误，应为“") + f.header + "”");
        continue;
      }
      if (line.empty()) return bad(line_no, "empty line", "空行");
      if (!IsValidUtf8(line)) return bad(line_no, "not valid UTF-8", "不是有效的UTF-8文本");
      if (!SplitCsv(line, fields)) return bad(line_no, "malformed CSV (truncated?)", "CSV格式错误（文件可能被截断）");
      const size_t expected = std::count(f.header, f.header + std::strlen(f.header), ',') + 1;
      if (fields.size() != expected)
        return bad(line_no, "expected " + std::to_string(expected) + " fields, found " +
                                std::to_string(fields.size()),
                   "应有" + std::to_string(expected) + "列，实际" + std::to_string(fields.size()) + "列");
      const std::string& code = fields[0];
      if (!AllDigits(code) || static_cast<int>(code.size()) != f.code_digits)
        return bad(line_no, "code must be " + std::to_string(f.code_digits) + " digits",
                   "代码应为" + std::to_string(f.code_digits) + "位数字");
      if (fields[1].empty() || Utf8Length(fields[1]) > 64)
        return bad(line_no, "name must have 1 to 64 characters", "名称应为1至64个字符");
      for (size_t c = 2; c < fields.size(); ++c)
        if (fields[c] != code.substr(0, ancestor_digits[c - 2]))
          return bad(line_no, "column " + std::to_string(c + 1) + " (" + fields[c] +
                                  ") does not match the code",
                     "第" + std::to_string(c + 1) + "列（" + fields[c] + "）与代码不一致");
      std::string parent_short;
      if (f.parent_column >= 0) {
        parent_short = fields[f.parent_column];
        if (!known.count(parent_short))
          return bad(line_no, "parent " + parent_short + " is not defined", "上级代码未定义：" + parent_short);
        if (code.compare(0, parent_short.size(), parent_short) != 0)
          return bad(line_no, "code does not start with its parent's code", "代码与上级代码不一致");
      }
      if (!known.insert(code).second) return bad(line_no, "duplicate code " + code, "代码重复：" + code);
      ++rows;
      ++source.rows;
      domain::Division d;
      d.code = *domain::PadDivisionCode(code);
      if (!parent_short.empty() && d.code == *domain::PadDivisionCode(parent_short)) {
        ++source.placeholders;  // Same place as its parent; children attach to the parent.
        continue;
      }
      d.name = fields[1];
      d.level = f.level;
      d.parent_code = parent_short.empty() ? std::string(domain::kNationCode)
                                           : *domain::PadDivisionCode(parent_short);
      out.push_back(std::move(d));
    }
    if (line_no == 0) return bad(1, "file is empty", "文件为空");
    if (rows == 0) return bad(line_no, "file has no rows", "文件没有数据行");
  }
  return source;
}

Result<DivisionImportReport> ImportDivisions(store::Store& store, const AuditLog& audit,
                                             const Actor& actor, const DivisionSource& source) {
  const auto& divisions = source.divisions;
  DivisionImportReport report;
  SIXIA_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    report = DivisionImportReport{source.rows, source.placeholders};
    struct Existing {
      std::string name;
      int level;
      std::string parent;
      bool seen = false;
    };
    std::unordered_map<std::string, Existing> existing;
    existing.reserve(divisions.size() + 16);
    SIXIA_RETURN_IF_ERROR(tx.divisions().ForEach([&](const domain::Division& d) {
      existing.emplace(d.code, Existing{d.name, static_cast<int>(d.level), d.parent_code});
      return true;
    }));
    std::vector<domain::Division> changes;
    for (const auto& d : divisions) {
      auto it = existing.find(d.code);
      if (it == existing.end()) {
        ++report.added;
        changes.push_back(d);
        continue;
      }
      it->second.seen = true;
      if (it->second.name != d.name || it->second.level != static_cast<int>(d.level) ||
          it->second.parent != d.parent_code) {
        ++report.changed;
        changes.push_back(d);
      } else {
        ++report.unchanged;
      }
    }
    for (const auto& [code, e] : existing)
      if (!e.seen) ++report.not_in_source;
    SIXIA_RETURN_IF_ERROR(tx.divisions().Upsert(changes));
    return audit.Append(tx, actor,
                        {"divisions.import", "divisions", domain::AuditOutcome::kOk,
                         nlohmann::json{{"in_source", report.in_source},
                                        {"placeholders", report.placeholders},
                                        {"added", report.added},
                                        {"changed", report.changed},
                                        {"unchanged", report.unchanged},
                                        {"not_in_source", report.not_in_source}}
                             .dump()});
  }));
  return report;
}

}  // namespace sixia::app
