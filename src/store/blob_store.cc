#include "store/blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "security/crypto.h"

namespace sixia::store {
namespace {

namespace fs = std::filesystem;

bool IsHash(const std::string& h) {
  return h.size() == 64 && std::all_of(h.begin(), h.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Unavailable("cannot open a stored file", "无法打开存储文件");
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Unavailable("cannot flush a stored file", "无法写入存储文件");
}

}  // namespace

std::string BlobStore::PathOf(const std::string& hash) const {
  return (fs::path(root_) / hash.substr(0, 2) / hash).string();
}

Result<std::string> BlobStore::Put(std::string_view bytes) const {
  const std::string hash = security::Sm3Hex(bytes);
  const std::string path = PathOf(hash);
  std::error_code ec;
  if (fs::exists(path, ec)) return hash;  // Same content, same name: already durable.
  const fs::path dir = fs::path(path).parent_path();
  fs::create_directories(dir, ec);
  if (ec) {
    spdlog::error("blob store: cannot create {}: {}", dir.string(), ec.message());
    return Unavailable("cannot store the file", "无法保存文件");
  }
  SIXIA_RETURN_IF_ERROR(ReplaceFileDurably(path, bytes));
  return hash;
}

Status ReplaceFileDurably(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  const fs::path dir = fs::path(path).parent_path();
  const std::string tmp = path + ".tmp" + security::RandomToken(6);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      spdlog::error("cannot write {}", tmp);
      fs::remove(tmp, ec);
      return Unavailable("cannot store the file", "无法保存文件");
    }
  }
  SIXIA_RETURN_IF_ERROR(FsyncPath(tmp, O_RDONLY));
  fs::rename(tmp, path, ec);
  if (ec) {
    spdlog::error("cannot rename {}: {}", tmp, ec.message());
    fs::remove(tmp, ec);
    return Unavailable("cannot store the file", "无法保存文件");
  }
  return FsyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
}

Result<std::string> BlobStore::Get(const std::string& hash) const {
  if (!IsHash(hash)) return InvalidArgument("malformed content hash", "文件摘要格式错误");
  std::ifstream in(PathOf(hash), std::ios::binary);
  if (!in) return NotFound("file not found", "文件不存在");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace sixia::store
