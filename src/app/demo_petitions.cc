#include "app/demo_petitions.h"

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/app.h"
#include "app/demo_data.h"
#include "domain/division.h"
#include "domain/field_session.h"
#include "domain/ledger.h"
#include "domain/person.h"
#include "domain/research.h"

namespace sixia::app {
namespace {

using domain::Action;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

struct Person {
  PersonInput input;
  std::string place;  // Village the person lives in.
};

// One matter people raise, with a realistic request.
struct Topic {
  const char* title;
  const char* content;
  const char* requests;
  const char* unit;  // Demo unit key of the handling unit ("civil", "resources").
};
constexpr Topic kTopics[] = {
    {"低保申请长时间未答复", "本人家庭人均收入低于当地低保标准，三个月前向村委会递交低保申请材料，至今没有答复。",
     "请尽快审核低保申请并书面答复", "civil"},
    {"临时救助金未发放", "家中老人住院花费较大，已申请临时救助，审批通过后一直未发放。", "请核实并发放临时救助金",
     "civil"},
    {"高龄津贴停发", "父亲年满八十周岁，高龄津贴从今年起停发，村里说是系统原因。", "请恢复发放高龄津贴并补发", "civil"},
    {"残疾人两项补贴标准疑问", "对残疾人护理补贴的认定等级有异议，补贴金额比邻村同类人员少。",
     "请重新评定护理等级并说明依据", "civil"},
    {"宅基地审批进度缓慢", "去年提交宅基地建房申请，材料齐全，至今未获审批。", "请说明审批进度并尽快办理",
     "resources"},
    {"承包地被占用", "邻居在我家承包地上搭建养殖棚，多次协商无果。", "请依法制止占用并恢复原状", "resources"},
    {"林地界址纠纷", "与相邻村民小组对一块山林的界址存在争议，影响林权证办理。", "请组织勘界并确权",
     "resources"},
    {"征地补偿款分配", "村里征地补偿款的分配方案未经村民代表会议讨论，部分外嫁女未分到补偿款。",
     "请依法公开分配方案并纠正", "resources"},
};
constexpr const char* kSurnames[] = {"陈", "林", "黄", "郑", "刘", "吴", "王", "张", "李", "杨",
                                     "谢", "郭", "周", "叶", "蔡", "徐", "何", "苏", "许", "朱"};
constexpr const char* kGiven[] = {"秀英", "桂兰", "建国", "志强", "丽华", "文斌", "海燕", "国平",
                                  "美玲", "德明", "春花", "永福", "金水", "玉珍", "明辉", "少华"};

// ---- Field sessions (现场办公) and research (调查研究) of the past year ----

struct Place {
  std::string code;
  std::string name;
};

// A village committee (村委会) rather than an urban community (社区).
bool IsRuralVillage(const std::string& name) {
  return name.find("社区") == std::string::npos && name.find("村") != std::string::npos;
}

// One matter raised at a field session, with what a session does about it.
struct IssueSeed {
  const char* title;
  const char* content;
  const char* requests;       // When it becomes a petition.
  const char* service_item;   // Catalogue code (V011__field_sessions.sql) or "".
  const char* handler;        // "civil", "resources", "township", "village".
  const char* action;         // Solved on the spot: what was done…
  const char* spot_evidence;  // …and the evidence.
  const char* closing;        // An assignment's closing evidence.
};
constexpr IssueSeed kIssueSeeds[] = {
    {"低保申请条件咨询", "家中两位老人常年患病，想申请低保，不清楚家庭收入怎么核算、要交哪些材料。", "请依法核实家庭情况并纳入低保",
     "subsistence_allowance", "civil", "县民政局现场讲解低保认定政策，指导填写申请表并当场受理",
     "低保申请受理回执、现场政策讲解登记表",
     "经入户调查和家庭经济状况核对，已纳入低保保障范围并按月发放，书面告知申请人"},
    {"临时救助迟迟未到账", "儿子车祸住院，花费十多万元，两个月前申请了临时救助，至今没有到账。", "请尽快发放临时救助金",
     "subsistence_allowance", "civil", "县民政局现场调取审批记录，当场督促乡镇补齐审核意见", "临时救助审批表及现场督办单",
     "临时救助金已通过社会保障卡发放到位，附银行发放明细和回访记录"},
    {"城乡居民养老保险补缴", "年轻时在外打工断缴了几年城乡居民养老保险，想补缴，不知道还能不能补、怎么补。", "请核定可补缴年限并办理补缴",
     "rural_pension", "township", "乡镇社保服务站现场查询缴费记录，一次性告知补缴政策和材料", "缴费记录查询单、一次性告知书",
     "已协调县社保中心核定补缴年限，群众完成补缴，养老金从次月起按月发放"},
    {"异地就医报销手续繁琐", "老伴在福州住院，回来报销要跑好几趟，材料退回来两次，希望简化手续。", "请简化异地就医报销手续",
     "medical_remote_claim", "township", "医保专员现场指导通过手机办理异地就医备案，当场备案成功", "异地就医备案成功截图及办理登记",
     "已完成异地就医备案并办理报销，后续住院费用直接结算，回访群众表示满意"},
    {"田间焚烧秸秆烟雾扰民", "秋收后村后田里天天有人烧秸秆，烟很大，老人孩子咳嗽，晚上窗户都不敢开。", "请制止焚烧秸秆",
     "straw_burning", "township", "现场部署村网格员加强巡查，当场劝导农户并签订禁烧承诺书", "禁烧承诺书、网格巡查安排表",
     "已落实网格员分片巡查和夜间巡防，调配秸秆粉碎机两台，巡查记录和现场照片存档"},
    {"户口迁移材料反复补交", "孩子户口迁回老家，派出所让补材料，来回跑了三趟还没办好。", "请一次性告知并办结户口迁移",
     "household_registration", "township", "派出所户籍民警现场一次性告知所需材料，当场受理迁移申请",
     "户口迁移受理单、一次性告知书", "已办结户口迁入手续，新户口簿已送达群众本人并签收"},
    {"承包地确权信息有误", "土地承包经营权证上的地块面积和四至与实际不符，影响申请种粮补贴。", "请更正承包经营权证信息",
     "land_contract", "resources", "县自然资源局现场调阅确权档案，核对地块四至", "确权档案调阅记录、现场核对照片",
     "已组织实地勘测并更正承包经营权证信息，新证已发放，种粮补贴已按实际面积申报"},
    {"老房开裂担心安全", "家里土木结构老房子墙体开裂，下雨天漏水，担心台风季有危险。", "请鉴定危房并纳入改造",
     "housing_safety", "township", "乡镇组织技术人员现场查看，当场安排临时转移住所", "现场查看记录、临时安置协议",
     "经鉴定为C级危房，已列入本年度农村危房改造计划，补助资金拨付到户并完成加固"},
    {"返乡青年想学电商技能", "几个返乡青年想做农产品直播带货，缺少技能培训和场地，希望政府给予帮助。", "请组织技能培训并提供场地",
     "employment", "township", "现场登记培训意愿，推荐参加县人社局组织的电商直播技能培训班", "培训报名登记表",
     "已组织参加电商直播技能培训并结业，村里腾出闲置校舍作为直播场地"},
    {"村道路灯损坏多时", "村主干道有十几盏路灯坏了半年多，晚上出行很不安全，反映过多次没人修。", "请尽快修复路灯",
     "", "village", "村委会当场联系电工，当天下午检修主干道路灯", "路灯维修派工单及维修后照片",
     "损坏路灯已全部更换为太阳能路灯，夜间照明恢复正常，附维修前后对比照片"},
    {"自来水水压不足", "地势高的几户人家用水高峰时水龙头基本不出水，夏天尤其严重。", "请解决高处住户用水问题",
     "", "township", "乡镇水利站现场查看管网，当场调整阀门开度", "管网查看记录",
     "已更换主管道减压阀并增设加压泵，用水高峰时段水压恢复正常，住户签字确认"},
    {"邻里排水沟纠纷", "邻居建房时把排水沟堵了，雨天积水流进我家院子，协商多次没有结果。", "请协调疏通排水沟",
     "", "village", "村人民调解委员会现场调解，双方达成口头协议并当场疏通排水沟", "调解登记表、疏通后现场照片",
     "村调委会组织双方签订书面调解协议，排水沟已改道疏通，雨后回访无积水"},
    {"农村客运班次减少", "去县城的客运班车从一天四趟减到一天一趟，老人看病、学生上学很不方便。", "请恢复客运班次",
     "", "township", "乡镇当场联系县交通运输部门，约定现场踏勘时间", "联系记录",
     "已协调县交通运输局恢复早晚两趟班车，并开通预约响应式公交，运行时刻表已在村务公开栏公布"},
    {"河道垃圾堆积发臭", "村边小河里塑料袋、死禽随处可见，夏天臭味很大，蚊虫多。", "请清理河道并建立长效保洁",
     "", "village", "村委会当场组织保洁员和党员志愿者清理河道", "河道清理前后照片、志愿服务签到表",
     "已完成河道清淤和垃圾清理，落实河道保洁员每周两次巡河，巡河记录存档"},
    {"老年助餐点停办", "村里幸福院的老年助餐点停了三个月，独居老人吃饭成了问题。", "请恢复老年助餐服务",
     "", "civil", "县民政局现场协调幸福院运营经费，当场明确恢复助餐时间", "经费协调会议记录",
     "幸福院助餐点已恢复运营，每天供应午餐，就餐老人登记表和照片存档"},
    {"宅基地审批进度咨询", "去年提交了宅基地建房申请，一直没有消息，想知道卡在哪一步。", "请说明审批进度并尽快办理",
     "", "resources", "县自然资源局现场查询审批系统，当场答复进度并说明待补材料", "审批进度查询截图、答复记录",
     "已完成宅基地审批，农村宅基地批准书和建设规划许可证已送达申请人"},
    {"残疾人护理补贴认定", "儿子智力残疾二级，一直没有领到护理补贴，村里说要重新评定。", "请评定并发放护理补贴",
     "subsistence_allowance", "civil", "县残联、民政局现场核对残疾证信息，当场受理补贴申请", "补贴申请受理单",
     "已完成残疾等级复核并纳入重度残疾人护理补贴发放名单，补发资金已到账"},
    {"种粮补贴发放疑问", "今年种粮补贴比去年少了一截，不知道是按什么标准算的。", "请公开补贴计算标准",
     "land_contract", "township", "乡镇农业服务中心现场解释补贴政策和计算标准，出示公示名单", "政策解释记录、补贴公示名单",
     "已逐户核对补贴面积，更正两户面积差错并补发差额，补贴标准在村务公开栏公示"},
};

// Made-up people who raise issues: compound surnames with invented given names.
constexpr const char* kCompoundSurnames[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容",
                                             "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "闻人", "南宫"};
constexpr const char* kMadeUpGiven[] = {"明远", "春生", "秀梅", "海生", "月娥", "立新", "晓燕", "长水",
                                        "桂香", "福来", "雪琴", "振华", "阿妹", "金凤", "树林", "新民"};

constexpr const char* kDeclineReasons[] = {
    "属于平等主体之间的民事纠纷，已当场告知可申请人民调解或依法向人民法院起诉",
    "所提要求超出现行政策规定，已当场解释说明政策依据，群众表示理解",
    "该事项已经人民法院生效判决处理，不属于现场办公受理范围，已当面说明",
};

constexpr const char* kSessionTopics[] = {
    "乡村振兴项目推进和群众急难愁盼问题现场办公", "民生保障政策落实情况现场办公", "农村人居环境整治现场办公",
    "防汛防台和农房安全现场办公",               "基层治理和矛盾纠纷化解现场办公", "就业帮扶和社会保障服务现场办公",
    "秋收秋种和秸秆禁烧工作现场办公",           "为民办实事项目推进现场办公",     "农村养老服务现场办公",
    "基础设施建设和群众出行问题现场办公",       "营商环境和返乡创业现场办公",     "信访积案化解和群众诉求现场办公",
};


struct SessionPlace {
  std::string code;      // The village (or the township without villages).
  std::string township;  // Its township.
  std::string venue;
};

// Who answers for an assignment or a list's tasks, and who reports them done.
struct Handler {
  int64_t unit_id = 0;
  int64_t person_user_id = 0;
  const security::Principal* closer = nullptr;
};
struct Owner {
  const security::Principal* closer = nullptr;
  int64_t unit_id = 0;
  int64_t person_user_id = 0;  // 0: the closer.
  int64_t person() const { return person_user_id > 0 ? person_user_id : closer->user_id; }
};

// A petition of the year (first rounds of OnePetition, and those of the reception days).
struct YearPetition {
  int64_t id = 0;
  int topic = 0;  // Index into kTopics.
  int64_t received_at_ms = 0;
};

class Generator {
 public:
  Generator(App& app, ManualClock& clock, uint64_t seed, int64_t now_ms)
      : app_(app), clock_(clock), rng_(seed), now_(now_ms) {}

  Status Init() {
    auto& auth = app_.auth();
    const std::map<std::string, security::Principal*> wanted = {
        {"xp_officer", &officer_}, {"xp_leader", &leader_},   {"xp_secretary", &secretary_},
        {"xp_civil", &civil_},     {"xp_resources", &resources_}, {"t0_civil", &t0_civil_},
        {"t0_leader", &t0_leader_}};
    SIXIA_RETURN_IF_ERROR(app_.store().Read([&](store::Tx& tx) -> Status {
      for (const auto& [name, out] : wanted) {
        SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(name));
        if (!creds)
          return Unprocessable("demo users are missing: run `sixia demo` without --petitions first",
                               "缺少演示用户：请先运行 sixia demo");
        SIXIA_ASSIGN_OR_RETURN(*out, auth.LoadPrincipal(tx, creds->user.id));
      }
      // Optional users (older demo data may lack them): the activities fall back without them.
      const std::map<std::string, security::Principal*> optional = {
          {"t1_leader", &t1_leader_}, {"v0_cadre", &v0_cadre_}, {"xp_supervisor", &supervisor_}};
      for (const auto& [name, out] : optional) {
        SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(name));
        if (creds) {
          SIXIA_ASSIGN_OR_RETURN(*out, auth.LoadPrincipal(tx, creds->user.id));
        }
      }
      SIXIA_ASSIGN_OR_RETURN(auto townships, tx.divisions().Children(kDemoCounty));
      for (const auto& t : townships) {
        townships_.push_back({t.code, t.name});
        SIXIA_ASSIGN_OR_RETURN(auto vs, tx.divisions().Children(t.code));
        for (const auto& v : vs) {
          villages_.push_back(v.code);
          villages_of_[t.code].push_back({v.code, v.name});
        }
        // Villages (村) before urban communities (社区): field work goes to the countryside first.
        std::stable_partition(villages_of_[t.code].begin(), villages_of_[t.code].end(),
                              [](const Place& v) { return IsRuralVillage(v.name); });
      }
      // The county's units: departments by name, township governments by place.
      const auto range = domain::SubtreeRange(kDemoCounty, domain::DivisionLevel::kCounty);
      for (int64_t after = 0;;) {
        SIXIA_ASSIGN_OR_RETURN(auto units, tx.directory().ListUnits({range}, 500, after));
        for (const auto& u : units) {
          unit_division_[u.id] = u.division_code;
          if (u.disabled) continue;
          unit_by_name_[u.name] = u.id;
          if (u.kind == domain::UnitKind::kGovernment) gov_unit_of_[u.division_code] = u.id;
        }
        if (units.size() < 500) break;
        after = units.back().id;
      }
      SIXIA_ASSIGN_OR_RETURN(auto version, tx.categories().LatestVersion());
      if (version) {
        SIXIA_ASSIGN_OR_RETURN(auto cats, tx.categories().List(*version));
        for (const auto& c : cats)
          if (c.level == 3) leaves_.push_back(c.code);
      }
      return Status::Ok();
    }));
    if (villages_.empty()) return Unprocessable("霞浦县 has no villages", "霞浦县没有村级区划");
    t0_code_ = villages_.front().substr(0, 9);
    // The township each township leader leads: the place of their unit.
    for (const security::Principal* p : {&t0_leader_, &t1_leader_})
      if (p->user_id > 0 && unit_division_.count(p->unit_id)) township_leader_[unit_division_[p->unit_id]] = p;
    if (v0_cadre_.user_id > 0 && unit_division_.count(v0_cadre_.unit_id)) v0_code_ = unit_division_[v0_cadre_.unit_id];
    return Status::Ok();
  }

  // The same 1988 day as a field session: 86 issues raised by 102 people, 12 solved on the
  // spot, 74 assigned with a month's deadline and all closed within it.
  Status Session1988() {
    const int64_t day = kReceptionDay1988Ms;
    clock_.Set(day);
    FieldSessionInput in;
    in.division_code = t0_code_ + "000";
    in.venue = "霞浦县城关（首个群众接待日）";
    in.held_on_ms = day;
    in.topic = "地县领导接待群众来访，现场研究解决问题";
    in.leader_user_ids = {leader_.user_id, secretary_.user_id};
    in.unit_ids = {civil_.unit_id, resources_.unit_id};
    SIXIA_ASSIGN_OR_RETURN(auto session, app_.field_sessions().Create(officer_, actor_, in));
    int people_left = 102 - 86;
    for (int i = 0; i < 86; ++i) {
      const int extra = std::min(people_left, i % 5 == 0 ? 2 : 0);
      people_left -= extra;
      const int64_t t = day + i * 4 * 60'000;
      clock_.Set(t);
      const Topic& topic = kTopics[i % std::size(kTopics)];
      FieldIssueInput issue;
      issue.content = topic.content;
      issue.people = 1 + extra;
      SIXIA_ASSIGN_OR_RETURN(auto added, app_.field_sessions().AddIssue(officer_, actor_, session.id, issue));
      domain::IssueResolution r;
      if (i < 12) {
        r.end = domain::IssueEnd::kSolvedOnSpot;
        r.action = "地县领导当场研究，答复并落实";
        r.evidence = "现场办公记录";
      } else {
        const security::Principal& handler = std::string(topic.unit) == "civil" ? civil_ : resources_;
        r.end = domain::IssueEnd::kAssigned;
        r.unit_id = handler.unit_id;
        r.person_user_id = handler.user_id;
        r.deadline_ms = domain::StartOfDayMs(domain::DateOfMs(day).AddDays(31));  // End of the 30th day.
      }
      clock_.Set(t + 60'000);
      SIXIA_RETURN_IF_ERROR(app_.field_sessions().Resolve(officer_, actor_, session.id, added.issue.id, r).status());
      if (i >= 12) {
        clock_.Set(day + Uniform(5, 27) * kDay);
        SIXIA_RETURN_IF_ERROR(app_.field_sessions()
                                  .CloseAssignment(officer_, actor_, session.id, added.issue.id, "已办结并书面答复群众")
                                  .status());
      }
    }
    report_.field_session_id = session.id;
    clock_.Set(now_);
    return Status::Ok();
  }

  // The other "下基层" work of the past year: the county head and the party secretary hold
  // their monthly reception days (the secretary misses two months, so compliance shows it),
  // each with a few petitions registered there; and outreach events in the villages.
  Status Activities(int outreach_events) {
    const security::Principal admin = DirectoryService::CliPrincipal();
    auto& reception = app_.reception();
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, leader_.user_id, domain::LeaderPost::kCountyHead));
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, secretary_.user_id, domain::LeaderPost::kCountySecretary));
    SIXIA_RETURN_IF_ERROR(reception.SetLeaderPost(admin, actor_, t0_leader_.user_id, domain::LeaderPost::kTownshipLeader));
    const domain::Date today = domain::DateOfMs(now_);
    for (int back = 12; back >= 1; --back) {
      const int index = today.year * 12 + (today.month - 1) - back;
      const domain::Date day{index / 12, index % 12 + 1, 15};
      const int64_t day_ms = domain::StartOfDayMs(day);
      for (const security::Principal* leader : {&leader_, &secretary_}) {
        if (leader == &secretary_ && (back == 3 || back == 8)) continue;  // Missed months.
        clock_.Set(day_ms + 8 * kHour);
        ReceptionDayInput in;
        in.division_code = t0_code_ + "000";
        in.venue = "县信访局群众来访接待大厅";
        in.held_on_ms = day_ms;
        in.leader_user_ids = {leader->user_id};
        in.unit_ids = {civil_.unit_id, resources_.unit_id};
        in.joint = true;
        SIXIA_ASSIGN_OR_RETURN(auto row, reception.Schedule(officer_, actor_, in));
        ++report_.reception_days;
        for (int i = 0; i < 3; ++i) {
          const int64_t t = day_ms + 9 * kHour + i * 20 * 60'000;
          const Topic& topic = kTopics[Uniform(0, std::size(kTopics) - 1)];
          PetitionInput pin = Input(topic, t, domain::Channel::kReceptionDay);
          pin.reception_day_id = row.id;
          SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(pin, t));
          ++report_.reception_day_petitions;
          year_petitions_.push_back({id, static_cast<int>(&topic - kTopics), t});
          ActionInput accept;
          accept.lead_unit_id = officer_.unit_id;
          SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, t + 60'000, std::move(accept)));
          if (i == 0) {  // One a day solved on the spot.
            SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kSign, t + 2 * 60'000, {}));
            SIXIA_RETURN_IF_ERROR(Decide(officer_, id, topic, t + 30 * 60'000, domain::DecisionOutcome::kSupport));
            SIXIA_RETURN_IF_ERROR(Deliver(id, t + 40 * 60'000));
            SIXIA_RETURN_IF_ERROR(Rate(id, t + 50 * 60'000, domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
          } else {
            SIXIA_RETURN_IF_ERROR(Assign(id, topic.unit, t + 2 * 60'000));
          }
        }
      }
    }
    static const char* kOutreachTopics[] = {"乡村振兴", "防汛防台", "医保政策", "低保政策", "移风易俗",
                                            "反诈宣传", "秸秆禁烧", "农村养老保险"};
    for (int i = 0; i < outreach_events; ++i) {
      domain::OutreachEvent e;
      e.form = static_cast<domain::OutreachForm>(Uniform(0, 6));
      e.topic = kOutreachTopics[Uniform(0, std::size(kOutreachTopics) - 1)];
      // Most villages see outreach; a few at the end of the list are left out (coverage).
      e.division_code = villages_[Uniform(0, std::max<int64_t>(0, villages_.size() * 9 / 10 - 1))];
      e.held_on_ms = domain::StartOfDayMs(domain::DateOfMs(now_ - Uniform(1, 364) * kDay));
      e.reached_estimated = e.form == domain::OutreachForm::kLed ||
                            e.form == domain::OutreachForm::kLoudspeaker ||
                            e.form == domain::OutreachForm::kNewMedia;
      e.reached = e.reached_estimated ? Uniform(200, 1500) : Uniform(8, 90);
      e.organiser_unit_id = leader_.unit_id;
      clock_.Set(e.held_on_ms + 18 * kHour);
      SIXIA_RETURN_IF_ERROR(app_.outreach().Record(leader_, actor_, std::move(e)).status());
      ++report_.outreach_events;
    }
    SIXIA_RETURN_IF_ERROR(Linkages());
    SIXIA_RETURN_IF_ERROR(CommunityRegistrations());
    clock_.Set(now_);
    return Status::Ok();
  }

  // Leaders' links of the past year (挂钩联系): the party secretary with a village, visited
  // monthly; the county head with township 0's government, visited every other month, and
  // with a village of another township, visited only in the first months (so the coverage
  // report lists it as unvisited); the township head with two villages of the township since
  // half a year; and an earlier link of the secretary that ended two months ago.
  Status Linkages() {
    const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_));
    const int64_t year_ago = today - 364 * kDay;
    const size_t n = villages_.size();
    auto link = [&](const security::Principal& leader, std::optional<int64_t> unit, const std::string& village,
                    int64_t from_ms, std::optional<int64_t> to_ms, const char* notes) -> Result<int64_t> {
      LinkageInput in;
      in.leader_user_id = leader.user_id;
      in.unit_id = unit;
      in.village_code = unit ? std::string() : village;
      in.from_ms = from_ms;
      in.to_ms = to_ms;
      in.notes = notes;
      clock_.Set(from_ms + 9 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto row, app_.linkage().Create(officer_, actor_, std::move(in)));
      ++report_.linkages;
      return row.link.id;
    };
    static const char* kWhat[] = {"走访困难群众，了解低保、医保政策落实情况", "召开村（社区）两委座谈会，研究乡村振兴项目",
                                  "实地查看村道硬化和饮水工程进度", "接待群众来访，现场协调邻里纠纷",
                                  "督导防汛防台准备工作", "调研村集体经济发展情况"};
    static const char* kResults[] = {"协调解决村道硬化资金缺口", "落实两户困难群众临时救助", "推动饮水工程按期完工",
                                     "化解一起宅基地纠纷", "", "明确村集体经济发展项目两个"};
    auto visit = [&](int64_t link_id, int64_t day_ms, const std::string& place) -> Status {
      if (day_ms > today) return Status::Ok();
      LinkageVisitInput in;
      in.visited_on_ms = day_ms;
      in.division_code = place;
      in.notes = kWhat[Uniform(0, std::size(kWhat) - 1)];
      in.results = kResults[Uniform(0, std::size(kResults) - 1)];
      clock_.Set(day_ms + 17 * kHour);
      SIXIA_RETURN_IF_ERROR(app_.linkage().AddVisit(officer_, actor_, link_id, std::move(in)).status());
      ++report_.linkage_visits;
      return Status::Ok();
    };
    const std::string& v_first = villages_.front();
    const std::string& v_other = villages_[n / 2];
    const std::string& v_last = villages_[n - 1];
    const std::string t0_place = t0_code_ + "000";
    // Party secretary ↔ the first village: every month.
    SIXIA_ASSIGN_OR_RETURN(int64_t a, link(secretary_, std::nullopt, v_first, year_ago, std::nullopt,
                                           "联系乡村振兴和信访稳定工作"));
    for (int m = 0; m < 12; ++m) SIXIA_RETURN_IF_ERROR(visit(a, year_ago + (m * 30 + Uniform(3, 20)) * kDay, ""));
    // County head ↔ township 0's government: every other month.
    SIXIA_ASSIGN_OR_RETURN(int64_t b, link(leader_, t0_leader_.unit_id, "", year_ago, std::nullopt,
                                           "联系乡镇重点项目和营商环境"));
    for (int m = 0; m < 12; m += 2) SIXIA_RETURN_IF_ERROR(visit(b, year_ago + (m * 30 + Uniform(5, 25)) * kDay, t0_place));
    // County head ↔ a village of another township: visited in the first four months only.
    if (v_other != v_first) {
      SIXIA_ASSIGN_OR_RETURN(int64_t c, link(leader_, std::nullopt, v_other, year_ago, std::nullopt,
                                             "联系村集体经济发展"));
      for (int m = 0; m < 4; ++m) SIXIA_RETURN_IF_ERROR(visit(c, year_ago + (m * 30 + Uniform(2, 25)) * kDay, ""));
    }
    // Township head ↔ the township's first two villages, since half a year.
    const int64_t half_year_ago = today - 182 * kDay;
    for (size_t i = 0; i < n && i < 2; ++i) {
      if (villages_[i].rfind(t0_code_, 0) != 0) break;
      SIXIA_ASSIGN_OR_RETURN(int64_t d, link(t0_leader_, std::nullopt, villages_[i], half_year_ago, std::nullopt,
                                             "包村联系，做好矛盾纠纷排查化解"));
      for (int m = 0; m < 6; ++m)
        SIXIA_RETURN_IF_ERROR(visit(d, half_year_ago + (m * 30 + Uniform(1, 28)) * kDay, ""));
    }
    // An earlier link of the secretary, ended two months ago.
    if (v_last != v_first && v_last != v_other) {
      const int64_t ended = today - 61 * kDay;
      SIXIA_ASSIGN_OR_RETURN(int64_t e, link(secretary_, std::nullopt, v_last, year_ago, ended, "联系脱贫户帮扶（已调整）"));
      for (int m = 0; m < 9; m += 3) SIXIA_RETURN_IF_ERROR(visit(e, year_ago + (m * 30 + Uniform(1, 20)) * kDay, ""));
    }
    return Status::Ok();
  }

  // 30 Party members (synthetic names) of county and township units registered at
  // communities (双报到) over the past year or more, each with 0–4 services since: most meet
  // the yearly rule, a few have none yet.
  Status CommunityRegistrations() {
    const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_));
    const int64_t units[] = {civil_.unit_id, resources_.unit_id, leader_.unit_id, secretary_.unit_id,
                             t0_civil_.unit_id, officer_.unit_id};
    static const char* kServices[] = {"参加社区环境卫生整治", "为辖区老人义务理发、测血压", "参与社区疫情防控值守",
                                      "开展反诈宣传入户", "辅导留守儿童课业", "参加文明交通劝导",
                                      "协助社区网格走访排查", "参加垃圾分类宣传"};
    const size_t communities = std::min<size_t>(villages_.size(), 6);
    for (int i = 0; i < 30; ++i) {
      RegistrationInput in;
      in.member_name = std::string(Pick(kSurnames)) + Pick(kGiven);
      in.unit_id = units[i % std::size(units)];
      in.community_code = villages_[i % communities];
      in.registered_on_ms = today - Uniform(30, 500) * kDay;
      clock_.Set(in.registered_on_ms + 10 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto reg, app_.linkage().Register(officer_, actor_, std::move(in)));
      ++report_.community_registrations;
      const int64_t registered = reg.row.registration.registered_on_ms;
      const int services = i % 7 == 3 ? 0 : static_cast<int>(Uniform(1, 4));
      std::vector<int64_t> days;
      for (int k = 0; k < services; ++k) days.push_back(registered + Uniform(0, (today - registered) / kDay) * kDay);
      std::sort(days.begin(), days.end());
      for (int64_t day : days) {
        CommunityServiceInput s;
        s.served_on_ms = day;
        s.content = kServices[Uniform(0, std::size(kServices) - 1)];
        if (Chance(0.8)) s.hours = static_cast<double>(Uniform(2, 8)) / 2.0;
        clock_.Set(day + 16 * kHour);
        SIXIA_RETURN_IF_ERROR(app_.linkage().AddService(officer_, actor_, reg.row.registration.id, std::move(s)).status());
        ++report_.community_services;
      }
    }
    return Status::Ok();
  }

  // A year of petitions before now.
  Status Year(int count) {
    std::vector<int64_t> times;
    for (int i = 0; i < count; ++i) times.push_back(now_ - 365 * kDay + Uniform(0, 365 * kDay - kHour));
    std::sort(times.begin(), times.end());
    for (int64_t t : times) SIXIA_RETURN_IF_ERROR(OnePetition(t));
    return Status::Ok();
  }

  // 1988-12-20: 102 people, 86 problems accepted, 12 solved on the spot, the rest within a month.
  Status ReceptionDay1988() {
    const int64_t day = kReceptionDay1988Ms;
    int people_left = 102 - 86;  // Extra people beyond one per problem, in groups.
    for (int i = 0; i < 86; ++i) {
      const int extra = std::min(people_left, i % 5 == 0 ? 2 : 0);
      people_left -= extra;
      const int64_t t = day + i * 4 * 60'000;  // Received through the day.
      const Topic& topic = kTopics[i % std::size(kTopics)];
      PetitionInput in = Input(topic, t, domain::Channel::kReceptionDay);
      in.group_size = 1 + extra;
      SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(in, t));
      ++report_.reception_day_petitions;
      ActionInput accept;
      if (i < 12) accept.lead_unit_id = officer_.unit_id;  // The leaders' office handles it there.
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, t + 60'000, std::move(accept)));
      if (i < 12) {
        // Solved on the spot: the leaders decided there and the petitioner was satisfied.
        SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kSign, t + 2 * 60'000, {}));
        SIXIA_RETURN_IF_ERROR(Decide(officer_, id, topic, t + 30 * 60'000, domain::DecisionOutcome::kSupport));
        SIXIA_RETURN_IF_ERROR(Deliver(id, t + 40 * 60'000));
        SIXIA_RETURN_IF_ERROR(Rate(id, t + 50 * 60'000, domain::Resolution::kSolved,
                                   domain::Satisfaction::kSatisfied));
      } else {
        const std::string unit = topic.unit;
        SIXIA_RETURN_IF_ERROR(Assign(id, unit, t + 2 * 60'000));
        const security::Principal& handler = unit == "civil" ? civil_ : resources_;
        const int64_t signed_at = day + kDay;
        SIXIA_RETURN_IF_ERROR(Do(handler, id, Action::kSign, signed_at, {}));
        const int64_t decided = day + Uniform(5, 27) * kDay;
        SIXIA_RETURN_IF_ERROR(Decide(handler, id, topic, decided, domain::DecisionOutcome::kSupport));
        SIXIA_RETURN_IF_ERROR(Deliver(id, decided + kDay));
        SIXIA_RETURN_IF_ERROR(Rate(id, decided + 2 * kDay, domain::Resolution::kSolved,
                                   domain::Satisfaction::kSatisfied));
      }
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kClose, day + 29 * kDay, {}));
    }
    return Status::Ok();
  }

  // About one field office session a month over the past year, each at another township or
  // village, with county (and, where there is one, township) leaders and departments present
  // and 3–8 issues. Every end occurs: solved on the spot, assigned (mostly closed on time;
  // one closed late, one closed with evidence that says nothing, one still open past its
  // deadline, the latest session's still open within theirs), turned into a petition (registered
  // and handled through the petition workflow), declined with the reason.
  Status FieldSessions() {
    const domain::Date today = domain::DateOfMs(now_);
    const std::vector<SessionPlace> places = SessionPlaces(12);
    const std::vector<domain::Date> days = SessionDays();
    for (int s = 0; s < 12; ++s) {
      const domain::Date date = days[s];
      const int64_t day_ms = domain::StartOfDayMs(date);
      const SessionPlace& place = places[s];
      const security::Principal& lead = s % 2 == 0 ? leader_ : secretary_;
      FieldSessionInput in;
      in.division_code = place.code;
      in.venue = place.venue;
      in.held_on_ms = day_ms;
      in.topic = kSessionTopics[s % std::size(kSessionTopics)];
      in.leader_user_ids = {lead.user_id};
      const security::Principal* township_leader = TownshipLeader(place.township);
      if (township_leader) in.leader_user_ids.push_back(township_leader->user_id);
      std::vector<int64_t> units = {civil_.unit_id, resources_.unit_id};
      static const char* kDepartments[] = {"霞浦县农业农村局", "霞浦县住房和城乡建设局", "霞浦县医疗保障局",
                                           "霞浦县人力资源和社会保障局"};
      for (int k = 0; k < 2; ++k)
        if (auto it = unit_by_name_.find(kDepartments[(s + k) % std::size(kDepartments)]); it != unit_by_name_.end())
          units.push_back(it->second);
      if (auto it = gov_unit_of_.find(place.township); it != gov_unit_of_.end()) units.push_back(it->second);
      std::sort(units.begin(), units.end());
      units.erase(std::unique(units.begin(), units.end()), units.end());
      in.unit_ids = units;
      clock_.Set(day_ms + 8 * kHour + 30 * kMinute);
      SIXIA_ASSIGN_OR_RETURN(auto session, app_.field_sessions().Create(officer_, actor_, in));
      ++report_.field_sessions;

      // How the issues end: at least one solved on the spot and one assigned at every session,
      // a petition every fourth session, a declined one every third, the rest by chance.
      const int n = static_cast<int>(Uniform(3, 8));
      std::vector<domain::IssueEnd> ends;
      for (int j = 0; j < n; ++j) {
        const int roll = static_cast<int>(Uniform(0, 99));
        ends.push_back(j == 0 ? domain::IssueEnd::kSolvedOnSpot
                       : j == 1 ? domain::IssueEnd::kAssigned
                       : roll < 30 ? domain::IssueEnd::kSolvedOnSpot
                       : roll < 75 ? domain::IssueEnd::kAssigned
                       : roll < 85 ? domain::IssueEnd::kPetition
                                   : domain::IssueEnd::kDeclined);
      }
      if (s % 4 == 1) ends[2] = domain::IssueEnd::kPetition;
      if (s % 3 == 2 && !(s % 4 == 1 && n == 3)) ends[n - 1] = domain::IssueEnd::kDeclined;
      std::shuffle(ends.begin(), ends.end(), rng_);
      std::vector<int> seeds(std::size(kIssueSeeds));
      for (size_t k = 0; k < seeds.size(); ++k) seeds[k] = static_cast<int>(k);
      std::shuffle(seeds.begin(), seeds.end(), rng_);

      bool first_assigned = true;
      for (int j = 0; j < n; ++j) {
        const IssueSeed& seed = kIssueSeeds[seeds[j]];
        const int64_t t = day_ms + 9 * kHour + 30 * kMinute + j * 20 * kMinute;
        clock_.Set(t);
        FieldIssueInput issue;
        issue.content = seed.content;
        issue.raised_by = std::string(Pick(kCompoundSurnames)) + Pick(kMadeUpGiven);
        issue.people = Chance(0.25) ? static_cast<int>(Uniform(2, 6)) : 1;
        if (*seed.service_item) issue.service_items = {seed.service_item};
        SIXIA_ASSIGN_OR_RETURN(auto added, app_.field_sessions().AddIssue(officer_, actor_, session.id, issue));
        ++report_.field_issues;
        domain::IssueResolution r;
        r.end = ends[j];
        Handler handler;
        switch (r.end) {
          case domain::IssueEnd::kSolvedOnSpot:
            r.action = seed.action;
            r.evidence = seed.spot_evidence;
            r.solved_by = lead.user_id;
            ++report_.field_solved_on_spot;
            break;
          case domain::IssueEnd::kAssigned: {
            handler = HandlerFor(seed, place, lead);
            r.unit_id = handler.unit_id;
            r.person_user_id = handler.person_user_id;
            // The latest session's assignments run to a day still ahead; the others 10–30 days.
            const domain::Date last_day =
                s == 11 ? today.AddDays(Uniform(10, 25)) : date.AddDays(Uniform(10, 30));
            r.deadline_ms = domain::StartOfDayMs(last_day.AddDays(1));  // The end of the last day.
            ++report_.field_assigned;
            break;
          }
          case domain::IssueEnd::kPetition: {
            SIXIA_ASSIGN_OR_RETURN(r.petition_id, FieldPetition(seed, place, issue.raised_by, issue.people,
                                                                t + 5 * kMinute));
            ++report_.field_to_petition;
            break;
          }
          case domain::IssueEnd::kDeclined:
            r.reason = Pick(kDeclineReasons);
            ++report_.field_declined;
            break;
          case domain::IssueEnd::kPending:
            break;
        }
        clock_.Set(t + 10 * kMinute);
        SIXIA_RETURN_IF_ERROR(app_.field_sessions().Resolve(officer_, actor_, session.id, added.issue.id, r).status());
        if (r.end != domain::IssueEnd::kAssigned) continue;

        // The assignment's closing.
        const bool special = first_assigned;
        first_assigned = false;
        const int64_t deadline = *r.deadline_ms;
        std::string evidence = seed.closing;
        int64_t close_at = 0;
        bool late = false;
        if (special && s == 3) {  // Closed ten days or so after the deadline.
          close_at = deadline + Uniform(4, 12) * kDay + 10 * kHour;
          late = true;
        } else if (special && (s == 8 || s == 11)) {
          close_at = 0;  // Still open: past its deadline (s == 8) or within it (s == 11).
        } else {
          const int64_t span = (deadline - t) / kDay;
          close_at = t + Uniform(2, std::max<int64_t>(2, span - 1)) * kDay + Uniform(1, 8) * kHour;
          if (special && s == 5) evidence = "已落实到位";  // Says nothing: the supervisor flags it.
        }
        if (special && s == 6) fs_problem_ = {added.issue.id, &seed, place, t, handler};
        if (close_at > 0 && close_at <= now_) {
          clock_.Set(close_at);
          SIXIA_RETURN_IF_ERROR(
              app_.field_sessions().CloseAssignment(*handler.closer, actor_, session.id, added.issue.id, evidence)
                  .status());
          if (late) ++report_.field_closed_late;
        } else if (deadline < now_) {
          ++report_.field_open_overdue;
        }
      }
    }
    clock_.Set(now_);
    return Status::Ok();
  }

  // Two research projects of the past year with their visits and the ledger traced from their
  // findings (problem → responsibility → task → outcome); a problem opened from a field-session
  // issue and one from a cluster of petitions; the members' reports and the county's
  // consolidated report (双报告).
  Status Research() {
    const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_));
    const int64_t tomorrow = today + kDay;
    const std::string county = kDemoCounty;
    const security::Principal& verifier = supervisor_.user_id > 0 ? supervisor_ : leader_;

    // ---- A county project: 农村居家养老服务, stay-in (蹲点) at two villages.
    std::vector<Place> rural;
    for (const auto& t : townships_)
      for (const auto& v : villages_of_[t.code])
        if (IsRuralVillage(v.name)) rural.push_back(v);
    if (rural.empty())
      for (const auto& code : villages_) rural.push_back({code, code});
    std::vector<Place> a_places = {rural[rural.size() / 3]};
    if (rural[2 * rural.size() / 3].code != a_places[0].code) a_places.push_back(rural[2 * rural.size() / 3]);
    const int64_t a_start = today - 250 * kDay;
    const int64_t a_end = today - 215 * kDay;
    domain::ResearchProject a;
    a.topic = "农村居家养老服务情况蹲点调研";
    a.division_code = county;
    a.lead_user_id = secretary_.user_id;
    a.method = domain::ResearchMethod::kStayIn;
    for (const auto& p : a_places) a.places.push_back(p.code);
    a.starts_on_ms = a_start;
    a.ends_on_ms = a_end;
    a.summary = "县委主要领导带队，调研组驻村蹲点，同吃同住同劳动，摸清农村幸福院运营、失能老人照护和养老补贴发放情况。";
    clock_.Set(a_start - 5 * kDay + 10 * kHour);
    SIXIA_ASSIGN_OR_RETURN(auto pa, app_.research().CreateProject(officer_, actor_, a));
    ++report_.research_projects;
    static const struct {
      int day;
      const char* met_whom;
      const char* findings;
    } kVisitsA[] = {
        {2, "村两委干部、幸福院管理员、留守老人及家属",
         "村幸福院建成后只在节假日开放，日常无人值守，助餐服务因经费不足停办，老人反映“有院无人、有房无餐”。"},
        {9, "失能、半失能老人家属，村医，网格员",
         "失能老人主要靠配偶或子女照护，子女多在外务工，上门照护服务没有覆盖，村医每季度才随访一次。"},
        {16, "乡镇民政办干部、邻村幸福院负责人、老年协会会员",
         "邻村幸福院由老年协会自主运营、村集体补贴，运转较好；多数幸福院没有稳定的运营经费来源。"},
        {24, "独居老人、低保和特困供养对象、村妇女主任",
         "独居老人对助餐、代购、陪诊需求强烈，愿意自付部分费用；探访关爱制度停留在纸面，探访记录补写痕迹明显。"},
        {31, "村会计、高龄老人家属、乡镇财政所干部",
         "高龄津贴发放名单每年核对一次，个别已去世老人的津贴仍在发放，民政与户籍、死亡信息没有及时比对。"},
    };
    std::vector<int64_t> a_visits;
    for (size_t k = 0; k < std::size(kVisitsA); ++k) {
      domain::ResearchVisit v;
      v.visited_on_ms = a_start + kVisitsA[k].day * kDay;
      v.division_code = a_places[k % a_places.size()].code;
      v.people_met = Uniform(12, 40);
      v.met_whom = kVisitsA[k].met_whom;
      v.findings = kVisitsA[k].findings;
      clock_.Set(v.visited_on_ms + 19 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto row, app_.research().AddVisit(officer_, actor_, pa.project.id, v));
      a_visits.push_back(row.visit.id);
      ++report_.research_visits;
    }
    const int64_t a_items = a_end + 3 * kDay + 10 * kHour;  // The lists are drawn up after the stay.
    const Owner civil{&civil_, civil_.unit_id};
    {
      SIXIA_ASSIGN_OR_RETURN(int64_t p1, Problem(officer_, pa.project.id, "", "部分村级幸福院运营经费不足、长期闲置",
                                                 "幸福院“有院无人、有房无餐”，助餐服务停办，缺乏稳定运营经费来源。",
                                                 domain::ItemSource::kResearch, {a_visits[0], a_visits[2]}, a_items));
      SIXIA_ASSIGN_OR_RETURN(int64_t r1, Responsibility(officer_, p1, "县民政局牵头，乡镇人民政府配合", civil,
                                                        a_items + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r1, civil, "逐院排查闲置幸福院，制定“一院一策”激活方案",
                                  domain::TaskKind::kFixNow, a_items, 30, 21,
                                  "完成全县幸福院逐院排查，形成“一院一策”激活方案并经县民政局党组会研究通过，附排查台账和会议纪要",
                                  "闲置幸福院恢复开放并重启助餐服务", "幸福院助餐登记表、现场照片及老人满意度回访记录",
                                  verifier));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r1, civil, "制定农村幸福院运营补助和星级评定办法",
                                  domain::TaskKind::kInstitutional, a_items, 120, 135,
                                  "《霞浦县农村幸福院运营补助和星级评定办法》经县政府常务会议审议通过并印发，附印发文件",
                                  "幸福院运营经费纳入县级财政预算，按星级拨付补助", "县财政预算批复文件和首批补助拨付凭证",
                                  verifier));
      SIXIA_ASSIGN_OR_RETURN(int64_t p2, Problem(officer_, pa.project.id, "", "失能、半失能老人上门照护服务覆盖不足",
                                                 "失能老人主要靠家属照护，上门照护服务空白，探访关爱制度落实不到位、记录补写。",
                                                 domain::ItemSource::kResearch, {a_visits[1], a_visits[3]}, a_items));
      SIXIA_ASSIGN_OR_RETURN(int64_t r2, Responsibility(officer_, p2, "县民政局负责，村（居）委会落实探访", civil,
                                                        a_items + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r2, civil, "建立失能、半失能老人台账，落实村干部每周探访", domain::TaskKind::kFixNow,
                                  a_items, 30, 18,
                                  "全县失能、半失能老人台账建立完毕，逐人明确探访责任人，探访记录经乡镇民政办抽查核实",
                                  "失能老人每周探访到位，紧急情况及时发现处置",
                                  "探访记录抽查表、两起紧急送医处置记录", verifier));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r2, civil, "通过政府购买服务引入专业机构开展居家上门照护",
                                  domain::TaskKind::kInstitutional, a_items, 150, 0, "", "", "", verifier));
      SIXIA_ASSIGN_OR_RETURN(int64_t p3, Problem(officer_, pa.project.id, "", "高龄津贴发放信息未与户籍、死亡信息及时比对",
                                                 "高龄津贴名单每年核对一次，个别已去世老人的津贴仍在发放。",
                                                 domain::ItemSource::kResearch, {a_visits[4]}, a_items));
      SIXIA_ASSIGN_OR_RETURN(int64_t r3, Responsibility(officer_, p3, "县民政局负责，县公安局、县卫健局配合", civil,
                                                        a_items + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r3, civil, "对近三年高龄津贴发放名单开展一次全面核查",
                                  domain::TaskKind::kFixNow, a_items, 30, 25,
                                  "完成近三年高龄津贴发放名单全面核查，多发资金已全部追回，附核查清单和追回凭证",
                                  "高龄津贴发放名单与实际相符", "核查清单、资金追回凭证", verifier));
      // A long-term measure still running: its deadline lies ahead.
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r3, civil, "建立民政与公安户籍、卫健死亡信息按月比对机制",
                                  domain::TaskKind::kInstitutional, a_items, (today - a_items) / kDay + 45, 0, "", "",
                                  "", verifier));
    }

    // ---- A township project: 秸秆禁烧与人居环境, unannounced (四不两直) visits.
    const security::Principal* tb_lead = nullptr;
    std::string tb;
    int64_t pb_id = 0, pb_start = 0;
    for (const auto& t : townships_) {
      const security::Principal* p = TownshipLeader(t.code);
      if (!p || villages_of_[t.code].empty()) continue;
      if (!tb_lead || p == &t1_leader_) {  // The second township's head when there is one.
        tb_lead = p;
        tb = t.code;
      }
    }
    if (tb_lead) {
      const std::vector<Place>& b_villages = villages_of_[tb];
      const int64_t b_start = today - 160 * kDay;
      const int64_t b_end = today - 130 * kDay;
      domain::ResearchProject b;
      b.topic = "秸秆禁烧与农村人居环境整治“四不两直”调研";
      b.division_code = tb;
      b.lead_user_id = tb_lead->user_id;
      b.method = domain::ResearchMethod::kUnannounced;
      b.places = {tb};
      b.starts_on_ms = b_start;
      b.ends_on_ms = b_end;
      b.summary = "不发通知、不打招呼、不听汇报、不用陪同接待，直奔基层、直插现场，暗访秸秆禁烧和村庄清洁情况。";
      clock_.Set(b_start - 3 * kDay + 15 * kHour);
      SIXIA_ASSIGN_OR_RETURN(auto pb, app_.research().CreateProject(*tb_lead, actor_, b));
      ++report_.research_projects;
      pb_id = pb.project.id;
      pb_start = pb.project.starts_on_ms;
      static const struct {
        int day;
        const char* met_whom;
        const char* findings;
      } kVisitsB[] = {
          {1, "田间劳作群众、村网格员", "傍晚在村后田块发现三处秸秆焚烧痕迹，网格员巡查记录显示当日“无异常”，巡查流于形式。"},
          {6, "种植大户、农机手、村干部", "秸秆还田机械不足，收储点离村较远，农户觉得“烧了最省事”，禁烧宣传没有讲清替代办法。"},
          {13, "村保洁员、沿街住户、小卖部店主", "垃圾桶满溢无人清运，沟渠内塑料袋、杂物堆积，保洁员反映清运车每周只来一次。"},
          {22, "村民代表、老党员、村监委会成员", "村庄清洁行动“上级来检查才搞”，没有日常考评，群众参与度不高。"},
      };
      std::vector<int64_t> b_visits;
      for (size_t k = 0; k < std::size(kVisitsB); ++k) {
        domain::ResearchVisit v;
        v.visited_on_ms = b_start + kVisitsB[k].day * kDay;
        v.division_code = b_villages[k % std::min<size_t>(b_villages.size(), 3)].code;
        v.people_met = Uniform(6, 25);
        v.met_whom = kVisitsB[k].met_whom;
        v.findings = kVisitsB[k].findings;
        clock_.Set(v.visited_on_ms + 18 * kHour);
        SIXIA_ASSIGN_OR_RETURN(auto row, app_.research().AddVisit(*tb_lead, actor_, pb.project.id, v));
        b_visits.push_back(row.visit.id);
        ++report_.research_visits;
      }
      const int64_t b_items = b_end + 3 * kDay + 10 * kHour;
      const Owner gov{tb_lead, tb_lead->unit_id};
      SIXIA_ASSIGN_OR_RETURN(int64_t q1, Problem(*tb_lead, pb.project.id, "", "秸秆露天焚烧时有发生，网格巡查流于形式",
                                                 "暗访发现焚烧痕迹而巡查记录为“无异常”；还田机械和收储点不足。",
                                                 domain::ItemSource::kResearch, {b_visits[0], b_visits[1]}, b_items));
      SIXIA_ASSIGN_OR_RETURN(int64_t s1, Responsibility(*tb_lead, q1, "乡镇（街道）人民政府负责，各村网格员落实", gov,
                                                        b_items + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(*tb_lead, s1, gov, "落实网格员包片巡查和夜间巡防，建立巡查台账",
                                  domain::TaskKind::kFixNow, b_items, 15, 10,
                                  "各村网格员包片到田块，夜间巡防排班表和巡查台账已建立，乡镇每周暗访抽查",
                                  "秸秆焚烧火点明显减少，未再发现焚烧痕迹", "卫星火点监测截图及暗访抽查记录", verifier));
      SIXIA_RETURN_IF_ERROR(Chain(*tb_lead, s1, gov, "推广秸秆机械化还田和收储利用，建立奖补机制",
                                  domain::TaskKind::kInstitutional, b_items, 90, 80,
                                  "新增秸秆还田机两台、收储点一处，秸秆综合利用奖补办法经乡镇党政联席会议通过",
                                  "秸秆综合利用率提高，农户主动送储", "收储点过磅单和奖补资金发放名单", verifier));
      SIXIA_ASSIGN_OR_RETURN(int64_t q2, Problem(*tb_lead, pb.project.id, "", "村庄生活垃圾清运不及时，沟渠杂物堆积",
                                                 "清运车每周一次，垃圾桶满溢；村庄清洁“迎检才搞”，缺乏日常考评。",
                                                 domain::ItemSource::kResearch, {b_visits[2], b_visits[3]}, b_items));
      SIXIA_ASSIGN_OR_RETURN(int64_t s2, Responsibility(*tb_lead, q2, "乡镇（街道）人民政府负责，村委会落实", gov,
                                                        b_items + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(*tb_lead, s2, gov, "组织开展村庄清洁行动，清理沟渠和卫生死角", domain::TaskKind::kFixNow,
                                  b_items, 20, 12, "组织党员、志愿者开展村庄清洁行动，清理沟渠和卫生死角，清理前后照片存档",
                                  "沟渠畅通，房前屋后整洁", "清洁行动前后对比照片、群众满意度测评表", verifier));
      SIXIA_RETURN_IF_ERROR(Chain(*tb_lead, s2, gov, "建立村保洁员考评和垃圾清运日巡查制度",
                                  domain::TaskKind::kInstitutional, b_items, (today - b_items) / kDay + 30, 0, "", "",
                                  "", verifier));
    }

    // ---- A problem from a field-session issue: the same matter checked elsewhere (举一反三).
    if (fs_problem_.issue_id > 0 && fs_problem_.handler.person_user_id > 0) {
      const auto& f = fs_problem_;
      const int64_t at = f.raised_at + 7 * kDay;
      SIXIA_ASSIGN_OR_RETURN(int64_t p, Problem(officer_, std::nullopt, f.place.code,
                                                std::string("现场办公反映“") + f.seed->title + "”，同类问题需举一反三排查",
                                                f.seed->content, domain::ItemSource::kFieldSession, {f.issue_id}, at));
      const Owner owner{f.handler.closer, f.handler.unit_id, f.handler.person_user_id};
      SIXIA_ASSIGN_OR_RETURN(int64_t r, Responsibility(officer_, p, "现场办公交办单位负责举一反三", owner, at + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r, owner, "在全乡镇（街道）排查同类问题，建立台账逐一销号",
                                  domain::TaskKind::kFixNow, at, 30, 24,
                                  "完成全乡镇（街道）同类问题排查，建立问题台账，已整改事项逐一销号并附整改前后照片",
                                  "同类问题在全乡镇（街道）范围内得到解决", "排查台账、销号记录和回访记录", verifier));
    }

    // ---- A problem from a cluster of petitions on the same matter.
    std::vector<int64_t> cluster = PetitionCluster();
    if (cluster.size() >= 2) {
      const Topic& topic = kTopics[cluster_topic_];
      const Owner owner = std::string(topic.unit) == "civil" ? Owner{&civil_, civil_.unit_id}
                                                              : Owner{&resources_, resources_.unit_id};
      const int64_t at = std::min(cluster_last_ + 5 * kDay, now_ - kDay);
      SIXIA_ASSIGN_OR_RETURN(int64_t p, Problem(officer_, std::nullopt, county,
                                                std::string("多名群众信访反映“") + topic.title + "”，同类诉求集中",
                                                "同类信访事项在不同乡镇（街道）反复出现，反映出办理流程和政策执行中的共性问题。",
                                                domain::ItemSource::kPetitions, cluster, at));
      SIXIA_ASSIGN_OR_RETURN(int64_t r, Responsibility(officer_, p, "县直主管部门负责", owner, at + kHour));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r, owner, "逐件复核同类信访事项，限期答复信访人", domain::TaskKind::kFixNow, at,
                                  30, 20, "同类信访事项逐件复核完毕，均已书面答复信访人，附复核清单和答复送达回执",
                                  "同类信访事项按期答复，重复信访减少", "复核清单、送达回证和回访记录", verifier));
      SIXIA_RETURN_IF_ERROR(Chain(officer_, r, owner, "优化办理流程，向社会公开办理时限和进度查询方式",
                                  domain::TaskKind::kInstitutional, at, std::max<int64_t>(60, (now_ - at) / kDay + 40), 0,
                                  "", "", "", verifier));
    }

    // ---- Reports: two members' reports and the county's consolidated report (双报告).
    clock_.Set(now_);
    ReportInput r1;
    r1.division_code = county;
    r1.project_id = pa.project.id;
    r1.title = "关于全县农村居家养老服务情况的蹲点调研报告";
    r1.from_ms = a_start;
    r1.to_ms = tomorrow;
    r1.body =
        "按照县委关于大兴调查研究的部署，调研组到村蹲点，与群众同吃同住同劳动，深入了解农村居家养老服务情况。\n"
        "一、基本情况\n本课题共走访调研{{visits}}次，访谈群众{{people_met}}人，发现问题{{problems}}个，"
        "制定整改任务{{tasks}}项，已完成{{tasks_done}}项，逾期未完成{{tasks_overdue}}项，形成效果{{outcomes}}项。\n"
        "二、主要问题\n（一）幸福院“有院无人、有房无餐”，运营缺乏稳定经费；（二）失能、半失能老人上门照护服务覆盖不足，"
        "探访关爱制度落实不到位；（三）高龄津贴发放信息未与户籍、死亡信息及时比对。\n"
        "三、对策建议\n建立幸福院运营补助和星级评定制度，通过政府购买服务发展居家上门照护，建立部门间数据按月比对机制。";
    SIXIA_RETURN_IF_ERROR(app_.research().WriteReport(leader_, actor_, r1).status());
    ++report_.research_reports;
    if (tb_lead && pb_id > 0) {
      ReportInput r2;
      r2.division_code = tb;
      r2.project_id = pb_id;
      r2.title = "关于秸秆禁烧与农村人居环境整治情况的“四不两直”调研报告";
      r2.from_ms = pb_start;
      r2.to_ms = tomorrow;
      r2.body =
          "调研组采取“四不两直”方式，直奔田间地头和村庄角落暗访。\n"
          "一、基本情况\n共开展实地调研{{visits}}次，座谈群众{{people_met}}人，查找问题{{problems}}个，"
          "整改任务{{tasks}}项，已完成{{tasks_done}}项，形成效果{{outcomes}}项。\n"
          "二、主要问题\n网格巡查流于形式，秸秆还田和收储能力不足；村庄保洁缺乏日常考评，清运不及时。\n"
          "三、下一步打算\n坚持常态化暗访，建立秸秆综合利用奖补和村庄保洁考评长效机制。";
      SIXIA_RETURN_IF_ERROR(app_.research().WriteReport(*tb_lead, actor_, r2).status());
      ++report_.research_reports;
    }
    ConsolidateInput c;
    c.division_code = county;
    c.title = "霞浦县“四下基层”调查研究工作情况汇总报告";
    c.foreword =
        "为深入践行“四下基层”工作制度，县委组织县乡两级领导干部围绕农村居家养老服务、秸秆禁烧与人居环境整治等课题"
        "深入基层开展调查研究，把调研发现的问题纳入问题清单、责任清单、任务清单，逐项跟踪到效果清单。现将有关情况汇总报告如下。";
    c.from_ms = today - 364 * kDay;
    c.to_ms = tomorrow;
    SIXIA_RETURN_IF_ERROR(app_.research().Consolidate(secretary_, actor_, c).status());
    ++report_.research_reports;
    clock_.Set(now_);
    return Status::Ok();
  }

  const DemoPetitionReport& report() const { return report_; }

 private:
  int64_t Uniform(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[Uniform(0, N - 1)]; }

  Person NewPerson(int64_t at_ms) {
    Person p;
    p.place = villages_[Uniform(0, villages_.size() - 1)];
    p.input.name = std::string(Pick(kSurnames)) + Pick(kGiven);
    const domain::Date today = domain::DateOfMs(at_ms);
    const int year = today.year - static_cast<int>(Uniform(25, 80));
    const std::string first17 = fmt::format("350921{:04d}{:02d}{:02d}{:03d}", year, Uniform(1, 12),
                                            Uniform(1, 28), Uniform(100, 999));
    p.input.id_number = first17 + domain::IdNumberCheckChar(first17);
    p.input.phone = fmt::format("1{}{:09d}", Uniform(3, 9), Uniform(0, 999'999'999));
    p.input.address = "福建省宁德市霞浦县" + std::to_string(Uniform(1, 99)) + "号";
    p.input.division_code = p.place;
    return p;
  }

  PetitionInput Input(const Topic& topic, int64_t at_ms, domain::Channel channel) {
    PetitionInput in;
    in.channel = channel;
    in.petition_class = domain::PetitionClass::kGrievance;
    in.title = topic.title;
    in.content = topic.content;
    in.requests = topic.requests;
    const Person person = NewPerson(at_ms);
    in.division_code = person.place;
    in.petitioners = {person.input};
    in.received_at_ms = at_ms;
    return in;
  }

  Result<int64_t> Register(const PetitionInput& in, int64_t at_ms) {
    clock_.Set(at_ms);
    SIXIA_ASSIGN_OR_RETURN(auto r, app_.petitions().Register(officer_, actor_, in));
    ++report_.petitions;
    ++report_.events;
    return r.id;
  }

  // Runs one action at `at_ms`; returns false (OK) when that moment is still in the future.
  Status Do(const security::Principal& who, int64_t id, Action action, int64_t at_ms,
            ActionInput input) {
    if (at_ms > now_) return Status::Ok();
    clock_.Set(at_ms);
    SIXIA_RETURN_IF_ERROR(app_.petitions().Act(who, actor_, id, action, std::move(input)).status());
    ++report_.events;
    return Status::Ok();
  }

  Status Assign(int64_t id, const std::string& unit, int64_t at_ms) {
    ActionInput in;
    const security::Principal& handler = unit == "civil" ? civil_ : unit == "t0" ? t0_civil_ : resources_;
    in.lead_unit_id = handler.unit_id;
    in.deadline_note = "请于六十日内办结并书面答复";
    return Do(officer_, id, Action::kAssign, at_ms, std::move(in));
  }

  Status Decide(const security::Principal& who, int64_t id, const Topic& topic, int64_t at_ms,
                domain::DecisionOutcome outcome) {
    ActionInput in;
    in.request = topic.requests;
    in.facts = "经调查核实，信访人反映的情况基本属实。";
    in.reasons = "根据调查情况和有关政策规定，作出如下处理意见。";
    in.legal_basis = "《信访工作条例》第三十二条及相关政策规定";
    in.outcome = outcome;
    return Do(who, id, Action::kIssueDecision, at_ms, std::move(in));
  }

  Status Deliver(int64_t id, int64_t at_ms) { return Do(officer_, id, Action::kDeliver, at_ms, {}); }

  Status Rate(int64_t id, int64_t at_ms, domain::Resolution r, domain::Satisfaction s) {
    ActionInput in;
    in.resolution = r;
    in.satisfaction = s;
    return Do(officer_, id, Action::kRate, at_ms, std::move(in));
  }

  // ---- Helpers of the field sessions and the ledger.

  const security::Principal* TownshipLeader(const std::string& township) const {
    auto it = township_leader_.find(township);
    return it == township_leader_.end() ? nullptr : it->second;
  }

  // One workday (not a weekend nor a fixed-date public holiday, nor the 15th: the reception
  // day) in each of the last twelve months, oldest first: this month's when it is at least
  // three days past, else the same month a year ago after today's day (within 366 days).
  std::vector<domain::Date> SessionDays() {
    const domain::Date today = domain::DateOfMs(now_);
    auto off = [](const domain::Date& d) {
      return d.Weekday() >= 6 || d.day == 15 || (d.month == 1 && d.day == 1) || (d.month == 5 && d.day <= 5) ||
             (d.month == 10 && d.day <= 7);
    };
    auto day_in = [&](int back, int lo, int hi) {
      const int index = today.year * 12 + (today.month - 1) - back;
      domain::Date d{index / 12, index % 12 + 1, static_cast<int>(Uniform(lo, hi))};
      while (off(d)) d = d.AddDays(1);
      return d;
    };
    std::vector<domain::Date> days;
    for (int back = 11; back >= 1; --back) days.push_back(day_in(back, 3, 27));
    std::optional<domain::Date> current;
    if (today.day >= 8) current = day_in(0, 1, today.day - 7);
    if (!current || *current > today.AddDays(-3)) current = day_in(12, std::min(today.day + 2, 27), 27);
    days.push_back(*current);
    std::sort(days.begin(), days.end());
    return days;
  }

  // Where the sessions are held: the townships in turn, at one of their villages (村 first).
  std::vector<SessionPlace> SessionPlaces(int n) {
    std::vector<SessionPlace> out;
    for (int i = 0; i < n; ++i) {
      const Place& t = townships_[i % townships_.size()];
      const std::vector<Place>& vs = villages_of_[t.code];
      if (vs.empty()) {
        out.push_back({t.code, t.code, t.name + "便民服务中心"});
        continue;
      }
      const auto rural = std::count_if(vs.begin(), vs.end(), [](const Place& v) { return IsRuralVillage(v.name); });
      const Place& v = vs[Uniform(0, (rural > 0 ? rural : static_cast<int64_t>(vs.size())) - 1)];
      out.push_back({v.code, t.code, t.name + v.name});
    }
    return out;
  }

  // Who an assignment goes to: the county departments; the village committee where it has a
  // demo user; else the township government, answered for by its head or, in a township
  // without demo users, by the county leader who held the session (its closing is then
  // recorded by the county petition bureau).
  Handler HandlerFor(const IssueSeed& seed, const SessionPlace& place, const security::Principal& lead) {
    const std::string h = seed.handler;
    if (h == "civil") return {civil_.unit_id, civil_.user_id, &civil_};
    if (h == "resources") return {resources_.unit_id, resources_.user_id, &resources_};
    if (h == "village" && v0_cadre_.user_id > 0 && place.code == v0_code_)
      return {v0_cadre_.unit_id, v0_cadre_.user_id, &v0_cadre_};
    if (const security::Principal* p = TownshipLeader(place.township)) return {p->unit_id, p->user_id, p};
    if (auto it = gov_unit_of_.find(place.township); it != gov_unit_of_.end())
      return {it->second, lead.user_id, &officer_};
    return {civil_.unit_id, civil_.user_id, &civil_};
  }

  // An issue turned into a petition: registered (channel field_session) by the county
  // petition bureau and handled through the workflow as far as the present allows.
  Result<int64_t> FieldPetition(const IssueSeed& seed, const SessionPlace& place, const std::string& name, int people,
                                int64_t at) {
    PetitionInput in;
    in.channel = domain::Channel::kFieldSession;
    in.petition_class = domain::PetitionClass::kGrievance;
    in.title = seed.title;
    in.content = seed.content;
    in.requests = seed.requests;
    Person person = NewPerson(at);
    person.input.name = name;
    person.input.division_code = place.code;
    in.division_code = place.code;
    in.petitioners = {person.input};
    in.group_size = people;
    in.received_at_ms = at;
    SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(in, at));
    const std::string unit = std::string(seed.handler) == "resources" ? "resources"
                             : place.code.rfind(t0_code_, 0) == 0  ? "t0"
                                                                   : "civil";
    const Topic topic{seed.title, seed.content, seed.requests, unit == "resources" ? "resources" : "civil"};
    const security::Principal& handler = unit == "civil" ? civil_ : unit == "t0" ? t0_civil_ : resources_;
    const int64_t accepted = at + kDay + kHour;
    SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, accepted, {}));
    SIXIA_RETURN_IF_ERROR(Assign(id, unit, accepted + kHour));
    SIXIA_RETURN_IF_ERROR(Do(handler, id, Action::kSign, accepted + 5 * kHour, {}));
    const int64_t decided = accepted + Uniform(15, 45) * kDay;
    SIXIA_RETURN_IF_ERROR(Decide(handler, id, topic, decided, domain::DecisionOutcome::kSupport));
    SIXIA_RETURN_IF_ERROR(Deliver(id, decided + 2 * kDay));
    SIXIA_RETURN_IF_ERROR(Rate(id, decided + 8 * kDay, domain::Resolution::kSolved, domain::Satisfaction::kSatisfied));
    SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kClose, decided + 40 * kDay, {}));
    return id;
  }

  Result<int64_t> Problem(const security::Principal& who, std::optional<int64_t> project_id,
                          const std::string& division, std::string title, std::string detail, domain::ItemSource source,
                          std::vector<int64_t> source_ids, int64_t at) {
    ItemInput in;
    in.kind = domain::ItemKind::kProblem;
    in.project_id = project_id;
    in.division_code = division;
    in.title = std::move(title);
    in.detail = std::move(detail);
    in.source = source;
    in.source_ids = std::move(source_ids);
    clock_.Set(at);
    SIXIA_ASSIGN_OR_RETURN(auto row, app_.research().AddItem(who, actor_, std::move(in)));
    ++report_.ledger_items;
    return row.item.id;
  }

  Result<int64_t> Responsibility(const security::Principal& who, int64_t problem, const char* title, const Owner& owner,
                                 int64_t at) {
    ItemInput in;
    in.kind = domain::ItemKind::kResponsibility;
    in.parent_id = problem;
    in.title = title;
    in.unit_id = owner.unit_id;
    in.person_user_id = owner.person();
    clock_.Set(at);
    SIXIA_ASSIGN_OR_RETURN(auto row, app_.research().AddItem(who, actor_, std::move(in)));
    ++report_.ledger_items;
    return row.item.id;
  }

  // A task under `parent` drawn up at `base_ms` with a deadline `deadline_days` later; reported
  // done by its responsible person `close_day` days later (0: still open) with `evidence`,
  // and then, if `outcome` is given, the change verified a week or two after.
  Status Chain(const security::Principal& who, int64_t parent, const Owner& owner, const char* title,
               domain::TaskKind kind, int64_t base_ms, int64_t deadline_days, int64_t close_day,
               const std::string& evidence, const std::string& outcome, const std::string& outcome_evidence,
               const security::Principal& verifier) {
    ItemInput t;
    t.kind = domain::ItemKind::kTask;
    t.parent_id = parent;
    t.title = title;
    t.unit_id = owner.unit_id;
    t.person_user_id = owner.person();
    t.task_kind = kind;
    t.deadline_ms = domain::StartOfDayMs(domain::DateOfMs(base_ms).AddDays(deadline_days + 1));
    clock_.Set(base_ms + 2 * kHour);
    SIXIA_ASSIGN_OR_RETURN(auto task, app_.research().AddItem(who, actor_, std::move(t)));
    ++report_.ledger_items;
    if (close_day <= 0) return Status::Ok();
    const int64_t done_at = base_ms + close_day * kDay + 6 * kHour;
    if (done_at > now_) return Status::Ok();
    clock_.Set(done_at);
    SIXIA_RETURN_IF_ERROR(app_.research().CloseItem(*owner.closer, actor_, task.item.id, evidence).status());
    if (outcome.empty()) return Status::Ok();
    const int64_t verified_at = done_at + Uniform(7, 20) * kDay;
    if (verified_at > now_) return Status::Ok();
    ItemInput o;
    o.kind = domain::ItemKind::kOutcome;
    o.parent_id = task.item.id;
    o.title = outcome;
    o.evidence = outcome_evidence;
    o.verified_by = verifier.user_id;
    clock_.Set(verified_at);
    SIXIA_RETURN_IF_ERROR(app_.research().AddItem(who, actor_, std::move(o)).status());
    ++report_.ledger_items;
    return Status::Ok();
  }

  // Petitions of the past year on the same matter, received over three months ago (so that
  // the lists drawn from them could be worked through): the latest 2–3 of the most frequent.
  std::vector<int64_t> PetitionCluster() {
    for (int pass = 0; pass < 2; ++pass) {
      std::map<int, std::vector<YearPetition>> by_topic;
      for (const auto& p : year_petitions_)
        if (pass == 1 || p.received_at_ms < now_ - 90 * kDay) by_topic[p.topic].push_back(p);
      std::vector<YearPetition> best;
      for (const auto& [topic, ps] : by_topic)
        if (ps.size() > best.size()) best = ps;
      if (best.size() < 2) continue;
      std::stable_sort(best.begin(), best.end(), [](const YearPetition& a, const YearPetition& b) {
        return a.received_at_ms < b.received_at_ms;
      });
      std::vector<int64_t> ids;
      for (size_t k = best.size() - std::min<size_t>(3, best.size()); k < best.size(); ++k) ids.push_back(best[k].id);
      cluster_topic_ = best.back().topic;
      cluster_last_ = best.back().received_at_ms;
      return ids;
    }
    return {};
  }

  Status OnePetition(int64_t t) {
    const Topic& topic = Pick(kTopics);
    static constexpr std::pair<domain::Channel, int> kChannels[] = {
        {domain::Channel::kVisit, 35},        {domain::Channel::kLetter, 10},
        {domain::Channel::kPhone, 10},        {domain::Channel::kOnline, 25},
        {domain::Channel::kHotline12345, 10}, {domain::Channel::kReceptionDay, 5},
        {domain::Channel::kFieldSession, 3},  {domain::Channel::kOutreachVisit, 2}};
    int roll = static_cast<int>(Uniform(0, 99));
    domain::Channel channel = domain::Channel::kVisit;
    for (const auto& [c, weight] : kChannels) {
      if (roll < weight) {
        channel = c;
        break;
      }
      roll -= weight;
    }
    PetitionInput in = Input(topic, t, channel);
    if (!leaves_.empty()) in.category_code = leaves_[Uniform(0, std::min<int64_t>(leaves_.size(), 60) - 1)];
    // Some people come back with the same matter (repeats), some petitions come from groups.
    const bool repeat = !earlier_.empty() && Chance(0.08);
    int64_t earlier_id = 0;
    size_t earlier_index = 0;
    if (repeat) {
      earlier_index = Uniform(0, earlier_.size() - 1);
      const auto& [person, place, category, first_id] = earlier_[earlier_index];
      in.petitioners = {person};
      in.division_code = place;
      in.category_code = category;
      earlier_id = first_id;
    }
    if (Chance(0.05)) in.group_size = static_cast<int>(Uniform(6, 30));
    if (Chance(0.08)) in.petition_class = domain::PetitionClass::kSuggestion;
    SIXIA_ASSIGN_OR_RETURN(int64_t id, Register(in, t));
    if (!repeat) {
      earlier_.emplace_back(in.petitioners.front(), in.division_code, in.category_code, id);
      year_petitions_.push_back({id, static_cast<int>(&topic - kTopics), t});
    }
    if (repeat) {
      // The same person on the same matter: merged while the first is open (并单), refused
      // when it is final (Art. 36), otherwise a new round.
      SIXIA_ASSIGN_OR_RETURN(auto first, app_.petitions().Get(officer_, earlier_id));
      if (first.state.state == domain::State::kFinal) {
        ActionInput d;
        d.reason = "同一事项已复核终结，不再受理（第三十六条）";
        d.route = "原处理意见已终结";
        return Do(officer_, id, Action::kDecline, t + kDay, std::move(d));
      }
      if (domain::IsOpen(first.state.state)) {
        ActionInput m;
        m.into_petition_id = earlier_id;
        return Do(officer_, id, Action::kMerge, t + kHour, std::move(m));
      }
      std::get<3>(earlier_[earlier_index]) = id;  // A new round: later repeats meet this one.
    }

    if (Chance(0.03)) {
      ActionInput d;
      d.reason = "该事项属于人民法院受理范围";
      d.route = "请依法向霞浦县人民法院提起诉讼";
      d.legal_litigation = true;
      return Do(officer_, id, Action::kDecline, t + Uniform(1, 5) * kDay, std::move(d));
    }
    if (Chance(0.04)) {
      ActionInput o;
      o.owning_leader_user_id = Chance(0.5) ? leader_.user_id : secretary_.user_id;
      SIXIA_RETURN_IF_ERROR(Do(leader_, id, Action::kSetOwningLeader, t + kHour, std::move(o)));
    }
    // Disposal: usually within days; a few late (the dispose clock runs out).
    const int64_t accepted = t + (Chance(0.04) ? Uniform(16, 25) : Uniform(0, 5)) * kDay + kHour;
    SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kAccept, accepted, {}));
    const std::string unit = in.division_code.rfind(t0_code_, 0) == 0 && std::string(topic.unit) == "civil"
                                 ? "t0"
                                 : topic.unit;
    SIXIA_RETURN_IF_ERROR(Assign(id, unit, accepted + kHour));
    const security::Principal& handler = unit == "civil" ? civil_ : unit == "t0" ? t0_civil_ : resources_;
    SIXIA_RETURN_IF_ERROR(Do(handler, id, Action::kSign, accepted + Uniform(2, 30) * kHour, {}));
    // Handling: mostly within the 60 days; some extended, some simply late.
    int64_t decided = accepted + Uniform(7, 50) * kDay;
    if (Chance(0.05)) {
      ActionInput e;
      e.days = static_cast<int>(Uniform(10, 30));
      e.reason = "需要补充调查取证";
      const security::Principal& head = unit == "t0" ? t0_leader_ : leader_;
      SIXIA_RETURN_IF_ERROR(Do(head, id, Action::kExtend, accepted + 40 * kDay, std::move(e)));
      decided = accepted + Uniform(55, 80) * kDay;
    } else if (Chance(0.05)) {
      decided = accepted + Uniform(62, 90) * kDay;
    }
    const auto outcome = Chance(0.6)   ? domain::DecisionOutcome::kSupport
                         : Chance(0.5) ? domain::DecisionOutcome::kExplain
                                       : domain::DecisionOutcome::kReject;
    SIXIA_RETURN_IF_ERROR(Decide(handler, id, topic, decided, outcome));
    SIXIA_RETURN_IF_ERROR(Deliver(id, decided + Uniform(1, 3) * kDay));
    const int64_t rated = decided + Uniform(5, 10) * kDay;
    const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    const bool unhappy = r > 0.9;
    SIXIA_RETURN_IF_ERROR(
        Rate(id, rated,
             unhappy ? domain::Resolution::kUnsolved
             : r > 0.75 ? domain::Resolution::kPartlySolved
                        : domain::Resolution::kSolved,
             unhappy ? domain::Satisfaction::kUnsatisfied
             : r > 0.7 ? domain::Satisfaction::kBasicallySatisfied
                       : domain::Satisfaction::kSatisfied));
    if (unhappy && Chance(0.5)) {
      // The petitioner asks for a 复查 within the 30 days.
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kRequestReview, rated + kDay, {}));
      ActionInput review;
      review.request = topic.requests;
      review.facts = "复查认定的事实与原处理意见一致。";
      review.reasons = "原处理意见认定事实清楚，适用依据正确。";
      review.legal_basis = "《信访工作条例》第三十五条";
      review.outcome = domain::DecisionOutcome::kExplain;
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kIssueReview, rated + 20 * kDay, std::move(review)));
      SIXIA_RETURN_IF_ERROR(Do(officer_, id, Action::kDeliver, rated + 22 * kDay, {}));
      return Do(officer_, id, Action::kClose, rated + 55 * kDay, {});
    }
    if (unhappy) {
      ActionInput redo;
      redo.reason = "信访人不满意，重新办理";
      return Do(officer_, id, Action::kRedo, rated + kDay, std::move(redo));
    }
    return Do(officer_, id, Action::kClose, decided + 35 * kDay, {});
  }

  App& app_;
  ManualClock& clock_;
  std::mt19937_64 rng_;
  const int64_t now_;
  const Actor actor_{0, "cli:demo", "cli"};
  security::Principal officer_, leader_, secretary_, civil_, resources_, t0_civil_, t0_leader_;
  security::Principal t1_leader_, v0_cadre_, supervisor_;  // Optional (user_id 0 when missing).
  std::vector<std::string> villages_;
  std::vector<Place> townships_;
  std::map<std::string, std::vector<Place>> villages_of_;  // By township code, 村 before 社区.
  std::map<int64_t, std::string> unit_division_;           // Unit id → its place.
  std::map<std::string, int64_t> unit_by_name_;
  std::map<std::string, int64_t> gov_unit_of_;             // Township code → its government.
  std::map<std::string, const security::Principal*> township_leader_;
  std::string v0_code_;                                    // v0_cadre's village.
  std::vector<YearPetition> year_petitions_;
  struct {
    int64_t issue_id = 0;
    const IssueSeed* seed = nullptr;
    SessionPlace place;
    int64_t raised_at = 0;
    Handler handler;
  } fs_problem_;  // The field-session issue the ledger takes up.
  int cluster_topic_ = 0;
  int64_t cluster_last_ = 0;
  std::vector<std::string> leaves_;
  std::string t0_code_;
  std::vector<std::tuple<PersonInput, std::string, std::string, int64_t>> earlier_;
  DemoPetitionReport report_;
};

}  // namespace

Result<DemoPetitionReport> AddDemoPetitions(const Options& options, int count, uint64_t seed,
                                            int64_t now_ms) {
  if (count < 0 || count > 2'000'000)
    return InvalidArgument("--petitions must be 0..2000000", "--petitions 取值为0到2000000", "petitions");
  auto clock = std::make_unique<ManualClock>(now_ms);
  ManualClock* manual = clock.get();
  SIXIA_ASSIGN_OR_RETURN(auto app, App::Open(options, std::move(clock)));
  Generator gen(*app, *manual, seed, now_ms);
  SIXIA_RETURN_IF_ERROR(gen.Init());
  SIXIA_RETURN_IF_ERROR(gen.ReceptionDay1988());
  SIXIA_RETURN_IF_ERROR(gen.Session1988());
  SIXIA_RETURN_IF_ERROR(gen.Year(count));
  if (count > 0) {
    SIXIA_RETURN_IF_ERROR(gen.Activities(std::clamp(count / 10, 20, 400)));
    SIXIA_RETURN_IF_ERROR(gen.FieldSessions());
    SIXIA_RETURN_IF_ERROR(gen.Research());
  }
  return gen.report();
}

}  // namespace sixia::app
