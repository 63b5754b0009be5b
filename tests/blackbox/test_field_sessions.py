"""Field office sessions (现场办公) over HTTP against the real binary.

POST/GET /api/v1/field-sessions, GET /api/v1/field-sessions/{id},
POST /api/v1/field-sessions/{id}/issues, …/issues/{issue_id}/resolve, …/issues/{issue_id}/close
and GET /api/v1/service-items: holding a session, listing it (division, period, keyset paging),
recording the issues raised (who raised one is shown masked), ending each exactly once
(当场解决 / 交办 / 转信访 / 不予办理), closing an assignment with evidence, and the summary
counted from the issues; bad input (the error and nothing changed) and access (permission,
scope, the assigned unit). The last class replays `sixia demo --petitions 20` and reads the
1988-12-20 session.

One server per class. The tests of FieldSessionTest share theirs, so each keeps to sessions of
its own (a day of its own for the list test; every other test reads its session by id).
A session's day lies within 366 days of today; a deadline is a day, today or later (China time).

Small division tree of the harness (霞浦县 350921):
  松城街道 350921001 (t0): 龙津社区 350921001001, 西关社区 350921001002
  长春镇   350921101 (t1): 莲花山社区 350921101001, 洪江村 350921101201
Users (src/app/demo_data.cc; a user's scope is their unit's division): xp_leader (leader,
county), xp_officer (petition_officer, county), t0_officer (petition_officer, 松城街道),
t1_leader (leader, 长春镇), v0_cadre (village_cadre, 龙津社区) hold field_session.manage;
xp_viewer (viewer) only activity.read; xp_civil (unit_handler of 霞浦县民政局) and
xp_resources (unit_handler of 霞浦县自然资源局) neither.

Only synthetic people: raised_by names use compound surnames with made-up given names.
"""

import datetime
import re
import time

from sixia_harness import (COUNTY, T0, T1, Client, Env, ServerTestCase, SixiaTestCase, query as q)

SESSIONS = "/api/v1/field-sessions"
SERVICE_ITEMS = "/api/v1/service-items"
PETITIONS = "/api/v1/petitions"

T0_V1 = "350921001001"  # 龙津社区居委会
T1_V2 = "350921101201"  # 洪江村委会

CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.timedelta(days=1)

ZERO_SUMMARY = {"raised": 0, "people": 0, "solved_on_spot": 0, "assigned": 0, "assigned_closed": 0,
                "closed_on_time": 0, "overdue": 0, "to_petition": 0, "declined": 0, "pending": 0}


def today_cn():
    """Today in China time (the server's calendar for held_on and deadlines)."""
    return datetime.datetime.now(CHINA).date()


def away_from_midnight(margin_s=120):
    """Waits until China midnight is more than `margin_s` away, so that "today" as a deadline
    stays today for the whole test."""
    now = datetime.datetime.now(CHINA)
    midnight = datetime.datetime.combine(now.date() + DAY, datetime.time(0, 0), tzinfo=CHINA)
    left = (midnight - now).total_seconds()
    if left < margin_s:
        time.sleep(left + 2)



def summary(**over):
    s = dict(ZERO_SUMMARY)
    s.update(over)
    return s


_people = [0]


def new_petitioner():
    """A made-up petitioner; the ID number's check character is computed (GB 11643)."""
    n = _people[0]
    _people[0] += 1
    first17 = f"350921{1960 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}{500 + n:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]
    return {"name": "端木现" + "甲乙丙丁戊己庚辛壬癸"[n % 10], "id_number": first17 + check,
            "phone": f"1390594{7000 + n:04d}", "address": f"福建省宁德市霞浦县现场办公路{10 + n}号",
            "division_code": T0_V1}


class FieldSessionTest(ServerTestCase):
    logins = ("xp_leader", "xp_officer", "t0_officer", "t1_leader", "v0_cadre", "xp_viewer",
              "xp_civil", "xp_resources", "xp_auditor")

    @classmethod
    def set_up_class(cls):
        cls.auditor = cls.c["xp_auditor"]
        cls.units = cls.admin.units()
        cls.civil_unit = next(u for u in cls.units if u["name"] == "霞浦县民政局")
        cls.t0_gov = next(u for u in cls.units if u["name"] == "松城街道办事处")

    # ---- helpers

    def session_body(self, **over):
        body = {"division_code": T0_V1, "venue": "龙津社区党群服务中心", "held_on": today_cn().isoformat(),
                "topic": "民生诉求现场办公", "leader_user_ids": [self.uid["xp_leader"]],
                "unit_ids": [self.civil_unit["id"], self.t0_gov["id"]]}
        body.update(over)
        return body

    def create(self, client=None, **over):
        body = self.session_body(**over)
        r = (client or self.c["xp_officer"]).post(SESSIONS, body)
        self.assertEqual(r.status, 201, f"create {body}: {r!r}")
        return r.json()

    def add_issue(self, sid, client=None, **over):
        body = {"content": "村道路灯损坏，夜间出行不便", "raised_by": "欧阳明远", "people": 1}
        body.update(over)
        body = {k: v for k, v in body.items() if v is not None}  # None: leave the field out.
        r = (client or self.c["xp_officer"]).post(f"{SESSIONS}/{sid}/issues", body)
        self.assertEqual(r.status, 201, f"add issue {body}: {r!r}")
        return r.json()

    def resolve(self, sid, iid, body, client=None):
        return (client or self.c["xp_officer"]).post(f"{SESSIONS}/{sid}/issues/{iid}/resolve", body)

    def close(self, sid, iid, body, client=None):
        return (client or self.c["xp_officer"]).post(f"{SESSIONS}/{sid}/issues/{iid}/close", body)

    def get(self, sid, client=None):
        r = (client or self.c["xp_officer"]).get(f"{SESSIONS}/{sid}")
        self.assertEqual(r.status, 200, r)
        return r.json()

    def assignment(self, deadline=None):
        return {"end": "assigned", "unit_id": self.civil_unit["id"], "person_user_id": self.uid["xp_civil"],
                "deadline": deadline or today_cn().isoformat()}

    def list_page(self, client, division, frm, to, **extra):
        r = client.get(SESSIONS + q(division=division, **{"from": frm, "to": to}, **extra))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def county_sessions(self):
        """Every session of the county within the days a session may lie on (id order)."""
        t = today_cn()
        frm, to = (t - 400 * DAY).isoformat(), (t + 400 * DAY).isoformat()
        return self.c["xp_officer"].all_before_id(SESSIONS + q(division=COUNTY, **{"from": frm, "to": to}))

    def snapshot(self, sid=None):
        """What a refused request must leave unchanged: the session (with its issues and summary)
        or every session of the county, and the length of the audit log."""
        state = self.get(sid) if sid else self.county_sessions()
        return state, self.auditor.audit_count()

    def assertRefused(self, resp, status, code, field, before, sid=None):
        self.assertError(resp, status, code, field=field)
        self.assertEqual(self.snapshot(sid), before, "a refused request must change nothing")

    def register_petition(self, client, division_code):
        body = {"channel": "visit", "petition_class": "grievance", "title": "路灯长期损坏",
                "content": "村道路灯损坏数月无人维修，现场办公时反映，转为信访事项登记。",
                "requests": "请求尽快维修路灯", "division_code": division_code,
                "petitioners": [dict(new_petitioner(), division_code=division_code)]}
        r = client.post(PETITIONS, body)
        self.assertEqual(r.status, 201, f"register petition: {r!r}")
        return r.json()

    # -----------------------------------------------------------------------------------
    # 1. Create, list, get; issues and their ends; the summary

    def test_create_list_and_get(self):
        officer, t0 = self.c["xp_officer"], self.c["t0_officer"]
        base = today_cn() - 300 * DAY  # Days of this test only.
        d0, d1, d2 = (base + i * DAY for i in range(3))
        # Given a petition officer with field_session.manage
        # When they hold a session in a village in scope, with a leader and two units
        body = self.session_body(held_on=d0.isoformat(), unit_ids=[self.t0_gov["id"], self.civil_unit["id"]])
        r = officer.post(SESSIONS, body)
        # Then it is stored as given (leaders and units in id order)
        self.assertEqual(r.status, 201, r)
        first = r.json()
        self.assertIsInstance(first["id"], int)
        self.assertEqual({k: v for k, v in first.items() if k != "id"},
                         {"division_code": T0_V1, "venue": "龙津社区党群服务中心", "held_on": d0.isoformat(),
                          "topic": "民生诉求现场办公", "leader_user_ids": [self.uid["xp_leader"]],
                          "unit_ids": sorted([self.t0_gov["id"], self.civil_unit["id"]])})
        # And GET returns it with no issues and a zero summary
        g = self.get(first["id"])
        self.assertEqual(g, dict(first, issues=[], summary=ZERO_SUMMARY))
        # When more sessions are held: two in 松城街道 (one by the township officer), one in 长春镇
        second = self.create(t0, division_code=T0, held_on=d1.isoformat(), unit_ids=[])
        third = self.create(officer, held_on=d2.isoformat())
        in_t1 = self.create(officer, division_code=T1_V2, held_on=d1.isoformat(),
                            leader_user_ids=[self.uid["t1_leader"], self.uid["xp_leader"]])
        self.assertEqual(second["unit_ids"], [])
        self.assertEqual(in_t1["leader_user_ids"], sorted([self.uid["t1_leader"], self.uid["xp_leader"]]))
        # Then the township's list of those days has its three, newest first, shaped like POST
        page = self.list_page(t0, T0, d0.isoformat(), d2.isoformat())
        self.assertEqual(page, {"items": [third, second, first]})
        # And the county's list has all four; a village's list only its own
        ids = [s["id"] for s in self.list_page(officer, COUNTY, d0.isoformat(), d2.isoformat())["items"]]
        self.assertEqual(ids, [in_t1["id"], third["id"], second["id"], first["id"]])
        ids = [s["id"] for s in self.list_page(officer, T0_V1, d0.isoformat(), d2.isoformat())["items"]]
        self.assertEqual(ids, [third["id"], first["id"]])
        # The period: both ends inclusive, a single day
        ids = [s["id"] for s in self.list_page(officer, T0, d1.isoformat(), d1.isoformat())["items"]]
        self.assertEqual(ids, [second["id"]])
        ids = [s["id"] for s in self.list_page(officer, COUNTY, d1.isoformat(), d2.isoformat())["items"]]
        self.assertEqual(ids, [in_t1["id"], third["id"], second["id"]])
        # Keyset paging: limit 2 → 2 + 1
        p1 = self.list_page(officer, T0, d0.isoformat(), d2.isoformat(), limit=2)
        self.assertEqual([s["id"] for s in p1["items"]], [third["id"], second["id"]])
        self.assertEqual(p1["next_before_id"], second["id"])
        p2 = self.list_page(officer, T0, d0.isoformat(), d2.isoformat(), limit=2, before_id=p1["next_before_id"])
        self.assertEqual(p2, {"items": [first]})
        # The service catalogue is readable with activity.read alone
        for who in ("xp_officer", "xp_viewer"):
            r = self.c[who].get(SERVICE_ITEMS)
            self.assertEqual(r.status, 200, r)
            items = r.json()["items"]
            self.assertTrue(items, "the catalogue is not empty")
            self.assertTrue(all(i["code"] and i["name"] for i in items), items)

    def test_issues_end_and_the_summary_counts_them(self):
        away_from_midnight()
        officer = self.c["xp_officer"]
        catalogue = officer.get(SERVICE_ITEMS).json()["items"]
        codes = [i["code"] for i in catalogue[:2]]
        # Given a session held today in 龙津社区
        s = self.create(held_on=today_cn().isoformat())
        sid = s["id"]
        # When five issues are raised
        a = self.add_issue(sid, content="低保申请进度咨询", raised_by="欧阳明远", people=3, service_items=codes)
        b = self.add_issue(sid, content="村道路灯损坏", raised_by="司马青云", people=2)
        c = self.add_issue(sid, content="宅基地纠纷", raised_by="诸葛安然")
        d = self.add_issue(sid, content="要求更换村干部", raised_by="上官若水")
        e = self.add_issue(sid, content="医保异地报销咨询", raised_by=None, people=4)
        # Then each is pending; who raised it is shown masked, never in clear
        self.assertEqual((a["session_id"], a["content"], a["people"], a["service_items"], a["end"], a["end_label"]),
                         (sid, "低保申请进度咨询", 3, codes, "pending", "待处理"))
        self.assertEqual([i["raised_by"] for i in (a, b, c, d)], ["欧***", "司***", "诸***", "上***"])
        self.assertEqual(e["raised_by"], "", "no one named")
        self.assertEqual(e["people"], 4)
        g = self.get(sid)
        self.assertEqual(g["issues"], [a, b, c, d, e])
        for name in ("欧阳明远", "司马青云", "诸葛安然", "上官若水"):
            self.assertNotIn(name, officer.get(f"{SESSIONS}/{sid}").text)
        self.assertEqual(g["summary"], summary(raised=5, people=11, pending=5))

        # When A is solved on the spot (solved_by defaults to the caller)
        r = self.resolve(sid, a["id"], {"end": "solved_on_spot", "action": "当场查询并告知办理进度",
                                        "evidence": "现场答复记录"})
        self.assertEqual(r.status, 200, r)
        ra = r.json()
        self.assertEqual((ra["end"], ra["end_label"], ra["action"], ra["solved_by"], ra["evidence"]),
                         ("solved_on_spot", "当场解决", "当场查询并告知办理进度", self.uid["xp_officer"], "现场答复记录"))
        # And B is assigned to 县民政局, xp_civil, deadline today
        r = self.resolve(sid, b["id"], self.assignment())
        self.assertEqual(r.status, 200, r)
        rb = r.json()
        self.assertEqual((rb["end"], rb["end_label"], rb["unit_id"], rb["person_user_id"], rb["deadline"],
                          rb["closed_at"]),
                         ("assigned", "交办", self.civil_unit["id"], self.uid["xp_civil"],
                          today_cn().isoformat(), None))
        # And C goes to a petition the officer registered in scope
        pet = self.register_petition(officer, T0_V1)
        r = self.resolve(sid, c["id"], {"end": "petition", "petition_id": pet["id"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["end"], r.json()["end_label"], r.json()["petition_id"]),
                         ("petition", "转信访", pet["id"]))
        # And D is declined with a reason
        r = self.resolve(sid, d["id"], {"end": "declined", "reason": "不属于现场办公受理范围，已告知依法途径"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["end"], r.json()["end_label"], r.json()["reason"]),
                         ("declined", "不予办理", "不属于现场办公受理范围，已告知依法途径"))
        self.assertEqual(self.get(sid)["summary"],
                         summary(raised=5, people=11, solved_on_spot=1, assigned=1, to_petition=1,
                                 declined=1, pending=1))
        # When the assignment is closed with evidence
        r = self.close(sid, b["id"], {"evidence": "路灯已修复，附照片"})
        self.assertEqual(r.status, 200, r)
        closed = r.json()
        self.assertEqual((closed["end"], closed["evidence"]), ("assigned", "路灯已修复，附照片"))
        self.assertIsInstance(closed["closed_at"], int)
        # Then the summary counts exactly: closed on time, E still pending
        g = self.get(sid)
        self.assertEqual(g["summary"],
                         summary(raised=5, people=11, solved_on_spot=1, assigned=1, assigned_closed=1,
                                 closed_on_time=1, to_petition=1, declined=1, pending=1))
        self.assertEqual([i["end"] for i in g["issues"]],
                         ["solved_on_spot", "assigned", "petition", "declined", "pending"])
        self.assertEqual(g["issues"][1], closed)
        # And a reader with activity.read sees the same
        self.assertEqual(self.get(sid, self.c["xp_viewer"]), g)

    # -----------------------------------------------------------------------------------
    # 2. An issue ends exactly once; only an open assignment is closed, with evidence

    def test_an_issue_ends_exactly_once(self):
        away_from_midnight()
        sid = self.create()["id"]
        solved = self.add_issue(sid)
        assigned = self.add_issue(sid, content="河道垃圾清理")
        self.assertEqual(self.resolve(sid, solved["id"], {"end": "solved_on_spot", "action": "当场协调"}).status, 200)
        self.assertEqual(self.resolve(sid, assigned["id"], self.assignment()).status, 200)
        # A second end of either, whatever the end asked for, is 409 and changes nothing
        for iid, body in ((solved["id"], {"end": "declined", "reason": "重复"}),
                          (solved["id"], {"end": "solved_on_spot", "action": "再次处理"}),
                          (assigned["id"], {"end": "solved_on_spot", "action": "改为当场解决"}),
                          (assigned["id"], self.assignment())):
            with self.subTest(iid=iid, end=body["end"]):
                before = self.snapshot(sid)
                self.assertRefused(self.resolve(sid, iid, body), 409, "conflict", "end", before, sid)
        # Closing an issue that is not an assignment is 409
        before = self.snapshot(sid)
        self.assertRefused(self.close(sid, solved["id"], {"evidence": "佐证"}), 409, "conflict", "end", before, sid)
        pending = self.add_issue(sid, content="还未处理的问题")
        before = self.snapshot(sid)
        self.assertRefused(self.close(sid, pending["id"], {"evidence": "佐证"}), 409, "conflict", "end",
                           before, sid)
        # Closing without evidence (missing or blank) is 400 evidence
        for body in ({}, {"evidence": ""}, {"evidence": "   "}):
            with self.subTest(evidence=body):
                before = self.snapshot(sid)
                self.assertRefused(self.close(sid, assigned["id"], body), 400, "invalid_argument", "evidence",
                                   before, sid)
        # Closed once; a second close is 409
        self.assertEqual(self.close(sid, assigned["id"], {"evidence": "已清理完毕"}).status, 200)
        before = self.snapshot(sid)
        self.assertRefused(self.close(sid, assigned["id"], {"evidence": "又一次"}), 409, "conflict", "end",
                           before, sid)
        self.assertEqual(self.get(sid)["issues"][1]["evidence"], "已清理完毕")

    # -----------------------------------------------------------------------------------
    # 3. Bad input: the error, and nothing changed

    def test_bad_resolutions_are_refused_and_change_nothing(self):
        away_from_midnight()
        sid = self.create()["id"]
        iid = self.add_issue(sid)["id"]
        yesterday = (today_cn() - DAY).isoformat()
        asg = self.assignment()
        t1_petition = self.register_petition(self.c["xp_officer"], T1_V2)
        cases = [
            ("assigned without unit_id", {k: v for k, v in asg.items() if k != "unit_id"}, 400, "unit_id"),
            ("assigned without person", {k: v for k, v in asg.items() if k != "person_user_id"}, 400,
             "person_user_id"),
            ("assigned without deadline", {k: v for k, v in asg.items() if k != "deadline"}, 400, "deadline"),
            ("deadline yesterday", dict(asg, deadline=yesterday), 400, "deadline"),
            ("deadline long past", dict(asg, deadline="2020-01-01"), 400, "deadline"),
            ("solved without action", {"end": "solved_on_spot"}, 400, "action"),
            ("solved with blank action", {"end": "solved_on_spot", "action": "  "}, 400, "action"),
            ("declined without reason", {"end": "declined"}, 400, "reason"),
            ("unknown end", {"end": "forgotten"}, 400, "end"),
            ("pending as an end", {"end": "pending"}, 400, "end"),
            ("petition without id", {"end": "petition"}, 400, "petition_id"),
            ("petition that does not exist", {"end": "petition", "petition_id": 99999999}, 422, "petition_id"),
        ]
        for what, body, status, field in cases:
            with self.subTest(what):
                before = self.snapshot(sid)
                code = "invalid_argument" if status == 400 else "unprocessable"
                self.assertRefused(self.resolve(sid, iid, body), status, code, field, before, sid)
        # A petition outside the caller's scope (长春镇, for the 松城街道 officer) is 422 too
        sid0 = self.create(self.c["t0_officer"], division_code=T0)["id"]
        iid0 = self.add_issue(sid0, self.c["t0_officer"])["id"]
        before = self.snapshot(sid0)
        r = self.resolve(sid0, iid0, {"end": "petition", "petition_id": t1_petition["id"]}, self.c["t0_officer"])
        self.assertRefused(r, 422, "unprocessable", "petition_id", before, sid0)
        # And the issue is still pending and can end once
        self.assertEqual(self.get(sid)["issues"][0]["end"], "pending")
        self.assertEqual(self.resolve(sid, iid, asg).status, 200)

    def test_bad_issues_are_refused_and_change_nothing(self):
        sid = self.create()["id"]
        cases = [
            ("people 0", {"content": "问题", "people": 0}, 400, "people"),
            ("people negative", {"content": "问题", "people": -2}, 400, "people"),
            ("blank content", {"content": "   "}, 400, "content"),
            ("full-width blank content", {"content": "\u3000\u3000"}, 400, "content"),
            ("content missing", {"people": 2}, 400, "content"),
            ("unknown service item", {"content": "问题", "service_items": ["no_such_item"]}, 422,
             "service_items"),
        ]
        for what, body, status, field in cases:
            with self.subTest(what):
                before = self.snapshot(sid)
                r = self.c["xp_officer"].post(f"{SESSIONS}/{sid}/issues", body)
                code = "invalid_argument" if status == 400 else "unprocessable"
                self.assertRefused(r, status, code, field, before, sid)

    def test_bad_sessions_and_list_queries_are_refused(self):
        t = today_cn()
        cases = [
            # (who, body, status, field)
            ("t0_officer", self.session_body(division_code=T1_V2), 422, "division_code"),
            ("v0_cadre", self.session_body(division_code=T0), 422, "division_code"),
            ("xp_officer", self.session_body(leader_user_ids=[]), 400, "leader_user_ids"),
            ("xp_officer", {k: v for k, v in self.session_body().items() if k != "leader_user_ids"}, 400,
             "leader_user_ids"),
            ("xp_officer", self.session_body(venue="  "), 400, "venue"),
            ("xp_officer", self.session_body(held_on=(t + 400 * DAY).isoformat()), 400, "held_on"),
        ]
        for who, body, status, field in cases:
            with self.subTest(who=who, field=field, body=body):
                before = self.snapshot()
                code = "invalid_argument" if status == 400 else "unprocessable"
                self.assertRefused(self.c[who].post(SESSIONS, body), status, code, field, before)
        # A period the wrong way round is 400 to
        r = self.c["xp_officer"].get(SESSIONS + q(division=T0, **{"from": "2025-03-02", "to": "2025-03-01"}))
        self.assertError(r, 400, "invalid_argument", field="to")

    # -----------------------------------------------------------------------------------
    # 4. Access

    def test_without_field_session_manage_cannot_create_or_add(self):
        sid = self.create()["id"]
        for who in ("xp_viewer", "xp_civil"):
            with self.subTest(who):
                before = self.snapshot()
                self.assertRefused(self.c[who].post(SESSIONS, self.session_body()), 403, "permission_denied",
                                   None, before)
                before = self.snapshot(sid)
                r = self.c[who].post(f"{SESSIONS}/{sid}/issues", {"content": "问题"})
                self.assertRefused(r, 403, "permission_denied", None, before, sid)

    def test_a_session_outside_scope_is_not_found(self):
        # Given a session in 长春镇 with one issue
        sid = self.create(division_code=T1_V2)["id"]
        iid = self.add_issue(sid)["id"]
        # Then a reader of 松城街道 or 龙津社区 gets 404, for reading and for writing
        for who in ("t0_officer", "v0_cadre"):
            with self.subTest(who):
                self.assertError(self.c[who].get(f"{SESSIONS}/{sid}"), 404, "not_found")
                before = self.snapshot(sid)
                r = self.c[who].post(f"{SESSIONS}/{sid}/issues", {"content": "问题"})
                self.assertRefused(r, 404, "not_found", None, before, sid)
                r = self.resolve(sid, iid, {"end": "declined", "reason": "理由"}, self.c[who])
                self.assertRefused(r, 404, "not_found", None, before, sid)
                r = self.c[who].get(SESSIONS + q(division=T1, **{"from": "2025-01-01", "to": "2025-12-31"}))
                self.assertError(r, 404, "not_found", field="division")
        # While its township's leader sees it
        self.assertEqual(self.get(sid, self.c["t1_leader"])["id"], sid)

    def test_the_assigned_units_handler_may_close_the_assignment(self):
        away_from_midnight()
        sid = self.create()["id"]
        iid = self.add_issue(sid)["id"]
        self.assertEqual(self.resolve(sid, iid, self.assignment()).status, 200)  # To 霞浦县民政局.
        # A handler of another unit (自然资源局) may not close it
        before = self.snapshot(sid)
        self.assertRefused(self.close(sid, iid, {"evidence": "不是我们单位的"}, self.c["xp_resources"]),
                           403, "permission_denied", None, before, sid)
        # The handler of the assigned unit (xp_civil, unit_handler of 霞浦县民政局) may close it
        # (openapi: "By the assigned unit or with field_session.manage"; regression: unit_handler
        # holds no activity permission and was refused before the unit was looked at)
        r = self.close(sid, iid, {"evidence": "已上门核实并办结"}, self.c["xp_civil"])
        self.assertEqual(r.status, 200, f"the assigned unit's handler closes the assignment: {r!r}")
        self.assertEqual(r.json()["evidence"], "已上门核实并办结")
        self.assertEqual(self.get(sid)["summary"]["assigned_closed"], 1)

    def test_actions_are_audited(self):
        n0 = self.auditor.audit_count()
        sid = self.create()["id"]
        iid = self.add_issue(sid)["id"]
        self.assertEqual(self.resolve(sid, iid, {"end": "declined", "reason": "不属受理范围"}).status, 200)
        self.assertEqual(self.auditor.audit_count(), n0 + 3)
        records = [a for a in self.auditor.all_items("/api/v1/audit") if a["object"] == f"field_session:{sid}"]
        self.assertEqual(sorted(a["action"] for a in records),
                         ["field_session.create", "field_session.issue", "field_session.resolve"])
        self.assertTrue(all(a["actor"] == "xp_officer" and a["outcome"] == "ok" for a in records), records)
        for a in records:
            self.assertNotIn("欧阳明远", str(a), "the clear name of who raised an issue is not audited")


class DemoFieldSessionTest(SixiaTestCase):
    """`sixia demo --petitions 20` replays the 1988-12-20 day as a field session too."""

    @classmethod
    def setUpClass(cls):
        cls.env = Env()
        try:
            r = cls.env.cli("demo", "--petitions", "20")
            if r.returncode != 0:
                raise AssertionError(f"demo --petitions: {r.stdout}\n{r.stderr}")
            cls.demo_out = r.stdout
            cls.server = cls.env.start_server()
        except Exception:
            cls.env.close()
            raise

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_the_1988_day_counts_as_recorded(self):
        # Given the id printed by the demo command
        m = re.search(r"the 1988 day as field session (\d+)", self.demo_out)
        self.assertIsNotNone(m, self.demo_out)
        officer = Client(self.server)
        officer.login("xp_officer")
        # When the county officer reads it
        r = officer.get(f"{SESSIONS}/{m.group(1)}")
        self.assertEqual(r.status, 200, r)
        s = r.json()
        # Then 102 people raised 86 issues: 12 solved on the spot, 74 assigned and all closed in time
        self.assertEqual(s["held_on"], "1988-12-20")
        self.assertEqual(s["summary"], summary(raised=86, people=102, solved_on_spot=12, assigned=74,
                                               assigned_closed=74, closed_on_time=74), s["summary"])
        self.assertEqual(len(s["issues"]), 86)


if __name__ == "__main__":
    import unittest
    unittest.main()
