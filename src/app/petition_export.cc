#include "app/petition_export.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

#include <spdlog/spdlog.h>
#include <xlsxwriter.h>
#include <nlohmann/json.hpp>

#include "domain/calendar.h"
#include "domain/petition.h"

namespace sixia::app {
namespace {

namespace fs = std::filesystem;

constexpr int kPageSize = 200;                       // PetitionService::List's largest page.
constexpr char kFilePrefix[] = "petition-export-";   // Workbooks being written in tmp_dir.
constexpr auto kStaleAfter = std::chrono::hours(1);  // Left by a crash: removed by the next export.
constexpr char kSheetName[] = "信访事项";

struct Column {
  const char* header;
  double width;  // In characters.
};
constexpr Column kColumns[] = {{"受理编号", 22},   {"标题", 42},      {"信访渠道", 14},
                               {"类别", 10},       {"状态", 12},      {"问题属地(代码)", 16},
                               {"问题分类", 12},   {"登记时间", 17},  {"下一时限", 17},
                               {"主办单位ID", 11}, {"包案领导ID", 11}};
constexpr lxw_col_t kColumnCount = std::size(kColumns);

// Text for a cell: control characters, which XML 1.0 cannot carry, become spaces.
std::string CellText(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') c = ' ';
  return out;
}

// Seconds of the China-time wall clock at `ms`, for worksheet_write_unixtime: spreadsheet
// dates have no zone, so the sheet shows the time as read in China.
int64_t ChinaWallSeconds(int64_t ms) {
  const int64_t local = ms + domain::kChinaUtcOffsetMs;
  return local / 1000 - (local % 1000 < 0 ? 1 : 0);
}

template <typename Enum>
std::string Label(std::optional<Enum> value, const char* (*label)(Enum), const std::string& name) {
  return value ? label(*value) : name;
}

// The filter as the audit record shows it: only the parameters given.
nlohmann::json FilterJson(const PetitionQuery& q) {
  nlohmann::json f = nlohmann::json::object();
  auto text = [&](const char* key, const std::string& v) {
    if (!v.empty()) f[key] = v;
  };
  text("state", q.state);
  text("petition_class", q.petition_class);
  text("channel", q.channel);
  text("category", q.category_prefix);
  text("division", q.division_code);
  text("band", q.band);
  if (q.unit_id != 0) f["unit"] = q.unit_id;
  if (q.received_from_ms) f["from"] = *q.received_from_ms;
  if (q.received_to_ms) f["to"] = *q.received_to_ms;
  return f;
}

// Removes the file at `path`, if any, when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
    if (ec) spdlog::warn("export: cannot remove {}: {}", path_, ec.message());
  }
  const std::string& path() const { return path_; }

 private:
  const std::string path_;
};

// A workbook being written; closed (and freed) exactly once, by Close() or at scope exit.
class Workbook {
 public:
  Workbook(const std::string& path, const std::string& tmp_dir) : tmp_dir_(tmp_dir) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // Rows go to a temporary file as they are written.
    options.tmpdir = tmp_dir_.data();
    options.use_zip64 = LXW_FALSE;
    wb_ = workbook_new_opt(path.c_str(), &options);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (wb_) workbook_close(wb_);
  }
  lxw_workbook* get() const { return wb_; }
  lxw_error Close() {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e;
  }

 private:
  std::string tmp_dir_;  // libxlsxwriter keeps the pointer.
  lxw_workbook* wb_ = nullptr;
};

// Writes one cell after another in a row, keeping the first error.
class RowWriter {
 public:
  RowWriter(lxw_worksheet* ws, lxw_row_t row, lxw_format* moment_format)
      : ws_(ws), row_(row), moment_format_(moment_format) {}

  RowWriter& Text(std::string_view s) {
    if (error_ == LXW_NO_ERROR && !s.empty())
      error_ = worksheet_write_string(ws_, row_, col_, CellText(s).c_str(), nullptr);
    ++col_;
    return *this;
  }
  RowWriter& Number(const std::optional<int64_t>& v) {
    if (error_ == LXW_NO_ERROR && v)
      error_ = worksheet_write_number(ws_, row_, col_, static_cast<double>(*v), nullptr);
    ++col_;
    return *this;
  }
  RowWriter& Moment(const std::optional<int64_t>& ms) {
    if (error_ == LXW_NO_ERROR && ms)
      error_ = worksheet_write_unixtime(ws_, row_, col_, ChinaWallSeconds(*ms), moment_format_);
    ++col_;
    return *this;
  }
  lxw_error error() const { return error_; }

 private:
  lxw_worksheet* ws_;
  lxw_row_t row_;
  lxw_format* moment_format_;
  lxw_col_t col_ = 0;
  lxw_error error_ = LXW_NO_ERROR;
};

lxw_error WritePetition(lxw_worksheet* ws, lxw_row_t r, const store::PetitionRow& row,
                        lxw_format* moment) {
  RowWriter w(ws, r, moment);
  w.Text(row.receipt_no)
      .Text(row.title)
      .Text(Label(domain::ChannelFromName(row.channel), domain::ChannelLabel, row.channel))
      .Text(Label(domain::PetitionClassFromName(row.petition_class), domain::PetitionClassLabel,
                  row.petition_class))
      .Text(Label(domain::StateFromName(row.state), domain::StateLabel, row.state))
      .Text(row.division_code)
      .Text(row.category_code)
      .Moment(row.received_at_ms)
      .Moment(row.next_due_ms)
      .Number(row.lead_unit_id)
      .Number(row.owning_leader_id);
  return w.error();
}

// Removes workbooks of earlier exports that a crash left behind.
void RemoveStale(const fs::path& dir) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - kStaleAfter;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(kFilePrefix, 0) != 0) continue;
    std::error_code ignored;
    if (fs::last_write_time(it->path(), ignored) < cutoff && !ignored)
      fs::remove(it->path(), ignored);
  }
}

Status WriteFailed(const std::string& what) {
  spdlog::error("petition export: {}", what);
  return Internal("the export file could not be written", "导出文件生成失败");
}

Result<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return WriteFailed("cannot open " + path);
  const std::streamoff size = in.tellg();
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return WriteFailed("cannot read " + path);
  return bytes;
}

}  // namespace

PetitionExporter::PetitionExporter(PetitionService& petitions, store::Store& store,
                                   const AuditLog& audit, std::string tmp_dir, int64_t max_rows)
    : petitions_(petitions),
      store_(store),
      audit_(audit),
      tmp_dir_(std::move(tmp_dir)),
      max_rows_(max_rows) {}

Result<XlsxExport> PetitionExporter::Xlsx(const security::Principal& p, const Actor& a,
                                          PetitionQuery q) const {
  const nlohmann::json filter = FilterJson(q);
  q.before_id = 0;
  q.limit = static_cast<int>(std::min<int64_t>(kPageSize, max_rows_ + 1));
  // The first page before any file: a refused caller or a bad filter leaves nothing behind.
  auto page = petitions_.List(p, q);
  if (!page.ok()) {
    if (page.status().code() == ErrorCode::kPermissionDenied)
      SIXIA_RETURN_IF_ERROR(
          audit_.AppendAlone(store_, a,
                             {"petition.export", "petitions", domain::AuditOutcome::kDenied,
                              nlohmann::json{{"filter", filter}}.dump()}));
    return page.status();
  }

  std::error_code ec;
  fs::create_directories(tmp_dir_, ec);
  if (ec) return WriteFailed("cannot create " + tmp_dir_ + ": " + ec.message());
  fs::permissions(tmp_dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
  RemoveStale(tmp_dir_);
  std::string name = (fs::path(tmp_dir_) / (std::string(kFilePrefix) + "XXXXXX")).string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return WriteFailed("cannot create a file in " + tmp_dir_);
  ::close(fd);
  TempFile file(name);  // Removed on every path below.

  Workbook wb(file.path(), tmp_dir_);
  if (!wb.get()) return WriteFailed("workbook_new_opt failed for " + file.path());
  lxw_worksheet* ws = workbook_add_worksheet(wb.get(), kSheetName);
  lxw_format* bold = workbook_add_format(wb.get());
  lxw_format* moment = workbook_add_format(wb.get());
  if (!ws || !bold || !moment) return WriteFailed("cannot add the sheet");
  format_set_bold(bold);
  format_set_num_format(moment, "yyyy-mm-dd hh:mm");

  // Widths before the first row: constant_memory writes the column list with it.
  lxw_error err = LXW_NO_ERROR;
  for (lxw_col_t c = 0; c < kColumnCount && err == LXW_NO_ERROR; ++c)
    err = worksheet_set_column(ws, c, c, kColumns[c].width, nullptr);
  for (lxw_col_t c = 0; c < kColumnCount && err == LXW_NO_ERROR; ++c)
    err = worksheet_write_string(ws, 0, c, kColumns[c].header, bold);
  worksheet_freeze_panes(ws, 1, 0);

  XlsxExport out;
  while (err == LXW_NO_ERROR) {
    for (const auto& row : *page) {
      if (out.rows == max_rows_) {
        out.truncated = true;
        break;
      }
      err = WritePetition(ws, static_cast<lxw_row_t>(out.rows + 1), row, moment);
      if (err != LXW_NO_ERROR) break;
      ++out.rows;
    }
    if (out.truncated || err != LXW_NO_ERROR || static_cast<int>(page->size()) < q.limit) break;
    q.before_id = page->back().id;
    // Past the limit, one more row tells whether anything was left out.
    q.limit = static_cast<int>(std::clamp<int64_t>(max_rows_ - out.rows + 1, 1, kPageSize));
    page = petitions_.List(p, q);
    if (!page.ok()) return page.status();
  }
  lxw_row_t last = static_cast<lxw_row_t>(out.rows);
  if (err == LXW_NO_ERROR && out.truncated) {
    const std::string note = "仅导出前 " + std::to_string(max_rows_) +
                             " 条：符合条件的信访事项多于此数，请缩小筛选范围后分批导出。";
    err = worksheet_write_string(ws, ++last, 0, note.c_str(), bold);
  }
  // Over every row written: constant_memory refuses a range that ends above the last one.
  if (err == LXW_NO_ERROR) err = worksheet_autofilter(ws, 0, 0, last, kColumnCount - 1);
  if (err != LXW_NO_ERROR) return WriteFailed(std::string("writing a row: ") + lxw_strerror(err));
  err = wb.Close();
  if (err != LXW_NO_ERROR) return WriteFailed(std::string("workbook_close: ") + lxw_strerror(err));

  SIXIA_ASSIGN_OR_RETURN(out.bytes, ReadWhole(file.path()));
  SIXIA_RETURN_IF_ERROR(audit_.AppendAlone(
      store_, a,
      {"petition.export", "petitions", domain::AuditOutcome::kOk,
       nlohmann::json{{"filter", filter}, {"rows", out.rows}, {"truncated", out.truncated}}
           .dump()}));
  return out;
}

}  // namespace sixia::app
