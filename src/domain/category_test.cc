#include "domain/category.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace sixia::domain {
namespace {

constexpr char kSmallTsv[] =
    "level1\tlevel2\tlevel3\n"
    "城乡建设\t安全生产\t事故处理\n"
    "城乡建设\t安全生产\t安全隐患\n"
    "城乡建设\t城市建设和市政管理\t其他\n"
    "民政\t社会救助\t低保\n"
    "民政\t其他\t其他\n";

Status ParseError(std::string_view tsv) { return ParseCategoryTsv(tsv).status(); }

TEST(CategoryTsv, NumbersCodesInOrderOfFirstAppearance) {
  auto parsed = ParseCategoryTsv(kSmallTsv);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  const std::vector<Category>& c = *parsed;
  ASSERT_EQ(c.size(), 11u);  // 2 一级 + 4 二级 + 5 三级.
  EXPECT_EQ(c[0].code, "01");
  EXPECT_EQ(c[0].name, "城乡建设");
  EXPECT_EQ(c[0].level, 1);
  EXPECT_EQ(c[0].parent_code, "");
  EXPECT_EQ(c[1].code, "01.01");
  EXPECT_EQ(c[1].name, "安全生产");
  EXPECT_EQ(c[1].parent_code, "01");
  EXPECT_EQ(c[2].code, "01.01.01");
  EXPECT_EQ(c[2].name, "事故处理");
  EXPECT_EQ(c[2].level, 3);
  EXPECT_EQ(c[2].parent_code, "01.01");
  EXPECT_EQ(c[3].code, "01.01.02");
  EXPECT_EQ(c[4].code, "01.02");
  EXPECT_EQ(c[5].code, "01.02.01");
  EXPECT_EQ(c[6].code, "02");
  EXPECT_EQ(c[6].name, "民政");
  EXPECT_EQ(c[10].code, "02.02.01");
  EXPECT_EQ(c[10].name, "其他");
}

TEST(CategoryTsv, SameNameUnderDifferentParentsIsADifferentCategory) {
  auto parsed = ParseCategoryTsv(kSmallTsv);
  ASSERT_TRUE(parsed.ok());
  std::set<std::string> codes_of_other;
  for (const auto& c : *parsed)
    if (c.name == "其他") codes_of_other.insert(c.code);
  EXPECT_EQ(codes_of_other, (std::set<std::string>{"01.02.01", "02.02", "02.02.01"}));
}

TEST(CategoryTsv, AcceptsBomCrlfTrailingSpacesAndBlankLines) {
  auto parsed = ParseCategoryTsv(
      "\xEF\xBB\xBFlevel1\tlevel2\tlevel3\r\n"
      "\r\n"
      " 民政 \t社会救助\t低保\r\n"
      "   \n"
      "民政\t社会救助\t特困供养");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 4u);
  EXPECT_EQ((*parsed)[0].name, "民政");
  EXPECT_EQ((*parsed)[3].name, "特困供养");
  EXPECT_EQ(CategoryPath(*parsed, "01.01.02"), "民政 / 社会救助 / 特困供养");
}

TEST(CategoryTsv, RejectsAMissingOrWrongHeader) {
  for (const char* tsv : {"", "城乡建设\t安全生产\t事故处理\n", "level1\tlevel2\n",
                          "Level1\tLevel2\tLevel3\n", "level1,level2,level3\n"}) {
    const Status s = ParseError(tsv);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << tsv;
    EXPECT_EQ(s.field(), "tsv");
    EXPECT_EQ(s.message().rfind("line 1:", 0), 0u) << s.message();
    EXPECT_EQ(s.message_zh().rfind("第1行", 0), 0u) << s.message_zh();
  }
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n").message_zh(), "分类文件中没有分类数据");
}

TEST(CategoryTsv, NamesTheLineWithTheWrongNumberOfColumns) {
  const Status two = ParseError("level1\tlevel2\tlevel3\n民政\t社会救助\t低保\n民政\t社会救助\n");
  EXPECT_EQ(two.message(),
            "line 3: expected 3 tab-separated columns (level1, level2, level3), found 2");
  EXPECT_EQ(two.message_zh(), "第3行：应为3列（以制表符分隔：一级、二级、三级分类），实际为2列");
  const Status four = ParseError("level1\tlevel2\tlevel3\n民政\t社会救助\t低保\t多余\n");
  EXPECT_EQ(four.message().rfind("line 2: ", 0), 0u);
  EXPECT_NE(four.message().find("found 4"), std::string::npos);
}

TEST(CategoryTsv, RejectsEmptyNames) {
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n民政\t\t低保\n").message_zh(),
            "第2行：第2级分类名称为空");
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n民政\t社会救助\t  \n").message_zh(),
            "第2行：第3级分类名称为空");
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n\t\t\n").message_zh(), "第2行：第1级分类名称为空");
}

TEST(CategoryTsv, RejectsDuplicateRowsNamingBothLines) {
  const Status s = ParseError(
      "level1\tlevel2\tlevel3\n"
      "民政\t社会救助\t低保\n"
      "民政\t社会救助\t特困供养\n"
      "民政\t社会救助\t低保\n");
  EXPECT_EQ(s.message(), "line 4: repeats line 2");
  EXPECT_EQ(s.message_zh(), "第4行：与第2行重复");
}

TEST(CategoryTsv, RejectsInvalidUtf8ControlCharactersAndOverlongNames) {
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n民政\t社会\xff\t低保\n").message(),
            "line 2: not valid UTF-8");
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n民政\t社会\x01救助\t低保\n").message_zh(),
            "第2行：第2级分类名称含有控制字符");
  std::string long_name;
  for (size_t i = 0; i <= kMaxCategoryNameChars; ++i) long_name += "长";
  EXPECT_EQ(ParseError("level1\tlevel2\tlevel3\n民政\t社会救助\t" + long_name + "\n").message(),
            "line 2: level 3 name is longer than 50 characters");
}

TEST(CategoryTsv, RefusesMoreThan99ChildrenUnderOneParent) {
  std::string tsv = "level1\tlevel2\tlevel3\n";
  for (int i = 1; i <= kMaxCategoryChildren; ++i)
    tsv += "民政\t社会救助\t项目" + std::to_string(i) + "\n";
  auto ok = ParseCategoryTsv(tsv);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->back().code, "01.01.99");
  tsv += "民政\t社会救助\t项目100\n";
  EXPECT_EQ(ParseError(tsv).message_zh(), "第101行：同一上级分类下的分类超过99个");
}

TEST(CategoryPath, JoinsNamesFromTheRoot) {
  auto parsed = ParseCategoryTsv(kSmallTsv);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(CategoryPath(*parsed, "01.01.01"), "城乡建设 / 安全生产 / 事故处理");
  EXPECT_EQ(CategoryPath(*parsed, "02.02"), "民政 / 其他");
  EXPECT_EQ(CategoryPath(*parsed, "02"), "民政");
  EXPECT_EQ(CategoryPath(*parsed, "03"), "");
  EXPECT_EQ(CategoryPath(*parsed, ""), "");
}

TEST(CategoryTree, LooksUpByCodeParentAndLeaf) {
  auto tree = CategoryTree::FromTsv("test-1", kSmallTsv);
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_EQ(tree->version(), "test-1");
  ASSERT_NE(tree->Find("01.02.01"), nullptr);
  EXPECT_EQ(tree->Find("01.02.01")->name, "其他");
  EXPECT_EQ(tree->Find("09"), nullptr);
  const auto roots = tree->Children("");
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_EQ(roots[1]->name, "民政");
  EXPECT_EQ(tree->Children("01").size(), 2u);
  EXPECT_EQ(tree->Leaves().size(), 5u);
  EXPECT_EQ(tree->Path("02.01.01"), "民政 / 社会救助 / 低保");
  EXPECT_EQ(tree->Path("nope"), "");
}

TEST(CategoryTree, RequiresAUsableVersionName) {
  for (const char* bad : {"", "has space", "版本1", "a/b"}) {
    auto tree = CategoryTree::FromTsv(bad, kSmallTsv);
    ASSERT_FALSE(tree.ok()) << bad;
    EXPECT_EQ(tree.status().field(), "version");
  }
  EXPECT_EQ(CategoryTree::FromTsv("v1", "level1\n").status().field(), "tsv");
}

// The 517-leaf taxonomy of the TipDM 2020 smart-government data set (read from ../shared,
// never copied into the repository).
TEST(CategoryTree, LoadsTheFujianTaxonomyWith517Leaves) {
  const std::string path = std::string(SIXIA_SOURCE_DIR) +
                           "/../shared/data/tipdm2020-c-smart-gov/fujian1_label_taxonomy_517.tsv";
  std::ifstream in(path, std::ios::binary);
  if (!in) GTEST_SKIP() << "data set not present: " << path;
  std::stringstream text;
  text << in.rdbuf();

  auto tree = CategoryTree::FromTsv("tipdm2020-fujian-517", text.str());
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_EQ(tree->Leaves().size(), 517u);
  EXPECT_EQ(tree->Children("").size(), 15u);
  size_t level2 = 0;
  std::set<std::string> codes;
  for (const auto& c : tree->categories()) {
    level2 += c.level == 2;
    codes.insert(c.code);
    if (c.level > 1) {
      ASSERT_NE(tree->Find(c.parent_code), nullptr) << c.code;
      EXPECT_EQ(tree->Find(c.parent_code)->level, c.level - 1);
    }
  }
  EXPECT_EQ(level2, 118u);
  EXPECT_EQ(codes.size(), tree->categories().size());
  EXPECT_EQ(tree->Path("01.01.01"), "城乡建设 / 安全生产 / 事故处理");
}

}  // namespace
}  // namespace sixia::domain
