#pragma once
// Attachments of a petition (images, PDF) and photos of a field issue (images only): which
// files are accepted. The type is decided by
// the content (magic bytes), never by the name, and must agree with the declared
// Content-Type, so a script renamed to .jpg is refused. Pure.

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace sixia::domain {

enum class AttachmentType { kJpeg, kPng, kPdf, kWebp };
// "image/jpeg", "image/png", "application/pdf", "image/webp"
const char* AttachmentMimeType(AttachmentType type);
std::optional<AttachmentType> AttachmentTypeFromMime(std::string_view mime);

// The type of `bytes` when it is an accepted kind, by magic bytes.
std::optional<AttachmentType> SniffAttachment(std::string_view bytes);

// A petition attachment: JPEG, PNG or PDF.
// kUnprocessable (field "content_type") for a type that is not accepted or does not match
// the content; kPayloadTooLarge beyond `max_bytes`; kInvalidArgument (field "file") when
// empty. `declared` may carry parameters ("image/png; charset=…" is treated as image/png).
Result<AttachmentType> CheckAttachment(std::string_view declared, std::string_view bytes,
                                       size_t max_bytes);

// A photo (of a field issue): JPEG, PNG or WebP, checked as CheckAttachment does (the same
// error codes; PDF and everything else is kUnprocessable).
Result<AttachmentType> CheckPhoto(std::string_view declared, std::string_view bytes, size_t max_bytes);

// A display name: 1..100 characters of valid UTF-8, no control characters, no '/' or '\'.
// kInvalidArgument with field "name".
Status ValidateAttachmentName(std::string_view name);

}  // namespace sixia::domain
