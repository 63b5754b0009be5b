#include "domain/password_policy.h"

#include <string>

#include "common/utf8.h"

namespace sixia::domain {

Status CheckPassword(const PasswordPolicy& policy, std::string_view password) {
  if (!IsValidUtf8(password))
    return InvalidArgument("password is not valid UTF-8", "密码不是有效的UTF-8文本", "password");
  const auto length = static_cast<int>(Utf8Length(password));
  if (length < policy.min_length)
    return Unprocessable("password must have at least " + std::to_string(policy.min_length) +
                             " characters",
                         "密码长度至少为" + std::to_string(policy.min_length) + "个字符",
                         "password");
  if (length > policy.max_length)
    return Unprocessable("password is too long", "密码过长", "password");
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : password) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  const int classes = lower + upper + digit + other;
  if (classes < policy.min_classes)
    return Unprocessable("password must mix at least " + std::to_string(policy.min_classes) +
                             " of: lower case, upper case, digits, symbols",
                         "密码须包含小写字母、大写字母、数字、符号中的至少" +
                             std::to_string(policy.min_classes) + "类",
                         "password");
  return Status::Ok();
}

}  // namespace sixia::domain
