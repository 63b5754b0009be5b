#include "app/demo_data.h"

#include <map>

namespace sixia::app {
namespace {

using domain::UnitKind;

struct DemoUser {
  const char* username;
  const char* display_name;  // Synthetic.
  const char* unit_key;
  const char* role;
  const char* what;
};

}  // namespace

Result<DemoReport> AddDemoData(store::Store& store, DirectoryService& directory, const Actor& actor,
                               const std::string& password) {
  const security::Principal cli = DirectoryService::CliPrincipal();
  // Townships and a few villages come from the imported tree, not from a hand-made list.
  std::vector<domain::Division> townships;
  std::vector<domain::Division> villages;
  bool present = false;
  SIXIA_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto county, tx.divisions().Get(kDemoCounty));
    if (!county) return Status::Ok();
    SIXIA_ASSIGN_OR_RETURN(townships, tx.divisions().Children(kDemoCounty));
    for (const auto& t : townships) {
      SIXIA_ASSIGN_OR_RETURN(auto vs, tx.divisions().Children(t.code));
      for (size_t i = 0; i < vs.size() && i < 2; ++i) villages.push_back(vs[i]);
      if (villages.size() >= 8) break;
    }
    SIXIA_ASSIGN_OR_RETURN(auto existing, tx.directory().GetCredentials("xp_leader"));
    present = existing.has_value();
    return Status::Ok();
  }));
  if (townships.empty())
    return Unprocessable("霞浦县 (350921) is not in the division tree: run `sixia divisions import` first",
                         "行政区划中没有霞浦县（350921），请先运行 sixia divisions import");
  if (present) return Conflict("demo data is already present", "演示数据已存在");

  DemoReport report;
  std::map<std::string, int64_t> units;
  auto add_unit = [&](const std::string& key, const std::string& name, UnitKind kind,
                      const std::string& division, std::optional<int64_t> parent) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto u, directory.CreateUnit(cli, actor, {name, kind, division, parent}));
    units[key] = u.id;
    ++report.units;
    return Status::Ok();
  };
  SIXIA_RETURN_IF_ERROR(add_unit("county_party", "中共霞浦县委员会", UnitKind::kPartyCommittee, kDemoCounty, {}));
  SIXIA_RETURN_IF_ERROR(add_unit("county_gov", "霞浦县人民政府", UnitKind::kGovernment, kDemoCounty, {}));
  SIXIA_RETURN_IF_ERROR(add_unit("petition_bureau", "霞浦县信访局", UnitKind::kPetitionBureau, kDemoCounty, units["county_gov"]));
  SIXIA_RETURN_IF_ERROR(add_unit("supervision", "中共霞浦县委督查室", UnitKind::kDepartment, kDemoCounty, units["county_party"]));
  const std::pair<const char*, const char*> departments[] = {
      {"civil_affairs", "霞浦县民政局"},       {"hr_social", "霞浦县人力资源和社会保障局"},
      {"medical", "霞浦县医疗保障局"},          {"natural_resources", "霞浦县自然资源局"},
      {"housing", "霞浦县住房和城乡建设局"},    {"agriculture", "霞浦县农业农村局"},
  };
  for (const auto& [key, name] : departments)
    SIXIA_RETURN_IF_ERROR(add_unit(key, name, UnitKind::kDepartment, kDemoCounty, units["county_gov"]));
  for (size_t i = 0; i < townships.size(); ++i) {
    const auto& t = townships[i];
    const std::string k = "t" + std::to_string(i);
    const bool street = t.name.size() >= 6 && t.name.compare(t.name.size() - 6, 6, "街道") == 0;
    SIXIA_RETURN_IF_ERROR(add_unit(k + "_party", "中共" + t.name + (street ? "工作委员会" : "委员会"),
                                   UnitKind::kPartyCommittee, t.code, units["county_party"]));
    SIXIA_RETURN_IF_ERROR(add_unit(k + "_gov", t.name + (street ? "办事处" : "人民政府"),
                                   UnitKind::kGovernment, t.code, units["county_gov"]));
    if (i < 6) {
      SIXIA_RETURN_IF_ERROR(add_unit(k + "_petition", t.name + "信访办", UnitKind::kTownshipOffice,
                                     t.code, units[k + "_gov"]));
      SIXIA_RETURN_IF_ERROR(add_unit(k + "_civil", t.name + "民政办", UnitKind::kTownshipOffice,
                                     t.code, units[k + "_gov"]));
    }
  }
  for (size_t i = 0; i < villages.size(); ++i)
    SIXIA_RETURN_IF_ERROR(add_unit("v" + std::to_string(i), villages[i].name, UnitKind::kVillageCommittee,
                                   villages[i].code, {}));

  // Township 0 and its first village host the township-level demo users.
  const DemoUser users[] = {
      {"xp_sysadmin", "郑系统", "county_gov", "system_admin", "系统管理员（县）"},
      {"xp_secadmin", "吴安全", "county_gov", "security_admin", "安全管理员（县）"},
      {"xp_auditor", "周审计", "county_party", "audit_admin", "审计管理员（县）"},
      {"xp_leader", "林县长", "county_gov", "leader", "县领导"},
      {"xp_secretary", "陈书记", "county_party", "leader", "县委书记"},
      {"xp_officer", "黄信访", "petition_bureau", "petition_officer", "县信访局工作人员"},
      {"xp_supervisor", "何督查", "supervision", "supervisor", "督查室"},
      {"xp_viewer", "许查阅", "county_gov", "viewer", "查阅人员"},
      {"xp_civil", "杨民政", "civil_affairs", "unit_handler", "县民政局经办人"},
      {"xp_resources", "朱资源", "natural_resources", "unit_handler", "县自然资源局经办人"},
      {"t0_leader", "王镇长", "t0_gov", "leader", "乡镇（街道）领导"},
      {"t0_officer", "刘信访", "t0_petition", "petition_officer", "乡镇（街道）信访办"},
      {"t0_civil", "张民政", "t0_civil", "unit_handler", "乡镇（街道）民政办"},
      {"t1_leader", "赵镇长", "t1_gov", "leader", "另一乡镇领导（看不到 t0 的数据）"},
      {"v0_cadre", "孙村干", "v0", "village_cadre", "村（社区）干部"},
  };
  for (const auto& u : users) {
    UserInput in;
    in.username = u.username;
    in.display_name = u.display_name;
    in.unit_id = units.at(u.unit_key);
    in.password = password;
    in.roles = {u.role};
    SIXIA_RETURN_IF_ERROR(directory.CreateUser(cli, actor, in).status());
    ++report.users;
    report.logins.emplace_back(u.username, u.what);
  }
  return report;
}

}  // namespace sixia::app
