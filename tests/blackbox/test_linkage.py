"""Leaders' linkage (挂钩联系) and Party members' community registration (双报到) over HTTP
against the real binary.

POST/GET /api/v1/linkages, GET /api/v1/linkages/{id}, POST /api/v1/linkages/{id}/visits,
GET /api/v1/metrics/linkage, POST/GET /api/v1/community-registrations,
GET /api/v1/community-registrations/{id}, POST /api/v1/community-registrations/{id}/services and
GET /api/v1/metrics/community-service: linking a leader to a unit or a village for a period,
visits inside it, listing (division, period, leader, keyset paging), the coverage report
(villages no active link reaches, links without a visit in the last N months), registering
members at their community (names sealed, shown masked), their services and the yearly rule
"at least K services" (K from <data>/community_service_rule.txt, default 1); bad input (the
error and nothing changed) and access (permission, scope). The last class replays
`sixia demo --petitions 20` and reads its links and registrations.

LinkageTest shares one server: each test keeps to a year of its own for its links (2011,
2012, …), so that the period lists of one test never meet another's links. The report classes
have a server (and data folder) of their own, so that their figures are exact; they run on
PostgreSQL too under tests/with_postgres.sh.

Small division tree of the harness (霞浦县 350921):
  松城街道 350921001 (t0): 龙津社区 350921001001, 西关社区 350921001002
  长春镇   350921101 (t1): 莲花山社区 350921101001, 洪江村 350921101201
  牙城镇   350921102 (t2): 牙城村 350921102201
Users (src/app/demo_data.cc; a user's scope is their unit's division): xp_leader and
xp_secretary (leader, county), t0_leader / t1_leader (leader of their township), xp_officer
(petition_officer, county), t0_officer (petition_officer, 松城街道) and v0_cadre
(village_cadre, 龙津社区) hold linkage.manage; xp_viewer (viewer) only activity.read and
statistics.read; xp_civil (unit_handler) neither.

Only synthetic people: member names use compound surnames with made-up given names.
"""

import datetime
import os
import re
import time

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, COUNTY, OTHER_COUNTY, RELAXED, T0, T1, Client, Env,
                           SixiaTestCase, find_unit, find_user, login_clients, query as q, write_file)

LINKS = "/api/v1/linkages"
REGISTRATIONS = "/api/v1/community-registrations"
LINK_METRICS = "/api/v1/metrics/linkage"
SERVICE_METRICS = "/api/v1/metrics/community-service"

T0_V1 = "350921001001"  # 龙津社区居委会 (v0_cadre's village)
T0_V2 = "350921001002"  # 西关社区居委会
T1_V1 = "350921101001"  # 莲花山社区居民委员会
T1_V2 = "350921101201"  # 洪江村委会
T2 = "350921102000"     # 牙城镇
T2_V1 = "350921102201"  # 牙城村委会
OTHER_VILLAGE = "350902001001"  # 海滨社区 in 蕉城区: outside every 霞浦县 user's scope.

CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.timedelta(days=1)

LOGINS = ("xp_leader", "xp_secretary", "t0_leader", "t1_leader", "xp_officer", "t0_officer", "v0_cadre",
          "xp_viewer", "xp_civil", "xp_auditor")


def today_cn():
    """Today in China time (the server's calendar)."""
    return datetime.datetime.now(CHINA).date()


def iso(d):
    return d.isoformat()


def away_from_midnight(margin_s=120):
    """Waits until China midnight is more than `margin_s` away, so that "today" stays today."""
    now = datetime.datetime.now(CHINA)
    midnight = datetime.datetime.combine(now.date() + DAY, datetime.time(0, 0), tzinfo=CHINA)
    left = (midnight - now).total_seconds()
    if left < margin_s:
        time.sleep(left + 2)


class LinkageCase(SixiaTestCase):
    """A server of its own with the demo users, logged-in clients and the helpers of this file."""

    config = RELAXED
    backend = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.env = Env(backend=cls.backend, config=cls.config)
        try:
            cls.server = cls.env.start_server()
            cls.login_all()
        except Exception:
            cls.env.close()
            raise

    @classmethod
    def login_all(cls):
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.c = login_clients(cls.server, LOGINS)
        cls.auditor = cls.c["xp_auditor"]
        cls.units = cls.admin.units()
        users = cls.admin.users()
        cls.uid = {name: find_user(users, name)["id"] for name in LOGINS}
        cls.civil_unit = next(u for u in cls.units if u["name"] == "霞浦县民政局")
        cls.t0_gov = next(u for u in cls.units if u["name"] == "松城街道办事处")
        cls.longjin_committee = find_unit(cls.units, T0_V1, "village_committee")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    # ---- helpers

    def link_body(self, leader="xp_leader", **over):
        body = {"leader_user_id": self.uid[leader], "village_code": T1_V2, "from": "2020-01-01",
                "to": "2020-12-31", "notes": "联系乡村振兴和信访稳定工作"}
        body.update(over)
        return {k: v for k, v in body.items() if v is not ...}  # ...: leave the field out.

    def create_link(self, client=None, leader="xp_leader", **over):
        body = self.link_body(leader, **over)
        r = (client or self.c["xp_officer"]).post(LINKS, body)
        self.assertEqual(r.status, 201, f"create link {body}: {r!r}")
        return r.json()

    def visit(self, link_id, client=None, **over):
        body = {"visited_on": "2020-05-05", "notes": "走访困难群众，召开村两委座谈会", "results": "落实临时救助一户"}
        body.update(over)
        body = {k: v for k, v in body.items() if v is not ...}
        r = (client or self.c["xp_officer"]).post(f"{LINKS}/{link_id}/visits", body)
        self.assertEqual(r.status, 201, f"visit {body}: {r!r}")
        return r.json()

    def get_link(self, link_id, client=None):
        r = (client or self.c["xp_officer"]).get(f"{LINKS}/{link_id}")
        self.assertEqual(r.status, 200, r)
        return r.json()

    def register(self, client=None, **over):
        body = {"member_name": "欧阳明远", "unit_id": self.civil_unit["id"], "community_code": T0_V1,
                "registered_on": "2020-03-01"}
        body.update(over)
        r = (client or self.c["xp_officer"]).post(REGISTRATIONS, body)
        self.assertEqual(r.status, 201, f"register {body}: {r!r}")
        return r.json()

    def serve(self, reg_id, client=None, **over):
        body = {"served_on": "2020-04-01", "content": "参加社区环境卫生整治", "hours": 2}
        body.update(over)
        body = {k: v for k, v in body.items() if v is not ...}
        r = (client or self.c["xp_officer"]).post(f"{REGISTRATIONS}/{reg_id}/services", body)
        self.assertEqual(r.status, 201, f"service {body}: {r!r}")
        return r.json()

    def get_registration(self, reg_id, client=None):
        r = (client or self.c["xp_officer"]).get(f"{REGISTRATIONS}/{reg_id}")
        self.assertEqual(r.status, 200, r)
        return r.json()

    def county_links(self):
        return self.c["xp_officer"].all_before_id(LINKS + q(division=COUNTY))

    def county_registrations(self):
        return self.c["xp_officer"].all_before_id(REGISTRATIONS + q(division=COUNTY))

    def assertRefused(self, resp, status, field, snapshot):
        """The error (status, code, field, Chinese message) and nothing changed: `snapshot()`
        (the state read through the API plus the audit log's length) is as before."""
        before = getattr(self, "_before")
        code = {400: "invalid_argument", 403: "permission_denied", 404: "not_found", 409: "conflict",
                422: "unprocessable"}[status]
        self.assertError(resp, status, code, field=field)
        self.assertEqual(snapshot(), before, "a refused request must change nothing")

    def snapshot_of(self, state):
        """Captures state() and the audit log's length now; returns the function that reads them again."""
        fn = lambda: (state(), self.auditor.audit_count())  # noqa: E731
        self._before = fn()
        return fn


class LinkageTest(LinkageCase):

    # -----------------------------------------------------------------------------------
    # 1. Links: create, read, visits, lists

    def test_create_get_list_and_visits(self):
        officer, t0 = self.c["xp_officer"], self.c["t0_officer"]
        # Given the county head linked to 洪江村 for 2011 and the party secretary to 松城街道办事处
        # from March 2011, open-ended
        a = self.create_link(leader="xp_leader", **{"from": "2011-01-01", "to": "2011-12-31"}, notes="联系乡村振兴")
        b = self.create_link(leader="xp_secretary", village_code=..., unit_id=self.t0_gov["id"],
                             **{"from": "2011-03-01", "to": None}, notes="")
        # Then each is returned as stored
        self.assertIsInstance(a["id"], int)
        self.assertEqual({k: v for k, v in a.items() if k != "id"},
                         {"leader_user_id": self.uid["xp_leader"], "unit_id": None, "village_code": T1_V2,
                          "division_code": T1_V2, "from": "2011-01-01", "to": "2011-12-31",
                          "notes": "联系乡村振兴"})
        self.assertEqual({k: v for k, v in b.items() if k != "id"},
                         {"leader_user_id": self.uid["xp_secretary"], "unit_id": self.t0_gov["id"],
                          "village_code": None, "division_code": T0, "from": "2011-03-01", "to": None,
                          "notes": ""})
        # And GET returns a link with no visits yet, for the officer and a reader alike
        self.assertEqual(self.get_link(a["id"]), dict(a, visits=[]))
        self.assertEqual(self.get_link(a["id"], self.c["xp_viewer"]), dict(a, visits=[]))

        # When two visits are recorded, the later day first; one at the township, without results
        v2 = self.visit(a["id"], visited_on="2011-05-10")
        v1 = self.visit(a["id"], visited_on="2011-02-01", division_code=T1, notes="实地查看村道硬化", results=...)
        # Then they are stored as given, the place defaulting to the link's village
        self.assertEqual({k: v for k, v in v2.items() if k != "id"},
                         {"linkage_id": a["id"], "visited_on": "2011-05-10", "division_code": T1_V2,
                          "notes": "走访困难群众，召开村两委座谈会", "results": "落实临时救助一户",
                          "recorded_by": self.uid["xp_officer"]})
        self.assertEqual((v1["division_code"], v1["results"]), (T1, ""))
        # And the link lists them by day
        self.assertEqual(self.get_link(a["id"]), dict(a, visits=[v1, v2]))

        # The county's links of 2011: both, newest first; the township's only its own
        period = {"from": "2011-01-01", "to": "2011-12-31"}
        self.assertEqual(officer.get(LINKS + q(division=COUNTY, **period)).json(), {"items": [b, a]})
        self.assertEqual(t0.get(LINKS + q(division=T0, **period)).json(), {"items": [b]})
        self.assertEqual(officer.get(LINKS + q(division_code=T1_V2, **period)).json(), {"items": [a]},
                         "division_code is an alias of division")
        # Both ends of a period count: a's last day, and a span before b began
        self.assertEqual(officer.get(LINKS + q(division=COUNTY, **{"from": "2011-12-31", "to": "2011-12-31"})).json(),
                         {"items": [b, a]})
        self.assertEqual(officer.get(LINKS + q(division=COUNTY, **{"from": "2010-06-01", "to": "2011-02-28"})).json(),
                         {"items": [a]})
        # By leader
        r = officer.get(LINKS + q(division=COUNTY, leader_user_id=self.uid["xp_secretary"], **period))
        self.assertEqual(r.json(), {"items": [b]})
        # Keyset paging: limit 1 → b, then a
        p1 = officer.get(LINKS + q(division=COUNTY, limit=1, **period)).json()
        self.assertEqual(p1, {"items": [b], "next_before_id": b["id"]})
        p2 = officer.get(LINKS + q(division=COUNTY, limit=1, before_id=b["id"], **period)).json()
        self.assertEqual(p2["items"], [a])
        # A list query with a bad period or no division is 400 naming the parameter
        self.assertError(officer.get(LINKS + q(division=COUNTY, **{"from": "2011-01-01"})), 400, "invalid_argument",
                         field="to")
        self.assertError(officer.get(LINKS + q(division=COUNTY, **{"from": "2011-03-02", "to": "2011-03-01"})),
                         400, "invalid_argument", field="to")
        self.assertError(officer.get(LINKS), 400, "invalid_argument", field="division")

    # -----------------------------------------------------------------------------------
    # 2. Bad links: the error, and nothing changed

    def test_bad_links_are_refused_and_change_nothing(self):
        # The duplicate below needs an existing link: 牙城村 for xp_leader in 2012
        self.create_link(leader="xp_leader", village_code=T2_V1, **{"from": "2012-01-01", "to": "2012-06-30"})
        tomorrow = iso(today_cn() + DAY)
        cases = [
            # (who, body, status, field)
            ("xp_officer", self.link_body(**{"from": "2012-09-01", "to": "2012-08-31"}), 400, "to"),
            ("xp_officer", self.link_body(village_code=...), 400, "unit_id"),
            ("xp_officer", self.link_body(village_code=None), 400, "unit_id"),
            ("xp_officer", self.link_body(unit_id=self.civil_unit["id"]), 400, "village_code"),
            ("xp_officer", self.link_body(**{"from": ...}), 400, "from"),
            ("xp_officer", self.link_body(**{"from": "2012-02-30"}), 400, "from"),
            ("xp_officer", self.link_body(**{"from": "1999-12-31"}), 400, "from"),
            ("xp_officer", self.link_body(**{"to": "12/31/2012"}), 400, "to"),
            ("xp_officer", self.link_body(leader_user_id=...), 400, "leader_user_id"),
            ("xp_officer", self.link_body(leader_user_id="5"), 400, "leader_user_id"),
            ("xp_officer", self.link_body(village_code="3509211012"), 400, "village_code"),
            ("xp_officer", self.link_body(notes="联" * 2001), 400, "notes"),
            ("xp_officer", dict(self.link_body(), target="village"), 400, "target"),
            ("xp_officer", self.link_body(leader_user_id=99999999), 422, "leader_user_id"),
            ("xp_officer", self.link_body(village_code=..., unit_id=99999999), 422, "unit_id"),
            ("xp_officer", self.link_body(village_code=T1), 422, "village_code"),            # a township
            ("xp_officer", self.link_body(village_code="350921101299"), 422, "village_code"),  # no such village
            ("xp_officer", self.link_body(village_code=OTHER_VILLAGE), 422, "village_code"),   # another county
            # Outside the caller's scope: the village, the unit, the leader
            ("t0_officer", self.link_body("t0_leader", village_code=T1_V2), 422, "village_code"),
            ("t0_officer", self.link_body("t0_leader", village_code=..., unit_id=self.civil_unit["id"]), 422,
             "unit_id"),
            ("t0_officer", self.link_body("t1_leader", village_code=T0_V1), 422, "leader_user_id"),
            ("t0_officer", self.link_body("xp_leader", village_code=T0_V1), 422, "leader_user_id"),
            ("v0_cadre", self.link_body("t0_leader", village_code=T0_V1), 422, "leader_user_id"),
            # The same leader and village for an overlapping period
            ("xp_officer", self.link_body(village_code=T2_V1, **{"from": "2012-06-30", "to": None}), 409, "from"),
            # Without linkage.manage
            ("xp_viewer", self.link_body(), 403, None),
            ("xp_civil", self.link_body(), 403, None),
        ]
        for who, body, status, field in cases:
            with self.subTest(who=who, field=field, body=body):
                snap = self.snapshot_of(self.county_links)
                self.assertRefused(self.c[who].post(LINKS, body), status, field, snap)
        # A first day more than 366 days ahead is refused; tomorrow is a valid planned start
        snap = self.snapshot_of(self.county_links)
        far = iso(today_cn() + 400 * DAY)
        self.assertRefused(self.c["xp_officer"].post(LINKS, self.link_body(**{"from": far, "to": None})), 400,
                           "from", snap)
        planned = self.create_link(leader="xp_secretary", village_code=T0_V2, **{"from": tomorrow, "to": None})
        self.assertEqual(planned["from"], tomorrow)
        # And a link that does not overlap the existing one is accepted
        after = self.create_link(leader="xp_leader", village_code=T2_V1, **{"from": "2012-07-01", "to": "2012-12-31"})
        self.assertEqual(after["from"], "2012-07-01")

    # -----------------------------------------------------------------------------------
    # 3. Bad visits: the error, and nothing changed

    def test_bad_visits_are_refused_and_change_nothing(self):
        away_from_midnight()
        link = self.create_link(leader="xp_leader", village_code=T0_V1, **{"from": "2013-01-01", "to": "2013-06-30"})
        lid = link["id"]
        path = f"{LINKS}/{lid}/visits"
        good = {"visited_on": "2013-03-03", "notes": "走访困难群众", "results": "落实救助"}
        cases = [
            # (who, body, status, field)
            ("xp_officer", dict(good, visited_on="2013-07-01"), 422, "visited_on"),   # after the link's period
            ("xp_officer", dict(good, visited_on="2012-12-31"), 422, "visited_on"),   # before it
            ("xp_officer", dict(good, visited_on=iso(today_cn() + DAY)), 400, "visited_on"),  # in the future
            ("xp_officer", dict(good, visited_on="2013-02-30"), 400, "visited_on"),
            ("xp_officer", {k: v for k, v in good.items() if k != "visited_on"}, 400, "visited_on"),
            ("xp_officer", dict(good, notes="   "), 400, "notes"),
            ("xp_officer", dict(good, notes="\u3000"), 400, "notes"),
            ("xp_officer", {k: v for k, v in good.items() if k != "notes"}, 400, "notes"),
            ("xp_officer", dict(good, results="果" * 2001), 400, "results"),
            ("xp_officer", dict(good, division_code="35092100100"), 400, "division_code"),
            ("xp_officer", dict(good, division_code="350921001099"), 422, "division_code"),  # no such place
            ("xp_officer", dict(good, division_code=OTHER_VILLAGE), 422, "division_code"),   # outside scope
            ("xp_officer", dict(good, hours=2), 400, "hours"),                               # unknown field
            ("xp_viewer", good, 403, None),
            ("t1_leader", good, 404, None),   # The link (龙津社区) is outside 长春镇.
        ]
        for who, body, status, field in cases:
            with self.subTest(who=who, field=field, body=body):
                snap = self.snapshot_of(lambda: self.get_link(lid))
                self.assertRefused(self.c[who].post(path, body), status, field, snap)
        snap = self.snapshot_of(self.county_links)
        self.assertRefused(self.c["xp_officer"].post(f"{LINKS}/99999999/visits", good), 404, None, snap)
        # Both ends of the period are inside it, and the village's own cadre may record a visit
        first = self.visit(lid, visited_on="2013-01-01")
        last = self.visit(lid, self.c["v0_cadre"], visited_on="2013-06-30")
        self.assertEqual(self.get_link(lid)["visits"], [first, last])
        self.assertEqual(last["recorded_by"], self.uid["v0_cadre"])

    # -----------------------------------------------------------------------------------
    # 4. Scope

    def test_a_link_outside_scope_is_not_found(self):
        # Given a link of 长春镇's head to 洪江村
        link = self.create_link(self.c["t1_leader"], leader="t1_leader", village_code=T1_V2,
                                **{"from": "2014-01-01", "to": "2014-12-31"})
        # Then 松城街道's officer and 龙津社区's cadre get 404 reading it or listing 长春镇
        for who in ("t0_officer", "v0_cadre"):
            with self.subTest(who):
                self.assertError(self.c[who].get(f"{LINKS}/{link['id']}"), 404, "not_found")
                self.assertError(self.c[who].get(LINKS + q(division=T1)), 404, "not_found", field="division")
        self.assertError(self.c["xp_officer"].get(LINKS + q(division=OTHER_COUNTY)), 404, "not_found",
                         field="division")
        # While the township head, the county officer and the county reader see it
        for who in ("t1_leader", "xp_officer", "xp_viewer"):
            self.assertEqual(self.get_link(link["id"], self.c[who])["id"], link["id"])
        # A user without activity.read or linkage.manage reads nothing
        self.assertError(self.c["xp_civil"].get(f"{LINKS}/{link['id']}"), 403, "permission_denied")
        self.assertError(self.c["xp_civil"].get(LINKS + q(division=COUNTY)), 403, "permission_denied")

    # -----------------------------------------------------------------------------------
    # 5. 双报到: registrations and services

    def test_register_members_and_record_services(self):
        officer = self.c["xp_officer"]
        # Given a member of 县民政局 registered at 龙津社区 and one of 松城街道办事处 at 西关社区
        a = self.register(member_name="欧阳明远", registered_on="2015-03-01")
        b = self.register(self.c["t0_officer"], member_name="司马青云", unit_id=self.t0_gov["id"],
                          community_code=T0_V2, registered_on="2015-04-01")
        # Then the name is masked, never shown in clear
        self.assertEqual({k: v for k, v in a.items() if k != "id"},
                         {"member_name": "欧***", "unit_id": self.civil_unit["id"], "community_code": T0_V1,
                          "registered_on": "2015-03-01"})
        self.assertEqual(b["member_name"], "司***")
        # When services are recorded: with hours, without, with half an hour
        s2 = self.serve(a["id"], served_on="2015-06-01", content="为辖区老人义务测血压", hours=1.5)
        s1 = self.serve(a["id"], served_on="2015-03-01", content="参加社区环境卫生整治", hours=...)
        s3 = self.serve(b["id"], served_on="2015-05-05", hours=0.5)
        # Then they are stored as given and the registration lists them by day
        self.assertEqual({k: v for k, v in s2.items() if k != "id"},
                         {"registration_id": a["id"], "served_on": "2015-06-01", "content": "为辖区老人义务测血压",
                          "hours": 1.5, "recorded_by": self.uid["xp_officer"]})
        self.assertIsNone(s1["hours"])
        self.assertEqual(s3["hours"], 0.5)
        self.assertEqual(self.get_registration(a["id"]), dict(a, services=[s1, s2]))
        self.assertEqual(self.get_registration(b["id"], self.c["xp_viewer"]), dict(b, services=[s3]))
        # And the lists: by place, by unit, masked; the township's officer sees 松城街道's
        items = officer.all_before_id(REGISTRATIONS + q(division=T0))
        self.assertIn(a, items)
        self.assertIn(b, items)
        by_unit = officer.all_before_id(REGISTRATIONS + q(division=COUNTY, unit_id=self.t0_gov["id"]))
        self.assertIn(b, by_unit)
        self.assertNotIn(a, by_unit)
        self.assertTrue(all(r["unit_id"] == self.t0_gov["id"] for r in by_unit), by_unit)
        self.assertEqual(self.c["t0_officer"].get(REGISTRATIONS + q(division=T0_V2)).json()["items"][0], b)
        for path in (REGISTRATIONS + q(division=COUNTY), f"{REGISTRATIONS}/{a['id']}", f"{REGISTRATIONS}/{b['id']}"):
            text = officer.get(path).text
            self.assertNotIn("欧阳明远", text)
            self.assertNotIn("司马青云", text)
        # A registration outside the reader's scope is 404; a list outside it too
        self.assertError(self.c["t1_leader"].get(f"{REGISTRATIONS}/{a['id']}"), 404, "not_found")
        self.assertError(self.c["t1_leader"].get(REGISTRATIONS + q(division=T0)), 404, "not_found", field="division")
        self.assertError(self.c["xp_civil"].get(REGISTRATIONS + q(division=COUNTY)), 403, "permission_denied")

    def test_bad_registrations_are_refused_and_change_nothing(self):
        body = {"member_name": "上官若水", "unit_id": self.civil_unit["id"], "community_code": T0_V1,
                "registered_on": "2016-03-01"}
        cases = [
            ("xp_officer", dict(body, member_name="  "), 400, "member_name"),
            ("xp_officer", dict(body, member_name="\u3000"), 400, "member_name"),
            ("xp_officer", dict(body, member_name="名" * 51), 400, "member_name"),
            ("xp_officer", {k: v for k, v in body.items() if k != "member_name"}, 400, "member_name"),
            ("xp_officer", {k: v for k, v in body.items() if k != "unit_id"}, 400, "unit_id"),
            ("xp_officer", dict(body, registered_on=iso(today_cn() + 2 * DAY)), 400, "registered_on"),
            ("xp_officer", dict(body, registered_on="2016-13-01"), 400, "registered_on"),
            ("xp_officer", dict(body, community_code="35092100100a"), 400, "community_code"),
            ("xp_officer", dict(body, unit_id=99999999), 422, "unit_id"),
            ("xp_officer", dict(body, community_code=T0), 422, "community_code"),              # a township
            ("xp_officer", dict(body, community_code="350921001099"), 422, "community_code"),  # no such community
            ("t0_officer", dict(body, community_code=T1_V2), 422, "community_code"),           # outside scope
            ("xp_officer", dict(body, community_code=OTHER_VILLAGE), 422, "community_code"),
            ("xp_viewer", body, 403, None),
            ("xp_civil", body, 403, None),
        ]
        for who, b, status, field in cases:
            with self.subTest(who=who, field=field, body=b):
                snap = self.snapshot_of(self.county_registrations)
                self.assertRefused(self.c[who].post(REGISTRATIONS, b), status, field, snap)

    def test_bad_services_are_refused_and_change_nothing(self):
        away_from_midnight()
        reg = self.register(member_name="诸葛安然", community_code=T1_V1, registered_on="2016-05-01")
        rid = reg["id"]
        path = f"{REGISTRATIONS}/{rid}/services"
        good = {"served_on": "2016-06-01", "content": "开展反诈宣传入户", "hours": 2}
        cases = [
            ("xp_officer", dict(good, content=""), 400, "content"),
            ("xp_officer", dict(good, content="  \u3000 "), 400, "content"),
            ("xp_officer", {k: v for k, v in good.items() if k != "content"}, 400, "content"),
            ("xp_officer", dict(good, hours=-1), 400, "hours"),
            ("xp_officer", dict(good, hours=-0.5), 400, "hours"),
            ("xp_officer", dict(good, hours=24.5), 400, "hours"),
            ("xp_officer", dict(good, hours="2"), 400, "hours"),
            ("xp_officer", dict(good, served_on=iso(today_cn() + DAY)), 400, "served_on"),
            ("xp_officer", dict(good, served_on="2016-04-30"), 422, "served_on"),  # before the registration
            ("xp_officer", {k: v for k, v in good.items() if k != "served_on"}, 400, "served_on"),
            ("xp_viewer", good, 403, None),
            ("t0_officer", good, 404, None),  # 莲花山社区 is outside 松城街道.
        ]
        for who, b, status, field in cases:
            with self.subTest(who=who, field=field, body=b):
                snap = self.snapshot_of(lambda: self.get_registration(rid))
                self.assertRefused(self.c[who].post(path, b), status, field, snap)
        snap = self.snapshot_of(self.county_registrations)
        self.assertRefused(self.c["xp_officer"].post(f"{REGISTRATIONS}/99999999/services", good), 404, None, snap)
        # The registration day itself and 0 hours are fine
        s = self.serve(rid, served_on="2016-05-01", hours=0)
        self.assertEqual((s["served_on"], s["hours"]), ("2016-05-01", 0))

    # -----------------------------------------------------------------------------------
    # 6. Audit

    def test_writes_are_audited_without_personal_data(self):
        n0 = self.auditor.audit_count()
        link = self.create_link(leader="t0_leader", village_code=T0_V2, **{"from": "2017-01-01", "to": "2017-12-31"})
        self.visit(link["id"], visited_on="2017-02-02")
        reg = self.register(member_name="端木清扬", registered_on="2017-01-05")
        self.serve(reg["id"], served_on="2017-01-06")
        self.assertEqual(self.auditor.audit_count(), n0 + 4)
        records = self.auditor.all_items("/api/v1/audit")
        mine = [r for r in records if r["object"] in (f"linkage:{link['id']}", f"community_registration:{reg['id']}")]
        self.assertEqual(sorted(r["action"] for r in mine),
                         ["community_registration.create", "community_registration.service", "linkage.create",
                          "linkage.visit"])
        self.assertTrue(all(r["actor"] == "xp_officer" and r["outcome"] == "ok" for r in mine), mine)
        self.assertNotIn("端木清扬", str(records), "a member's name is never audited")


class LinkageCoverageTest(LinkageCase):
    """GET /api/v1/metrics/linkage on a server of its own, with exactly these links:

    L1 xp_leader → 洪江村, from 300 days ago, open; visits 250 and 20 days ago.
    L2 xp_secretary → 龙津社区居委会 (a unit in 龙津社区), from 300 days ago, open; a visit 150 days ago.
    L3 t0_leader → 西关社区, from 400 to 250 days ago (ended); a visit 300 days ago.
    L4 xp_leader → 松城街道办事处 (a township unit), from 35 days ago, open; no visit.
    L5 t1_leader → 莲花山社区, from 300 to 60 days ago (ended); a visit 280 days ago.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.make_links()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def make_links(cls):
        t = today_cn()
        officer = cls.c["xp_officer"]

        def link(leader, target, frm, to):
            body = {"leader_user_id": cls.uid[leader], "from": iso(frm), "to": iso(to) if to else None}
            body.update(target)
            r = officer.post(LINKS, body)
            assert r.status == 201, r
            return r.json()

        def visit(lk, day):
            r = officer.post(f"{LINKS}/{lk['id']}/visits", {"visited_on": iso(day), "notes": "走访"})
            assert r.status == 201, r

        cls.l1 = link("xp_leader", {"village_code": T1_V2}, t - 300 * DAY, None)
        cls.l2 = link("xp_secretary", {"unit_id": cls.longjin_committee["id"]}, t - 300 * DAY, None)
        cls.l3 = link("t0_leader", {"village_code": T0_V2}, t - 400 * DAY, t - 250 * DAY)
        cls.l4 = link("xp_leader", {"unit_id": cls.t0_gov["id"]}, t - 35 * DAY, None)
        cls.l5 = link("t1_leader", {"village_code": T1_V1}, t - 300 * DAY, t - 60 * DAY)
        visit(cls.l1, t - 250 * DAY)
        visit(cls.l1, t - 20 * DAY)
        visit(cls.l2, t - 150 * DAY)
        visit(cls.l3, t - 300 * DAY)
        visit(cls.l5, t - 280 * DAY)

    def report(self, client=None, **params):
        r = (client or self.c["xp_officer"]).get(LINK_METRICS + q(**params))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def test_coverage_of_the_county(self):
        away_from_midnight()
        t = today_cn()
        period = {"from": iso(t - 200 * DAY), "to": iso(t)}
        # When the county's coverage of the last 200 days is read with the default N = 3
        r = self.report(division=COUNTY, **period)
        # Then four links were active (L3 ended before the period) with two visits in it (L1's
        # and L2's; L5's was before)
        self.assertEqual((r["division"], r["from"], r["to"], r["months"], r["as_of"]),
                         (COUNTY, period["from"], period["to"], 3, iso(t)))
        self.assertEqual((r["links_active"], r["visits"]), (4, 2))
        # And 西关社区 (only L3, ended) and 牙城村 (none) are the villages without a link; L2 reaches
        # 龙津社区 through its village committee, L5 reached 莲花山社区 during the period
        self.assertEqual(r["coverage"], {"villages": 5, "linked": 3,
                                         "unlinked": [{"code": T0_V2, "name": "西关社区居委会"},
                                                      {"code": T2_V1, "name": "牙城村委会"}]})
        # And only L2 went unvisited in the last three months (L1 was visited 20 days ago, L4 is
        # younger than three months, L5 no longer runs), with its last visit
        self.assertEqual(r["unvisited"], [dict(self.l2, last_visit=iso(t - 150 * DAY))])
        # With N = 6 L2's visit 150 days ago counts; with N = 1 L4 (35 days old) is overdue too
        self.assertEqual(self.report(division=COUNTY, months=6, **period)["unvisited"], [])
        one = self.report(division=COUNTY, months=1, **period)
        self.assertEqual([u["id"] for u in one["unvisited"]], [self.l2["id"], self.l4["id"]])
        self.assertIsNone(one["unvisited"][1]["last_visit"])
        # division_code is an alias of division
        self.assertEqual(self.report(division_code=COUNTY, **period), r)

    def test_coverage_of_a_township_a_village_and_the_past(self):
        away_from_midnight()
        t = today_cn()
        period = {"from": iso(t - 200 * DAY), "to": iso(t)}
        # 松城街道 for its own officer: L2 (龙津) and L4 (the township's office); 西关 unlinked
        r = self.report(self.c["t0_officer"], division=T0, **period)
        self.assertEqual((r["links_active"], r["visits"]), (2, 1))
        self.assertEqual(r["coverage"], {"villages": 2, "linked": 1,
                                         "unlinked": [{"code": T0_V2, "name": "西关社区居委会"}]})
        self.assertEqual([u["id"] for u in r["unvisited"]], [self.l2["id"]])
        # 洪江村 alone, read with statistics.read/activity.read (the viewer)
        r = self.report(self.c["xp_viewer"], division=T1_V2, **period)
        self.assertEqual((r["links_active"], r["coverage"]), (1, {"villages": 1, "linked": 1, "unlinked": []}))
        # A period in the past is looked at as of its last day
        past = {"from": iso(t - 400 * DAY), "to": iso(t - 260 * DAY)}
        r = self.report(division=COUNTY, **past)
        self.assertEqual(r["as_of"], past["to"])
        self.assertEqual(r["links_active"], 4)  # L1, L2, L3 and L5 (L4 began later).

    def test_bad_report_queries(self):
        t = today_cn()
        period = {"from": iso(t - 30 * DAY), "to": iso(t)}
        cases = [
            ("xp_officer", dict(period, months=0), 400, "invalid_argument", "months"),
            ("xp_officer", dict(period, months=25), 400, "invalid_argument", "months"),
            ("xp_officer", dict(period, months="three"), 400, "invalid_argument", "months"),
            ("xp_officer", {"from": period["to"], "to": period["from"]}, 400, "invalid_argument", "to"),
            ("xp_officer", {"from": period["from"]}, 400, "invalid_argument", "to"),
            ("xp_officer", {"to": period["to"]}, 400, "invalid_argument", "from"),
        ]
        for who, params, status, code, field in cases:
            with self.subTest(params=params):
                self.assertError(self.c[who].get(LINK_METRICS + q(division=COUNTY, **params)), status, code,
                                 field=field)
        self.assertError(self.c["xp_officer"].get(LINK_METRICS + q(**period)), 400, "invalid_argument",
                         field="division")
        self.assertError(self.c["t0_officer"].get(LINK_METRICS + q(division=T1, **period)), 404, "not_found",
                         field="division")
        self.assertError(self.c["xp_civil"].get(LINK_METRICS + q(division=COUNTY, **period)), 403,
                         "permission_denied")


class CommunityServiceComplianceTest(LinkageCase):
    """GET /api/v1/metrics/community-service on a data folder of its own; the rule K comes from
    <data>/community_service_rule.txt, read when the server starts.

    This year Y (China time) and the last:
      M1 (县民政局) at 龙津社区, registered Y-1-06-01: services Y-1-07-01; two in Y.
      M2 (县民政局) at 龙津社区, registered Y-1-06-01: one service in Y.
      M3 (松城街道办事处) at 西关社区, registered Y-1-06-01: two services in Y-1, none in Y.
      M4 (县民政局) at 洪江村, registered Y-1-06-01: three services in Y.
      M5 (县民政局) at 西关社区, registered today: none.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.make_members()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def make_members(cls):
        t = today_cn()
        cls.year = t.year
        last = cls.year - 1
        officer = cls.c["xp_officer"]

        def this_year(k):
            return min(datetime.date(cls.year, 1, 1) + k * DAY, t)

        def register(name, unit, community, on):
            r = officer.post(REGISTRATIONS, {"member_name": name, "unit_id": unit["id"], "community_code": community,
                                             "registered_on": iso(on)})
            assert r.status == 201, r
            return r.json()

        def serve(reg, day):
            r = officer.post(f"{REGISTRATIONS}/{reg['id']}/services", {"served_on": iso(day), "content": "志愿服务"})
            assert r.status == 201, r

        joined = datetime.date(last, 6, 1)
        cls.m1 = register("欧阳一鸣", cls.civil_unit, T0_V1, joined)
        cls.m2 = register("司马二川", cls.civil_unit, T0_V1, joined)
        cls.m3 = register("诸葛三省", cls.t0_gov, T0_V2, joined)
        cls.m4 = register("上官四海", cls.civil_unit, T1_V2, joined)
        cls.m5 = register("端木五岳", cls.civil_unit, T0_V2, t)
        serve(cls.m1, datetime.date(last, 7, 1))
        serve(cls.m1, this_year(0))
        serve(cls.m1, this_year(1))
        serve(cls.m2, this_year(2))
        serve(cls.m3, datetime.date(last, 8, 1))
        serve(cls.m3, datetime.date(last, 9, 1))
        for k in range(3):
            serve(cls.m4, this_year(k))

    def compliance(self, client=None, **params):
        r = (client or self.c["xp_officer"]).get(SERVICE_METRICS + q(**params))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def below(self, *members_and_services):
        return [dict(m, services=n) for m, n in members_and_services]

    def restart(self, rule_text):
        """Restarts the server with <data>/community_service_rule.txt holding `rule_text` (None: absent)."""
        self.stopServer(self.server)
        path = os.path.join(self.env.data, "community_service_rule.txt")
        if rule_text is None:
            if os.path.exists(path):
                os.remove(path)
        else:
            write_file(path, rule_text)
        type(self).server = self.env.start_server()
        type(self).login_all()

    def test_compliance_with_the_default_rule_and_a_configured_one(self):
        y = self.year
        # With no rule file K is 1: M1, M2 and M4 meet it; M3 (none this year) and M5 do not
        r = self.compliance(division=COUNTY, year=y)
        self.assertEqual(r, {"division": COUNTY, "year": y, "min_services_per_year": 1, "registered": 5,
                             "compliant": 3, "below": 2, "services": 6,
                             "below_registrations": self.below((self.m3, 0), (self.m5, 0))})
        # The year defaults to this year
        self.assertEqual(self.compliance(division=COUNTY), r)
        # Last year: M5 was not registered yet; M1 and M3 served
        r = self.compliance(division=COUNTY, year=y - 1)
        self.assertEqual((r["registered"], r["compliant"], r["below"], r["services"]), (4, 2, 2, 3))
        self.assertEqual(r["below_registrations"], self.below((self.m2, 0), (self.m4, 0)))
        # 松城街道 for its own officer: M1, M2, M3, M5 (M4 is in 长春镇)
        r = self.compliance(self.c["t0_officer"], division=T0, year=y)
        self.assertEqual((r["registered"], r["compliant"], r["below"]), (4, 2, 2))
        # Names are masked everywhere
        text = self.c["xp_officer"].get(SERVICE_METRICS + q(division=COUNTY, year=y)).text
        for name in ("诸葛三省", "端木五岳"):
            self.assertNotIn(name, text)
        self.assertEqual([b["member_name"] for b in self.compliance(division=COUNTY, year=y)["below_registrations"]],
                         ["诸***", "端***"])

        # When the data folder says "at least 2 a year" and the server restarts
        self.restart("# 每名在职党员每年到社区服务不少于2次\nmin_services_per_year 2\n")
        # Then M2 (one service) is below too
        r = self.compliance(division=COUNTY, year=y)
        self.assertEqual((r["min_services_per_year"], r["registered"], r["compliant"], r["below"]), (2, 5, 2, 3))
        self.assertEqual(r["below_registrations"], self.below((self.m2, 1), (self.m3, 0), (self.m5, 0)))

        # A rule file that cannot be read stops the server from starting, naming the file and the line
        self.stopServer(self.server)
        write_file(os.path.join(self.env.data, "community_service_rule.txt"), "min_services_per_year 0\n")
        proc = self.env.cli("serve", "--listen", "127.0.0.1:0", timeout=60)
        self.assertCliError(proc, "community_service_rule.txt", "第1行")
        # And without the file the default holds again
        self.restart(None)
        self.assertEqual(self.compliance(division=COUNTY, year=y)["min_services_per_year"], 1)

    def test_bad_compliance_queries(self):
        for params, field in (({"year": 1999}, "year"), ({"year": 2101}, "year"), ({"year": "今年"}, "year")):
            with self.subTest(params=params):
                self.assertError(self.c["xp_officer"].get(SERVICE_METRICS + q(division=COUNTY, **params)), 400,
                                 "invalid_argument", field=field)
        self.assertError(self.c["xp_officer"].get(SERVICE_METRICS), 400, "invalid_argument", field="division")
        self.assertError(self.c["t0_officer"].get(SERVICE_METRICS + q(division=T1)), 404, "not_found",
                         field="division")
        self.assertError(self.c["xp_civil"].get(SERVICE_METRICS + q(division=COUNTY)), 403, "permission_denied")


class LinkageCoveragePostgresTest(LinkageCoverageTest):
    """The coverage report on PostgreSQL (skipped unless run under tests/with_postgres.sh)."""

    backend = "postgres"


class CommunityServiceCompliancePostgresTest(CommunityServiceComplianceTest):
    """The compliance report on PostgreSQL (skipped unless run under tests/with_postgres.sh)."""

    backend = "postgres"


class DemoLinkageTest(SixiaTestCase):
    """`sixia demo --petitions 20` adds leaders' links with visits through the year and 30
    synthetic Party members registered at communities with their services."""

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

    def test_the_demo_links_and_registrations_are_counted(self):
        m = re.search(r"linkage: (\d+) links, (\d+) visits; (\d+) community registrations, (\d+) services",
                      self.demo_out)
        self.assertIsNotNone(m, self.demo_out)
        links, visits, registrations, services = map(int, m.groups())
        self.assertGreaterEqual(links, 4)
        self.assertGreater(visits, links)
        self.assertEqual(registrations, 30)
        officer = Client(self.server)
        officer.login("xp_officer")
        # The links are listed, each with its visits inside its period
        items = officer.all_before_id(LINKS + q(division=COUNTY))
        self.assertEqual(len(items), links)
        recorded = 0
        for link in items:
            full = officer.get(f"{LINKS}/{link['id']}").json()
            for v in full["visits"]:
                self.assertGreaterEqual(v["visited_on"], link["from"])
                if link["to"]:
                    self.assertLessEqual(v["visited_on"], link["to"])
            recorded += len(full["visits"])
        self.assertEqual(recorded, visits)
        # The coverage of the past year counts them
        t = today_cn()
        r = officer.get(LINK_METRICS + q(division=COUNTY, **{"from": iso(t - 364 * DAY), "to": iso(t)})).json()
        self.assertEqual(r["links_active"], links)
        self.assertEqual(r["visits"], visits)
        self.assertGreaterEqual(len(r["unvisited"]), 1, "a link visited only in the first months shows up")
        # The registrations: 30 masked names; this year's compliance adds up
        regs = officer.all_before_id(REGISTRATIONS + q(division=COUNTY))
        self.assertEqual(len(regs), 30)
        self.assertTrue(all(re.fullmatch(r".\*+", x["member_name"]) for x in regs), regs)
        c = officer.get(SERVICE_METRICS + q(division=COUNTY)).json()
        self.assertEqual(c["compliant"] + c["below"], c["registered"])
        self.assertEqual(len(c["below_registrations"]), c["below"])
        self.assertGreaterEqual(c["below"], 1, "some members have not served yet")


if __name__ == "__main__":
    import unittest
    unittest.main()
