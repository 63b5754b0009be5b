"""Research (调查研究), the ledger (清单) and research reports over HTTP against the real binary.

POST/GET /api/v1/research-projects, GET /api/v1/research-projects/{id}, POST …/{id}/visits,
POST /api/v1/ledger-items, GET/PATCH /api/v1/ledger-items/{id}, POST …/{id}/close, …/{id}/reopen,
GET /api/v1/ledger/open-tasks, GET /api/v1/ledger/report, POST/GET /api/v1/research-reports,
POST /api/v1/research-reports/consolidate, GET /api/v1/research-reports/{id}: a project with
visits whose findings become problem → responsibility → task → outcome, traced both ways and
rolled up; problems opened from petitions and field-session issues; a township's open tasks
by deadline and its report of overdue tasks and problems nobody answers for; reports whose
figures are filled in from the records and checked against them (placeholders such as
"X余次", stated figures that differ), consolidated upward; every bad input the issue lists
(the error and nothing changed) and access (permission, scope, the task's own person).

One server per class; each test keeps to records of its own (its own project or problem).

Small division tree of the harness (霞浦县 350921):
  松城街道 350921001 (t0): 龙津社区 350921001001, 西关社区 350921001002
  长春镇   350921101 (t1): 莲花山社区 350921101001, 洪江村 350921101201
Users (src/app/demo_data.cc): xp_officer (petition_officer, county) and t0_officer
(松城街道) and t1_leader (长春镇) hold research.manage; xp_viewer only activity.read;
xp_civil (unit_handler of 霞浦县民政局) neither; xp_auditor reads the audit log.
"""

import datetime

from sixia_harness import COUNTY, T0, T1, ServerTestCase, query as q
from test_field_sessions import new_petitioner

PROJECTS = "/api/v1/research-projects"
ITEMS = "/api/v1/ledger-items"
OPEN_TASKS = "/api/v1/ledger/open-tasks"
LEDGER_REPORT = "/api/v1/ledger/report"
REPORTS = "/api/v1/research-reports"

T0_V1 = "350921001001"  # 龙津社区
T1_V2 = "350921101201"  # 洪江村

CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.timedelta(days=1)


def today():
    return datetime.datetime.now(CHINA).date()


def iso(d):
    return d.isoformat()


class ResearchTest(ServerTestCase):
    logins = ("xp_officer", "t0_officer", "t1_leader", "xp_viewer", "xp_civil", "xp_auditor")

    @classmethod
    def set_up_class(cls):
        cls.auditor = cls.c["xp_auditor"]
        cls.civil_unit = next(u for u in cls.admin.units() if u["name"] == "霞浦县民政局")

    # ---- helpers

    def ok(self, r, status=201):
        self.assertEqual(r.status, status, r)
        return r.json()

    def project(self, client=None, **over):
        body = {"topic": "农村养老服务调研", "division_code": COUNTY, "lead_user_id": self.uid["xp_officer"],
                "method": "stay_in", "places": [T1, T0_V1], "starts_on": iso(today() - 20 * DAY),
                "ends_on": iso(today() + 10 * DAY), "summary": "蹲点了解居家养老服务需求"}
        body.update(over)
        return (client or self.c["xp_officer"]).post(PROJECTS, body)

    def item(self, kind, client=None, **fields):
        body = {"kind": kind, "title": fields.pop("title", f"{kind} of a test")}
        if kind == "responsibility":
            body.update(unit_id=self.civil_unit["id"], person_user_id=self.uid["xp_civil"])
        if kind == "task":
            body.update(person_user_id=self.uid["xp_civil"], unit_id=self.civil_unit["id"],
                        deadline=iso(today() + 30 * DAY), task_kind="fix_now")
        if kind == "outcome":
            body.update(evidence="护理员到岗3名，服务台账已建立", verified_by=self.uid["xp_officer"])
        body.update(fields)
        body = {k: v for k, v in body.items() if v is not None}
        return (client or self.c["xp_officer"]).post(ITEMS, body)

    def chain(self, place=T1_V2):
        """A root problem at `place` with a responsibility and a task under it: their ids."""
        p = self.ok(self.item("problem", division_code=place, source="supervision"))
        r = self.ok(self.item("responsibility", parent_id=p["id"]))
        t = self.ok(self.item("task", parent_id=r["id"]))
        return p["id"], r["id"], t["id"]

    def get_item(self, item_id):
        return self.ok(self.c["xp_officer"].get(f"{ITEMS}/{item_id}"), 200)

    def snapshot(self, item_id):
        """What a refused request must leave unchanged: the item traced both ways, and the
        length of the audit log."""
        return self.get_item(item_id), self.auditor.audit_count()

    def assertRefused(self, resp, status, code, field, before, item_id):
        self.assertError(resp, status, code, field=field)
        self.assertEqual(self.snapshot(item_id), before, "a refused request must change nothing")

    # -----------------------------------------------------------------------------------
    # 1. A project's findings become the four lists, traced both ways and rolled up

    def test_project_visits_and_the_problem_to_outcome_chain(self):
        officer = self.c["xp_officer"]
        # Given a stay-in project with a visit in one of its places
        project = self.ok(self.project())
        self.assertEqual(project["places"], sorted([T1, T0_V1]))
        self.assertEqual(project["method_label"], "蹲点调研")
        visit = self.ok(officer.post(f"{PROJECTS}/{project['id']}/visits",
                                     {"visited_on": iso(today() - 5 * DAY), "division_code": T1_V2,
                                      "people_met": 23, "met_whom": "村干部、老年人代表",
                                      "findings": "村级养老服务站缺少护理员"}))
        # When the finding becomes a problem with a responsibility, two tasks and an outcome
        problem = self.ok(self.item("problem", project_id=project["id"], source="research",
                                    source_ids=[visit["id"]], title="养老服务站缺少护理员"))
        self.assertEqual(problem["division_code"], COUNTY)  # Inherited from the project.
        resp = self.ok(self.item("responsibility", parent_id=problem["id"]))
        fix = self.ok(self.item("task", parent_id=resp["id"], title="招聘护理员"))
        rule = self.ok(self.item("task", parent_id=resp["id"], title="建立护理员补贴制度", task_kind="institutional"))
        self.assertEqual(rule["task_kind_label"], "长久立")
        self.assertEqual(fix["project_id"], project["id"])
        closed = self.ok(officer.post(f"{ITEMS}/{fix['id']}/close", {"evidence": "已招聘护理员3名，合同见附件"}), 200)
        self.assertEqual(closed["status"], "done")
        outcome = self.ok(self.item("outcome", parent_id=fix["id"], title="服务站每日有人值守"))

        # Then the outcome traces back to the problem, and the problem forward to everything
        traced = self.get_item(outcome["id"])
        self.assertEqual([a["id"] for a in traced["ancestors"]], [problem["id"], resp["id"], fix["id"]])
        down = self.get_item(problem["id"])
        self.assertEqual(sorted(d["id"] for d in down["subtree"]),
                         sorted([resp["id"], fix["id"], rule["id"], outcome["id"]]))
        # And progress rolls up: one of two tasks done
        self.assertEqual(down["progress"], {"tasks": 2, "done": 1, "overdue": 0, "outcomes": 1, "ratio": 0.5})
        got = self.ok(officer.get(f"{PROJECTS}/{project['id']}"), 200)
        self.assertEqual([v["id"] for v in got["visits"]], [visit["id"]])
        self.assertEqual(got["problems"][0]["progress"]["ratio"], 0.5)
        self.assertEqual(got["figures"], {"projects": 1, "visits": 1, "people_met": 23, "problems": 1, "tasks": 2,
                                          "tasks_done": 1, "tasks_overdue": 0, "outcomes": 1})
        listed = officer.all_before_id(PROJECTS + q(division=T1, **{"from": iso(today()), "to": iso(today())}))
        self.assertNotIn(project["id"], [p["id"] for p in listed], "listed under its organiser's division")
        listed = officer.all_before_id(PROJECTS + q(division=COUNTY, **{"from": iso(today()), "to": iso(today())}))
        self.assertIn(project["id"], [p["id"] for p in listed])

    def test_reopening_needs_a_reason_and_is_audited(self):
        officer = self.c["xp_officer"]
        _, _, task = self.chain()
        self.ok(officer.post(f"{ITEMS}/{task}/close", {"evidence": "路灯已修复，现场照片2张"}), 200)
        before = self.snapshot(task)
        self.assertRefused(officer.post(f"{ITEMS}/{task}/reopen", {"reason": "  "}), 422, "unprocessable",
                           "reason", before, task)
        self.assertRefused(officer.post(f"{ITEMS}/{task}/close", {"evidence": "再次办结"}), 409, "conflict",
                           "status", before, task)
        reopened = self.ok(officer.post(f"{ITEMS}/{task}/reopen", {"reason": "群众反映仍未修好"}), 200)
        self.assertEqual((reopened["status"], reopened["evidence"], reopened["done_at"]), ("open", "", None))
        actions = [r["action"] for r in self.auditor.audit_records()[-3:]]
        self.assertEqual(actions[-2:], ["ledger.close", "ledger.reopen"])

    # -----------------------------------------------------------------------------------
    # 2. Problems from other sources

    def test_problems_from_petitions_and_field_session_issues(self):
        officer = self.c["xp_officer"]
        ids = []
        for _ in range(2):
            body = {"channel": "visit", "petition_class": "grievance", "title": "村道照明缺失",
                    "content": "村道路灯缺失，夜间出行不便，多名群众先后来访反映。", "requests": "请求安装路灯",
                    "division_code": T1_V2, "petitioners": [dict(new_petitioner(), division_code=T1_V2)]}
            ids.append(self.ok(officer.post("/api/v1/petitions", body))["id"])
        cluster = self.ok(self.item("problem", division_code=T1, source="petitions", source_ids=ids,
                                    title="同类信访反映集中：村道照明"))
        self.assertEqual((cluster["source"], cluster["source_ids"]), ("petitions", ids))
        # A petition that does not exist (or is hidden) is refused naming the field
        before = self.auditor.audit_count()
        self.assertError(self.item("problem", division_code=T1, source="petitions", source_ids=[ids[0], 99999999]),
                         422, "unprocessable", field="source_ids")
        self.assertError(self.item("problem", division_code=T1, source="field_session", source_ids=[99999999]),
                         422, "unprocessable", field="source_ids")
        self.assertError(self.item("problem", division_code=T1, source="petitions"), 400, "invalid_argument",
                         field="source_ids")
        self.assertEqual(self.auditor.audit_count(), before)
        # A field-session issue
        session = self.ok(officer.post("/api/v1/field-sessions", {
            "division_code": T1_V2, "venue": "洪江村委会", "held_on": iso(today()), "topic": "民生诉求现场办公",
            "leader_user_ids": [self.uid["t1_leader"]]}))
        issue = self.ok(officer.post(f"/api/v1/field-sessions/{session['id']}/issues",
                                     {"content": "村道无路灯，夜间出行不便", "people": 4}))
        from_issue = self.ok(self.item("problem", division_code=T1_V2, source="field_session",
                                       source_ids=[issue["id"]], title="村道照明"))
        self.assertEqual(from_issue["source_ids"], [issue["id"]])

    # -----------------------------------------------------------------------------------
    # 3. Bad input: the error, and nothing changed

    def test_every_listed_bad_item_is_refused_and_changes_nothing(self):
        officer = self.c["xp_officer"]
        problem, resp, task = self.chain()
        before = self.snapshot(problem)
        # A task without deadline or responsible person
        self.assertRefused(self.item("task", parent_id=resp, deadline=None), 400, "invalid_argument", "deadline",
                           before, problem)
        self.assertRefused(self.item("task", parent_id=resp, person_user_id=None), 400, "invalid_argument",
                           "person_user_id", before, problem)
        self.assertRefused(self.item("task", parent_id=resp, task_kind=None), 400, "invalid_argument",
                           "task_kind", before, problem)
        # An outcome for a task that is not done
        self.assertRefused(self.item("outcome", parent_id=task), 422, "unprocessable", "parent_id", before, problem)
        # An item closed without evidence where evidence is required
        self.assertRefused(officer.post(f"{ITEMS}/{task}/close", {}), 422, "unprocessable", "evidence", before,
                           problem)
        self.assertRefused(officer.post(f"{ITEMS}/{task}/close", {"evidence": "   "}), 422, "unprocessable",
                           "evidence", before, problem)
        # A cycle in parent/child links: the problem under its own descendant (a problem may
        # sit under a problem, so the shape is legal and only the cycle refuses it)
        sub = self.ok(self.item("problem", parent_id=problem, title="子问题"))
        before = self.snapshot(problem)
        self.assertRefused(officer.patch(f"{ITEMS}/{problem}", {"parent_id": sub["id"]}), 422, "unprocessable",
                           "parent_id", before, problem)
        self.assertRefused(officer.patch(f"{ITEMS}/{problem}", {"parent_id": problem}), 422, "unprocessable",
                           "parent_id", before, problem)
        # Wrong shapes: a task at the top, a responsibility under a task, unknown kind / fields
        self.assertRefused(self.item("task", division_code=T1_V2), 422, "unprocessable", "parent_id", before, problem)
        self.assertRefused(self.item("responsibility", parent_id=task), 422, "unprocessable", "parent_id", before,
                           problem)
        self.assertRefused(self.item("risk", parent_id=problem), 400, "invalid_argument", "kind", before, problem)
        self.assertRefused(self.item("task", parent_id=resp, deadline="2026-02-30"), 400, "invalid_argument",
                           "deadline", before, problem)
        self.assertRefused(self.item("task", parent_id=resp, evidence="提前写好的佐证"), 422, "unprocessable",
                           "evidence", before, problem)
        self.assertRefused(self.item("problem", parent_id=problem, title=" "), 400, "invalid_argument", "title",
                           before, problem)
        self.assertRefused(self.item("problem", parent_id=problem, owner="x"), 400, "invalid_argument", "owner",
                           before, problem)
        self.assertRefused(self.item("task", parent_id=resp, person_user_id=99999999), 422, "unprocessable",
                           "person_user_id", before, problem)

    def test_bad_projects_visits_and_reports_are_refused(self):
        officer = self.c["xp_officer"]
        project = self.ok(self.project(topic="解剖式调研：一起重复信访"))
        pid = project["id"]
        before = (self.ok(officer.get(f"{PROJECTS}/{pid}"), 200), self.auditor.audit_count())

        def refused(resp, status, code, field):
            self.assertError(resp, status, code, field=field)
            self.assertEqual((self.ok(officer.get(f"{PROJECTS}/{pid}"), 200), self.auditor.audit_count()), before)

        # Dates in the wrong order
        refused(self.project(starts_on=iso(today()), ends_on=iso(today() - DAY)), 400, "invalid_argument", "ends_on")
        refused(officer.post(REPORTS, {"division_code": T1, "title": "报告", "body": "正文", "from": iso(today()),
                                       "to": iso(today() - DAY)}), 400, "invalid_argument", "to")
        refused(officer.post(f"{REPORTS}/consolidate", {"division_code": T1, "title": "汇总", "from": iso(today()),
                                                        "to": iso(today() - 3 * DAY)}), 400, "invalid_argument", "to")
        # Other bad projects
        refused(self.project(method="random"), 400, "invalid_argument", "method")
        refused(self.project(places=[]), 400, "invalid_argument", "places")
        refused(self.project(places=["350902000000"]), 422, "unprocessable", "places")  # Outside scope.
        refused(self.project(lead_user_id=99999999), 422, "unprocessable", "lead_user_id")
        # Visits outside the period or the places, or with an absurd number of people
        visit = {"visited_on": iso(today()), "division_code": T1_V2, "people_met": 5, "findings": "发现"}
        for over, status, code, field in (({"visited_on": iso(today() + 11 * DAY)}, 422, "unprocessable", "visited_on"),
                                          ({"visited_on": iso(today() - 21 * DAY)}, 422, "unprocessable", "visited_on"),
                                          ({"division_code": "350921001002"}, 422, "unprocessable", "division_code"),
                                          ({"people_met": -1}, 400, "invalid_argument", "people_met"),
                                          ({"people_met": 1000000}, 400, "invalid_argument", "people_met"),
                                          ({"findings": " "}, 400, "invalid_argument", "findings")):
            refused(officer.post(f"{PROJECTS}/{pid}/visits", dict(visit, **over)), status, code, field)
        # A report with an unknown figure
        refused(officer.post(REPORTS, {"division_code": T1, "title": "报告", "body": "走访{{visit}}次",
                                       "from": iso(today()), "to": iso(today())}), 400, "invalid_argument", "body")

    # -----------------------------------------------------------------------------------
    # 4. Open tasks and the ledger report

    def test_open_tasks_by_deadline_and_the_report(self):
        officer = self.c["xp_officer"]
        # Given, in 洪江村 (长春镇), a problem with tasks due in 3, 1 and 2 days and one overdue
        problem = self.ok(self.item("problem", division_code=T1_V2, source="other", title="open-task test"))
        due = {}
        for days in (3, 1, 2, -2):
            t = self.ok(self.item("task", parent_id=problem["id"], deadline=iso(today() + days * DAY),
                                  title=f"due {days}"))
            due[days] = t["id"]
        orphan = self.ok(self.item("problem", division_code=T1_V2, title="没有责任人的问题"))
        # When 长春镇's open tasks are read page by page
        ids, url = [], OPEN_TASKS + q(division=T1, limit=2)
        while url:
            page = self.ok(officer.get(url), 200)
            ids += [i["id"] for i in page["items"]]
            nxt = page.get("next")
            url = OPEN_TASKS + q(division=T1, limit=2, **nxt) if nxt else None
        # Then they come by deadline, the overdue one first and flagged
        mine = [i for i in ids if i in due.values()]
        self.assertEqual(mine, [due[-2], due[1], due[2], due[3]])
        overdue = self.ok(officer.get(OPEN_TASKS + q(division=T1, overdue="true", limit=200)), 200)["items"]
        self.assertIn(due[-2], [i["id"] for i in overdue])
        self.assertTrue(all(i["overdue"] for i in overdue))
        self.assertNotIn(due[1], [i["id"] for i in overdue])
        # The person's own list
        civil = self.c["xp_civil"]
        self.assertError(civil.get(OPEN_TASKS + q(division=T1, mine="true")), 403, "permission_denied")
        report = self.ok(officer.get(LEDGER_REPORT + q(division=T1)), 200)
        self.assertIn(due[-2], [i["id"] for i in report["overdue_tasks"]])
        without = [i["id"] for i in report["problems_without_responsible"]]
        self.assertIn(orphan["id"], without)
        self.assertIn(problem["id"], without, "a problem with tasks but no responsibility has no responsible person")
        self.assertNotIn(orphan["id"], [i["id"] for i in self.ok(officer.get(LEDGER_REPORT + q(division=T0)), 200)
                                        ["problems_without_responsible"]])
        self.assertError(officer.get(OPEN_TASKS + q(division=T1, overdue="maybe")), 400, "invalid_argument",
                         field="overdue")
        self.assertError(officer.get(OPEN_TASKS), 400, "invalid_argument", field="division")

    # -----------------------------------------------------------------------------------
    # 5. Reports: figures from the records, placeholders and differing figures found

    def test_reports_fill_check_and_consolidate(self):
        t1 = self.c["t1_leader"]
        # Given a township project with two visits (35 people) and one problem
        project = self.ok(self.project(client=t1, division_code=T1, places=[T1], lead_user_id=self.uid["t1_leader"],
                                       method="unannounced", topic="四不两直：秸秆禁烧"))
        for people in (20, 15):
            self.ok(t1.post(f"{PROJECTS}/{project['id']}/visits",
                            {"visited_on": iso(today()), "division_code": T1_V2, "people_met": people,
                             "findings": "田间仍有焚烧痕迹"}))
        self.ok(self.item("problem", client=t1, project_id=project["id"], title="禁烧巡查不到位"))
        period = {"from": iso(today() - DAY), "to": iso(today())}
        # When a member writes a report with figures from the records
        r = self.ok(t1.post(REPORTS, dict(period, division_code=T1, project_id=project["id"], title="秸秆禁烧调研报告",
                                          body="本次走访调研{{visits}}次，访谈群众{{people_met}}人，发现问题{{problems}}个。")))
        # Then the body carries the counted figures and checks clean
        self.assertEqual(r["body"], "本次走访调研2次，访谈群众35人，发现问题1个。")
        self.assertEqual((r["check"]["placeholders"], r["check"]["mismatches"]), ([], []))
        # A report with template placeholders and a typed figure that differs is flagged
        bad = self.ok(t1.post(REPORTS, dict(period, division_code=T1, project_id=project["id"], title="套话报告",
                                            body="共开展走访X余次，惠及XX人，发现问题9个。")))
        self.assertEqual(bad["check"]["placeholders"], ["X余次", "XX人"])
        self.assertEqual(bad["check"]["mismatches"],
                         [{"key": "problems", "phrase": "发现问题9个", "stated": 9, "counted": 1}])
        # And the township's report is consolidated from both, with its own counted figures
        c = self.ok(t1.post(f"{REPORTS}/consolidate", dict(period, division_code=T1, title="长春镇调研报告",
                                                          member_ids=[r["id"], bad["id"]])))
        self.assertTrue(c["consolidated"])
        self.assertEqual(c["member_ids"], sorted([r["id"], bad["id"]]))
        self.assertIn("秸秆禁烧调研报告", c["body"])
        self.assertIn(f"走访调研{c['figures']['visits']}次", c["body"])
        self.assertGreaterEqual(c["figures"]["visits"], 2)
        self.assertEqual(c["check"]["mismatches"], [], "members' own figures are not checked against the township's")
        got = self.ok(t1.get(f"{REPORTS}/{bad['id']}"), 200)
        self.assertEqual(got["check"]["placeholders"], ["X余次", "XX人"])
        # Consolidating a period with no member report is refused
        self.assertError(t1.post(f"{REPORTS}/consolidate", {"division_code": T1, "title": "空", "from": "2020-01-01",
                                                            "to": "2020-01-31"}), 422, "unprocessable",
                         field="member_ids")
        listed = self.ok(t1.get(REPORTS + q(division=T1, consolidated="true", **period)), 200)["items"]
        self.assertIn(c["id"], [x["id"] for x in listed])

    # -----------------------------------------------------------------------------------
    # 6. Access

    def test_access_by_permission_scope_and_the_tasks_own_person(self):
        officer, t0, viewer, civil = (self.c[n] for n in ("xp_officer", "t0_officer", "xp_viewer", "xp_civil"))
        problem, _, task = self.chain(place=T1_V2)
        before = self.snapshot(problem)
        # A reader without research.manage cannot write; someone with nothing cannot read
        self.assertRefused(self.item("problem", client=viewer, division_code=T1_V2), 403, "permission_denied", None,
                           before, problem)
        self.assertEqual(viewer.get(f"{ITEMS}/{problem}").status, 200)
        self.assertError(civil.get(f"{ITEMS}/{problem}"), 403, "permission_denied")
        # Outside the scope: not found, and no item may be placed there
        self.assertError(t0.get(f"{ITEMS}/{problem}"), 404, "not_found")
        self.assertRefused(self.item("problem", client=t0, division_code=T1_V2), 422, "unprocessable",
                           "division_code", before, problem)
        self.assertRefused(self.item("task", client=t0, parent_id=problem), 422, "unprocessable", "parent_id", before,
                           problem)
        self.assertError(t0.get(OPEN_TASKS + q(division=T1)), 404, "not_found")
        # The task's own responsible person (a unit handler) may close it; others may not
        self.assertRefused(viewer.post(f"{ITEMS}/{task}/close", {"evidence": "已完成修复，验收单号A-17"}), 403,
                           "permission_denied", None, before, problem)
        done = self.ok(civil.post(f"{ITEMS}/{task}/close", {"evidence": "已完成修复，验收单号A-17"}), 200)
        self.assertEqual(done["status"], "done")
        self.assertError(civil.post(f"{ITEMS}/{problem}/close", {"evidence": "问题已解决，群众满意"}), 403,
                         "permission_denied")


class SupervisionTest(ServerTestCase):
    """GET /api/v1/supervision/flags: the formalism flags of a jurisdiction and period."""
    logins = ("xp_officer", "xp_supervisor", "t1_leader", "xp_viewer")

    def ok(self, r, status=201):
        self.assertEqual(r.status, status, r)
        return r.json()

    def flags(self, division=T1):
        period = {"from": iso(today() - 30 * DAY), "to": iso(today())}
        return self.ok(self.c["xp_supervisor"].get("/api/v1/supervision/flags" + q(division=division, **period)), 200)

    def test_each_flag_lists_what_it_promises(self):
        officer = self.c["xp_officer"]
        # Given, in 洪江村: a problem nobody answers for; a task closed with a stock phrase; a
        # task closed after its deadline with real evidence
        orphan = self.ok(officer.post(ITEMS, {"kind": "problem", "title": "无人负责的问题", "division_code": T1_V2}))
        problem = self.ok(officer.post(ITEMS, {"kind": "problem", "title": "村道破损", "division_code": T1_V2,
                                               "person_user_id": self.uid["t1_leader"]}))
        weak = self.ok(officer.post(ITEMS, {"kind": "task", "parent_id": problem["id"], "title": "修补路面",
                                            "person_user_id": self.uid["t1_leader"], "task_kind": "fix_now",
                                            "deadline": iso(today() + 5 * DAY)}))
        late = self.ok(officer.post(ITEMS, {"kind": "task", "parent_id": problem["id"], "title": "设置警示标志",
                                            "person_user_id": self.uid["t1_leader"], "task_kind": "fix_now",
                                            "deadline": iso(today() - 3 * DAY)}))
        self.ok(officer.post(f"{ITEMS}/{weak['id']}/close", {"evidence": "已完成"}), 200)
        self.ok(officer.post(f"{ITEMS}/{late['id']}/close", {"evidence": "已设置警示牌4块，照片见附件"}), 200)
        # And a report with placeholders, and a clean one
        t1 = self.c["t1_leader"]
        period = {"from": iso(today() - 7 * DAY), "to": iso(today())}
        bad = self.ok(t1.post(REPORTS, dict(period, division_code=T1, title="套话报告", body="走访群众XX人，开展调研X余次。")))
        clean = self.ok(t1.post(REPORTS, dict(period, division_code=T1, title="如实报告", body="本期走访调研{{visits}}次。")))
        # When the supervisor reads the flags of 长春镇
        f = self.flags()
        ids = lambda key: [i["id"] for i in f[key]["items"]]  # noqa: E731
        # Then each record sits under its flag and only there
        self.assertIn(weak["id"], ids("tasks_without_evidence"))
        self.assertNotIn(late["id"], ids("tasks_without_evidence"))
        self.assertIn(late["id"], ids("tasks_closed_late"))
        self.assertNotIn(weak["id"], ids("tasks_closed_late"))
        self.assertIn(orphan["id"], ids("problems_without_responsible"))
        self.assertNotIn(problem["id"], ids("problems_without_responsible"))
        self.assertIn(bad["id"], ids("reports"))
        self.assertNotIn(clean["id"], ids("reports"))
        flagged = next(r for r in f["reports"]["items"] if r["id"] == bad["id"])
        self.assertEqual(flagged["check"]["placeholders"], ["XX人", "X余次"])
        self.assertEqual(f["tasks_without_evidence"]["count"], len(f["tasks_without_evidence"]["items"]))
        # Villages of 长春镇 with no outreach in the period are listed (coverage is counted)
        self.assertTrue(f["coverage_counted"])
        for v in f["villages_without_outreach"]["items"]:
            self.assertTrue(v["code"].startswith("350921101"), v)
        self.assertIn("items", f["reception_quota_missed"])
        # Another township's flags do not show these records
        other = self.flags(division=T0)
        self.assertNotIn(weak["id"], [i["id"] for i in other["tasks_without_evidence"]["items"]])

    def test_access_and_bad_queries(self):
        base = "/api/v1/supervision/flags"
        period = {"from": iso(today() - DAY), "to": iso(today())}
        self.assertError(self.c["xp_officer"].get(base + q(division=T1, **period)), 403, "permission_denied")
        self.assertError(self.c["xp_viewer"].get(base + q(division=T1, **period)), 403, "permission_denied")
        sup = self.c["xp_supervisor"]
        self.assertError(sup.get(base + q(division="350902000000", **period)), 404, "not_found", field="division")
        self.assertError(sup.get(base + q(**period)), 400, "invalid_argument", field="division")
        self.assertError(sup.get(base + q(division=T1, **{"from": iso(today()), "to": iso(today() - 2 * DAY)})), 400,
                         "invalid_argument", field="to")
