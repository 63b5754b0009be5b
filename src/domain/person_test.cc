#include "domain/person.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sixia::domain {
namespace {

constexpr int kToday = 20250301;

// A number with a correct check character, from its first 17 digits.
std::string WithCheckChar(const std::string& first17) {
  return first17 + IdNumberCheckChar(first17);
}

TEST(IdNumber, AcceptsTheStandardExampleAndComputesItsCheckChar) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_TRUE(ValidateIdNumber("11010519491231002X", kToday).ok());
  EXPECT_TRUE(ValidateIdNumber("350921199003071237", kToday).ok());
  EXPECT_TRUE(ValidateIdNumber("350921200002294565", kToday).ok());  // 2000-02-29 exists.
}

TEST(IdNumber, AcceptsLowerCaseXAndSpacesAndNormalisesThem) {
  EXPECT_TRUE(ValidateIdNumber(" 11010519491231002x\t", kToday).ok());
  const std::string full_width_space = "\xE3\x80\x80";  // U+3000.
  EXPECT_TRUE(ValidateIdNumber(full_width_space + "11010519491231002x", kToday).ok());
  EXPECT_EQ(NormalizeIdNumber(" 11010519491231002x "), "11010519491231002X");
}

TEST(IdNumber, WrongCheckDigitIsRejectedWithoutEchoingTheNumber) {
  const Status s = ValidateIdNumber("350921199003071238", kToday);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "id_number");
  EXPECT_EQ(s.message_zh(), "身份证号校验码错误");
  EXPECT_EQ(s.ToString().find("3509211990"), std::string::npos);
}

TEST(IdNumber, EverySingleDigitTypoIsCaught) {
  // MOD 11-2 detects every single substitution.
  const std::string good = "350921199003071237";
  for (size_t i = 0; i < 17; ++i) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == good[i]) continue;
      std::string typo = good;
      typo[i] = d;
      EXPECT_FALSE(ValidateIdNumber(typo, kToday).ok()) << "position " << i;
    }
  }
}

TEST(IdNumber, RejectsWrongLengthAndCharacters) {
  EXPECT_EQ(ValidateIdNumber("", kToday).message_zh(), "请填写身份证号");
  EXPECT_EQ(ValidateIdNumber("35092119900307123", kToday).message_zh(), "身份证号应为18位");
  EXPECT_EQ(ValidateIdNumber("3509211990030712370", kToday).message_zh(), "身份证号应为18位");
  EXPECT_EQ(ValidateIdNumber("350921199003071237", kToday).field(), "");
  for (const char* bad :
       {"35092119900307123A", "3509211990030712X7", "350921 99003071237", "35092119900307123Y"}) {
    const Status s = ValidateIdNumber(bad, kToday);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message_zh().find("格式错误"), std::string::npos) << bad;
  }
}

TEST(IdNumber, RejectsUnknownProvinceCodes) {
  for (const char* first17 : {"00092119900307123", "16092119900307123", "39092119900307123",
                              "72092119900307123", "83092119900307123", "99092119900307123"}) {
    const Status s = ValidateIdNumber(WithCheckChar(first17), kToday);
    EXPECT_EQ(s.message_zh(), "身份证号地区码无效") << first17;
  }
  for (const char* first17 : {"11092119900307123", "15092119900307123", "65092119900307123",
                              "71092119900307123", "81092119900307123", "82092119900307123"})
    EXPECT_TRUE(ValidateIdNumber(WithCheckChar(first17), kToday).ok()) << first17;
}

TEST(IdNumber, RejectsImpossibleBirthDates) {
  for (const char* first17 : {"35092119900230123", "35092119900431123", "35092119901301123",
                              "35092119900000123", "35092119000229123", "35092120230229123"}) {
    EXPECT_EQ(ValidateIdNumber(WithCheckChar(first17), kToday).message_zh(), "身份证号出生日期无效")
        << first17;
  }
  // The GB 11643 example of a man born in 1880: a valid checksum but not a living petitioner.
  EXPECT_EQ(ValidateIdNumber("440524188001010014", kToday).message_zh(),
            "身份证号出生日期早于1900年");
  EXPECT_TRUE(ValidateIdNumber("350921190001010018", kToday).ok());
}

TEST(IdNumber, BirthDateMayBeTodayButNotLater) {
  EXPECT_TRUE(ValidateIdNumber("350921202503010013", kToday).ok());
  EXPECT_EQ(ValidateIdNumber("350921202503020019", kToday).message_zh(),
            "身份证号出生日期晚于当前日期");
  EXPECT_TRUE(ValidateIdNumber("350921202503020019", 20250302).ok());
}

TEST(Phone, AcceptsMobileNumbersInCommonSpellings) {
  for (const char* ok : {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000",
                         "+8613800138000", "+86-13800138000", "008613800138000", " 19912345678 "}) {
    EXPECT_TRUE(ValidatePhone(ok).ok()) << ok;
  }
  EXPECT_EQ(NormalizePhone("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(NormalizePhone("0086 199 1234 5678"), "19912345678");
}

TEST(Phone, AcceptsLandlinesWithAreaCodeAndExtension) {
  EXPECT_EQ(NormalizePhone("0593-1234567"), "05931234567");
  EXPECT_EQ(NormalizePhone("05937654321"), "05937654321");
  EXPECT_EQ(NormalizePhone("0593 765 4321"), "05937654321");
  EXPECT_EQ(NormalizePhone("010-6552-9988"), "01065529988");
  EXPECT_EQ(NormalizePhone("0755 8888 8888"), "075588888888");
  EXPECT_EQ(NormalizePhone("021-02345678"), "");  // A local number never starts with 0.
  EXPECT_EQ(NormalizePhone("021-62345678"), "02162345678");
  EXPECT_EQ(NormalizePhone("0593-1234567-801"), "05931234567-801");
  EXPECT_EQ(NormalizePhone("0593 1234567 8"), "05931234567-8");
  EXPECT_EQ(NormalizePhone("+86 593 1234567"), "05931234567");
  EXPECT_EQ(NormalizePhone("+86-10-65529988"), "01065529988");
}

TEST(Phone, RejectsOtherInput) {
  const std::vector<std::string> bad_phones = {"",
                                               "   ",
                                               "1380013800",
                                               "138001380001",
                                               "12800138000",
                                               "23800138000",
                                               "+85 13800138000",
                                               "+86",
                                               "0593-123456",
                                               "0593-123456789",
                                               "010-1234567",
                                               "0012345678",
                                               "0112345678",
                                               "1380013800a",
                                               "138.0013.8000",
                                               "(0593)1234567",
                                               "-13800138000",
                                               "13800138000-",
                                               "0593-1234567-1234567",
                                               "13800138000-12"};
  for (const std::string& bad : bad_phones) {
    const Status s = ValidatePhone(bad);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "phone") << bad;
    EXPECT_EQ(NormalizePhone(bad), "") << bad;
  }
  EXPECT_EQ(ValidatePhone("1380013800").message().find("1380013800"), std::string::npos);
}

TEST(Mask, NameKeepsTheFirstCharacterCountingCodePoints) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("李"), "*");
  EXPECT_EQ(MaskName(" 王小明 "), "王**");
  EXPECT_EQ(MaskName("阿卜杜·热合曼"), "阿******");
  EXPECT_EQ(MaskName("Li Lei"), "L*****");
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskName("张\xff"), "*");  // Invalid UTF-8 is not passed through.
}

TEST(Mask, IdNumberShowsRegionAndLastFour) {
  EXPECT_EQ(MaskIdNumber("350921199003071234"), "350921********1234");
  EXPECT_EQ(MaskIdNumber(" 11010519491231002x"), "110105********002X");
  EXPECT_EQ(MaskIdNumber("350921900307123"), "***************");  // Old 15-digit number.
  EXPECT_EQ(MaskIdNumber("证件号"), "***");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(Mask, PhoneShowsLittleOfTheNumber) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("+86 138 1234 5678"), "138****5678");
  EXPECT_EQ(MaskPhone("0593-1234567"), "0593*****67");
  EXPECT_EQ(MaskPhone("010-65529988"), "010******88");
  EXPECT_EQ(MaskPhone("0593-1234567-801"), "0593*****67-***");
  EXPECT_EQ(MaskPhone("12345"), "****");
}

TEST(Mask, AddressKeepsSixCharacters) {
  EXPECT_EQ(MaskAddress("福建省宁德市霞浦县松城街道建设路12号"), "福建省宁德市****");
  EXPECT_EQ(MaskAddress("霞浦县松城街道1号"), "霞浦县松城街****");
  EXPECT_EQ(MaskAddress("松城街道"), "松城****");  // Short: only the first half.
  EXPECT_EQ(MaskAddress("x"), "****");
  EXPECT_EQ(MaskAddress(""), "");
}

}  // namespace
}  // namespace sixia::domain
