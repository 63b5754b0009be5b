#include "domain/attachment.h"

#include <initializer_list>
#include <string>

#include "common/utf8.h"

namespace sixia::domain {

const char* AttachmentMimeType(AttachmentType type) {
  switch (type) {
    case AttachmentType::kJpeg: return "image/jpeg";
    case AttachmentType::kPng: return "image/png";
    case AttachmentType::kPdf: return "application/pdf";
    case AttachmentType::kWebp: return "image/webp";
  }
  return "application/octet-stream";
}

std::optional<AttachmentType> AttachmentTypeFromMime(std::string_view mime) {
  const auto semicolon = mime.find(';');
  if (semicolon != std::string_view::npos) mime = mime.substr(0, semicolon);
  while (!mime.empty() && mime.back() == ' ') mime.remove_suffix(1);
  for (auto t : {AttachmentType::kJpeg, AttachmentType::kPng, AttachmentType::kPdf, AttachmentType::kWebp})
    if (mime == AttachmentMimeType(t)) return t;
  return std::nullopt;
}

std::optional<AttachmentType> SniffAttachment(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return AttachmentType::kJpeg;
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") return AttachmentType::kPng;
  if (b.size() >= 5 && b.substr(0, 5) == "%PDF-") return AttachmentType::kPdf;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return AttachmentType::kWebp;
  return std::nullopt;
}

namespace {

// `declared` must name one of `accepted` and agree with the content.
Result<AttachmentType> Check(std::string_view declared, std::string_view bytes, size_t max_bytes,
                             std::initializer_list<AttachmentType> accepted, const char* en,
                             const char* zh) {
  if (bytes.empty()) return InvalidArgument("the file is empty", "文件为空", "file");
  if (bytes.size() > max_bytes)
    return Status(ErrorCode::kPayloadTooLarge,
                  "the file is larger than " + std::to_string(max_bytes) + " bytes",
                  "文件超过大小上限（" + std::to_string(max_bytes) + " 字节）", "file");
  const auto want = AttachmentTypeFromMime(declared);
  bool ok = false;
  for (auto t : accepted) ok = ok || want == t;
  if (!ok) return Unprocessable(en, zh, "content_type");
  const auto got = SniffAttachment(bytes);
  if (!got || *got != *want)
    return Unprocessable("the file's content is not the declared type",
                         "文件内容与声明的类型不符", "content_type");
  return *got;
}

}  // namespace

Result<AttachmentType> CheckAttachment(std::string_view declared, std::string_view bytes,
                                       size_t max_bytes) {
  return Check(declared, bytes, max_bytes,
               {AttachmentType::kJpeg, AttachmentType::kPng, AttachmentType::kPdf},
               "only JPEG, PNG and PDF files are accepted (Content-Type)", "只接受 JPEG、PNG 图片和 PDF 文件");
}

Result<AttachmentType> CheckPhoto(std::string_view declared, std::string_view bytes, size_t max_bytes) {
  return Check(declared, bytes, max_bytes,
               {AttachmentType::kJpeg, AttachmentType::kPng, AttachmentType::kWebp},
               "only JPEG, PNG and WebP photos are accepted (Content-Type)", "只接受 JPEG、PNG、WebP 格式的照片");
}

Status ValidateAttachmentName(std::string_view name) {
  const Status bad = InvalidArgument("the file name must be 1 to 100 characters without / \\ or control characters",
                                     "文件名应为1至100个字符，且不含 / \\ 或控制字符", "name");
  if (name.empty() || !IsValidUtf8(name) || Utf8Length(name) > 100) return bad;
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7F || ch == '/' || ch == '\\') return bad;
  return Status::Ok();
}

}  // namespace sixia::domain
