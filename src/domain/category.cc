#include "domain/category.h"

#include <array>
#include <unordered_map>

#include "common/utf8.h"

namespace sixia::domain {
namespace {

constexpr std::string_view kHeader = "level1\tlevel2\tlevel3";
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kPathSeparator = " / ";

Status BadLine(size_t line, const std::string& en, const std::string& zh) {
  return InvalidArgument("line " + std::to_string(line) + ": " + en,
                         "第" + std::to_string(line) + "行：" + zh, "tsv");
}

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool HasControlCharacter(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return true;
  }
  return false;
}

std::string ChildCode(const std::string& parent_code, int ordinal) {
  const std::string digits = {static_cast<char>('0' + ordinal / 10),
                              static_cast<char>('0' + ordinal % 10)};
  return parent_code.empty() ? digits : parent_code + "." + digits;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> columns;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    columns.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return columns;
    start = tab + 1;
  }
}

// Builds the tree row by row. Categories are keyed by their path of names joined with '\t'
// (names contain no tabs), so "其他" under two parents are two categories.
class Builder {
 public:
  Status AddRow(size_t line, const std::array<std::string_view, kCategoryLevels>& names) {
    std::string path;
    std::string parent_code;
    for (int level = 1; level <= kCategoryLevels; ++level) {
      if (level > 1) path.push_back('\t');
      path.append(names[level - 1]);
      auto it = code_by_path_.find(path);
      if (it == code_by_path_.end()) {
        int& ordinal = child_count_[parent_code];
        if (ordinal == kMaxCategoryChildren)
          return BadLine(
              line,
              "more than " + std::to_string(kMaxCategoryChildren) + " categories under one parent",
              "同一上级分类下的分类超过" + std::to_string(kMaxCategoryChildren) + "个");
        ++ordinal;
        Category category;
        category.code = ChildCode(parent_code, ordinal);
        category.name = std::string(names[level - 1]);
        category.level = level;
        category.parent_code = parent_code;
        it = code_by_path_.emplace(path, category.code).first;
        categories_.push_back(std::move(category));
        if (level == kCategoryLevels) leaf_line_[path] = line;
      } else if (level == kCategoryLevels) {
        return BadLine(line, "repeats line " + std::to_string(leaf_line_[path]),
                       "与第" + std::to_string(leaf_line_[path]) + "行重复");
      }
      parent_code = it->second;
    }
    return Status::Ok();
  }

  std::vector<Category> Take() { return std::move(categories_); }
  bool empty() const { return categories_.empty(); }

 private:
  std::vector<Category> categories_;
  std::unordered_map<std::string, std::string> code_by_path_;
  std::unordered_map<std::string, int> child_count_;  // By parent code, "" for the roots.
  std::unordered_map<std::string, size_t> leaf_line_;
};

bool IsValidVersion(std::string_view version) {
  if (version.empty() || version.size() > 64) return false;
  for (char c : version) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string JoinPath(const std::vector<const Category*>& chain) {
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out.append(kPathSeparator);
    out.append((*it)->name);
  }
  return out;
}

}  // namespace

Result<std::vector<Category>> ParseCategoryTsv(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  Builder builder;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line_no == 1) {
      if (line != kHeader)
        return BadLine(1, "the header must be level1<TAB>level2<TAB>level3",
                       "表头应为 level1、level2、level3 三列（以制表符分隔）");
      continue;
    }
    if (!IsValidUtf8(line)) return BadLine(line_no, "not valid UTF-8", "不是有效的UTF-8文本");
    if (line.find_first_not_of(' ') == std::string_view::npos) continue;  // Blank line.
    const auto columns = SplitTabs(line);
    if (columns.size() != kCategoryLevels)
      return BadLine(line_no,
                     "expected 3 tab-separated columns (level1, level2, level3), found " +
                         std::to_string(columns.size()),
                     "应为3列（以制表符分隔：一级、二级、三级分类），实际为" +
                         std::to_string(columns.size()) + "列");
    std::array<std::string_view, kCategoryLevels> names;
    for (int i = 0; i < kCategoryLevels; ++i) {
      const std::string level = std::to_string(i + 1);
      names[i] = TrimAsciiSpace(columns[i]);
      if (names[i].empty())
        return BadLine(line_no, "level " + level + " name is empty",
                       "第" + level + "级分类名称为空");
      if (HasControlCharacter(names[i]))
        return BadLine(line_no, "level " + level + " name contains a control character",
                       "第" + level + "级分类名称含有控制字符");
      if (Utf8Length(names[i]) > kMaxCategoryNameChars)
        return BadLine(
            line_no,
            "level " + level + " name is longer than " + std::to_string(kMaxCategoryNameChars) +
                " characters",
            "第" + level + "级分类名称超过" + std::to_string(kMaxCategoryNameChars) + "个字符");
    }
    SIXIA_RETURN_IF_ERROR(builder.AddRow(line_no, names));
  }
  if (line_no == 0)
    return BadLine(1, "the header must be level1<TAB>level2<TAB>level3",
                   "表头应为 level1、level2、level3 三列（以制表符分隔）");
  if (builder.empty())
    return InvalidArgument("the category file has no rows", "分类文件中没有分类数据", "tsv");
  return builder.Take();
}

std::string CategoryPath(const std::vector<Category>& categories, std::string_view code) {
  std::vector<const Category*> chain;
  std::string_view wanted = code;
  // Parents come before children, so walk backwards from the category to the root.
  for (auto it = categories.rbegin(); it != categories.rend() && !wanted.empty(); ++it) {
    if (it->code != wanted) continue;
    chain.push_back(&*it);
    wanted = it->parent_code;
  }
  if (chain.empty() || !wanted.empty()) return {};
  return JoinPath(chain);
}

Result<CategoryTree> CategoryTree::FromTsv(std::string version, std::string_view tsv) {
  if (!IsValidVersion(version))
    return InvalidArgument("category tree version must be 1-64 characters of A-Z a-z 0-9 . _ -",
                           "分类版本号应为1至64个字母、数字或 . _ - 字符", "version");
  SIXIA_ASSIGN_OR_RETURN(auto categories, ParseCategoryTsv(tsv));
  CategoryTree tree;
  tree.version_ = std::move(version);
  tree.categories_ = std::move(categories);
  for (size_t i = 0; i < tree.categories_.size(); ++i)
    tree.index_by_code_.emplace(tree.categories_[i].code, i);
  return tree;
}

const Category* CategoryTree::Find(std::string_view code) const {
  const auto it = index_by_code_.find(code);
  return it == index_by_code_.end() ? nullptr : &categories_[it->second];
}

std::vector<const Category*> CategoryTree::Children(std::string_view parent_code) const {
  std::vector<const Category*> out;
  for (const auto& c : categories_)
    if (c.parent_code == parent_code) out.push_back(&c);
  return out;
}

std::vector<const Category*> CategoryTree::Leaves() const {
  std::vector<const Category*> out;
  for (const auto& c : categories_)
    if (c.level == kCategoryLevels) out.push_back(&c);
  return out;
}

std::string CategoryTree::Path(std::string_view code) const {
  std::vector<const Category*> chain;
  for (const Category* c = Find(code); c != nullptr; c = Find(c->parent_code)) chain.push_back(c);
  return JoinPath(chain);
}

}  // namespace sixia::domain
