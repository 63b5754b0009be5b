#include "domain/attachment.h"

#include <gtest/gtest.h>

namespace sixia::domain {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1A\n", 8) + "rest-of-image";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "jfif";
const std::string kPdf = "%PDF-1.7\n...";

TEST(Attachment, AcceptsImagesAndPdfWhoseContentMatchesTheDeclaredType) {
  EXPECT_EQ(*CheckAttachment("image/png", kPng, 1024), AttachmentType::kPng);
  EXPECT_EQ(*CheckAttachment("image/jpeg", kJpeg, 1024), AttachmentType::kJpeg);
  EXPECT_EQ(*CheckAttachment("application/pdf; charset=binary", kPdf, 1024), AttachmentType::kPdf);
}

TEST(Attachment, RefusesOtherTypesAndDisguisedContent) {
  const auto html = CheckAttachment("text/html", "<script>alert(1)</script>", 1024);
  EXPECT_EQ(html.status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(html.status().field(), "content_type");
  // A script declared as an image is refused by its content.
  EXPECT_EQ(CheckAttachment("image/png", "MZ\x90\x00 not an image", 1024).status().code(),
            ErrorCode::kUnprocessable);
  // A real PDF declared as PNG is refused too: the declaration must be true.
  EXPECT_EQ(CheckAttachment("image/png", kPdf, 1024).status().code(), ErrorCode::kUnprocessable);
}

TEST(Attachment, RefusesEmptyAndOversizedFiles) {
  EXPECT_EQ(CheckAttachment("image/png", "", 1024).status().code(), ErrorCode::kInvalidArgument);
  const auto big = CheckAttachment("image/png", kPng, kPng.size() - 1);
  EXPECT_EQ(big.status().code(), ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(CheckAttachment("image/png", kPng, kPng.size()).ok());
}

TEST(Attachment, NamesAreShortTextWithoutPathsOrControlCharacters) {
  EXPECT_TRUE(ValidateAttachmentName("现场照片1.jpg").ok());
  EXPECT_FALSE(ValidateAttachmentName("").ok());
  EXPECT_FALSE(ValidateAttachmentName("../../etc/passwd").ok());
  EXPECT_FALSE(ValidateAttachmentName("a\\b.png").ok());
  EXPECT_FALSE(ValidateAttachmentName("line\nbreak.png").ok());
  EXPECT_FALSE(ValidateAttachmentName(std::string(101, 'x')).ok());
  EXPECT_FALSE(ValidateAttachmentName("\xff\xfe.png").ok());
}

TEST(Attachment, PhotosAreJpegPngOrWebpAndNeverPdf) {
  const std::string webp = std::string("RIFF\x24\x00\x00\x00WEBPVP8 ", 16) + "data";
  EXPECT_EQ(*CheckPhoto("image/jpeg", kJpeg, 1024), AttachmentType::kJpeg);
  EXPECT_EQ(*CheckPhoto("image/png", kPng, 1024), AttachmentType::kPng);
  EXPECT_EQ(*CheckPhoto("image/webp", webp, 1024), AttachmentType::kWebp);
  EXPECT_EQ(CheckPhoto("application/pdf", kPdf, 1024).status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(CheckPhoto("image/svg+xml", "<svg onload=alert(1)/>", 1024).status().field(), "content_type");
  EXPECT_EQ(CheckPhoto("image/webp", std::string("RIFF\x24\x00\x00\x00WAVEfmt ", 16), 1024).status().code(),
            ErrorCode::kUnprocessable);
  EXPECT_EQ(CheckPhoto("image/png", kPng, kPng.size() - 1).status().code(), ErrorCode::kPayloadTooLarge);
  // Petitions keep their own list: no WebP there.
  EXPECT_EQ(CheckAttachment("image/webp", webp, 1024).status().code(), ErrorCode::kUnprocessable);
}

}  // namespace
}  // namespace sixia::domain
