#pragma once
// The petition category tree (诉求分类): three levels, 一级 / 二级 / 三级, where petitions are
// filed under a 三级 (leaf) category. Trees are imported from a TSV and versioned: codes are
// numbered in the order names first appear in the file, so they are stable for one version of
// the tree only, and a petition records (tree version, category code). Pure: the caller reads
// the file.
//
// TSV format (UTF-8, optional BOM, LF or CRLF line ends, blank lines ignored):
//   level1<TAB>level2<TAB>level3        header, exactly these column names
//   城乡建设<TAB>安全生产<TAB>事故处理     one row per leaf; every name non-empty

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

inline constexpr int kCategoryLevels = 3;
inline constexpr int kMaxCategoryChildren = 99;      // Two code digits per level.
inline constexpr size_t kMaxCategoryNameChars = 50;  // Code points, after trimming.

struct Category {
  // "01", "01.02", "01.02.03": the parent's code plus a two-digit ordinal among its siblings,
  // numbered from 01 in order of first appearance.
  std::string code;
  std::string name;         // Trimmed, non-empty, no control characters.
  int level = 1;            // 1 一级 … kCategoryLevels 三级 (the leaves).
  std::string parent_code;  // Empty for level 1.
};

// Parses the TSV described above into categories in order of first appearance (every parent
// before its children). kInvalidArgument, field "tsv", naming the line (1-based, the header is
// line 1) for: a missing or wrong header, a line without exactly 3 columns, an empty or
// over-long name, a control character, invalid UTF-8, a row repeating an earlier one, more
// than kMaxCategoryChildren children under one parent, or no rows at all.
Result<std::vector<Category>> ParseCategoryTsv(std::string_view text);

// "城乡建设 / 安全生产 / 事故处理" for the category `code` in `categories`; "" when absent.
std::string CategoryPath(const std::vector<Category>& categories, std::string_view code);

// One immutable version of the tree with lookups. Thread-safe (const after construction).
class CategoryTree {
 public:
  // `version` names this edition (e.g. "fujian-2020-517"): 1–64 characters of [A-Za-z0-9._-],
  // else kInvalidArgument with field "version". TSV errors as ParseCategoryTsv.
  static Result<CategoryTree> FromTsv(std::string version, std::string_view tsv);

  const std::string& version() const { return version_; }
  // In order of first appearance, every parent before its children.
  const std::vector<Category>& categories() const { return categories_; }

  // The category with `code`, or nullptr. The pointer lives as long as the tree.
  const Category* Find(std::string_view code) const;
  // Direct children of `parent_code` ("" for the 一级 categories), in order.
  std::vector<const Category*> Children(std::string_view parent_code) const;
  // The 三级 categories, in order.
  std::vector<const Category*> Leaves() const;
  // As CategoryPath; "" when absent.
  std::string Path(std::string_view code) const;

 private:
  CategoryTree() = default;

  // Constant after construction.
  std::string version_;
  std::vector<Category> categories_;
  std::map<std::string, size_t, std::less<>> index_by_code_;
};

}  // namespace sixia::domain
