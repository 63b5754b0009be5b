"""A leader's page and visits down (下访) over HTTP against the real binary.

GET /api/v1/leaders/{id}/page, and POST /api/v1/reception-days with kind visit_down: a
leader's reception days counted against the post's quota, the visits down with the
petitions registered there (channel outreach_visit), the cases the leader owns (领导包案)
and the leader's links (挂钩联系), all counted from records; the channel must match the kind
of day; access by permission and scope.

Users (src/app/demo_data.cc): xp_officer (petition_officer, county: reception.manage,
petition.register, petition.dispose), xp_leader (leader, county), t1_leader (leader, 长春镇),
t0_officer (petition_officer, 松城街道), xp_civil (unit_handler: no activity permission).
Only synthetic people.
"""

import datetime

from sixia_harness import ServerTestCase, query as q
from test_field_sessions import new_petitioner

DAYS = "/api/v1/reception-days"
PETITIONS = "/api/v1/petitions"
T1_V2 = "350921101201"  # 洪江村
CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.timedelta(days=1)


def today():
    return datetime.datetime.now(CHINA).date()


class LeaderPageTest(ServerTestCase):
    logins = ("xp_officer", "xp_leader", "t1_leader", "t0_officer", "xp_civil")

    def ok(self, r, status=201):
        self.assertEqual(r.status, status, r)
        return r.json()

    def day(self, leader, kind, when):
        return self.ok(self.c["xp_officer"].post(DAYS, {
            "division_code": T1_V2, "venue": "洪江村委会", "held_on": when.isoformat(), "kind": kind,
            "leader_user_ids": [self.uid[leader]]}))

    def petition(self, channel, day_id=None):
        body = {"channel": channel, "petition_class": "grievance", "title": "灌溉水渠堵塞",
                "content": "村里灌溉水渠堵塞多年，影响春耕，下访时当面反映。", "requests": "请求疏通水渠",
                "division_code": T1_V2, "petitioners": [dict(new_petitioner(), division_code=T1_V2)]}
        if day_id:
            body["reception_day_id"] = day_id
        return self.c["xp_officer"].post(PETITIONS, body)

    def page(self, client, leader, frm, to):
        return client.get(f"/api/v1/leaders/{self.uid[leader]}/page" + q(**{"from": frm.isoformat(), "to": to.isoformat()}))

    def test_the_page_counts_days_visits_down_and_owned_cases(self):
        t = today()
        # Given xp_leader is the county head (one reception day a month), with a reception day
        # and a visit down today, two petitions registered on the visit down, and one case owned
        self.ok(self.admin.put(f"/api/v1/users/{self.uid['xp_leader']}/leader-post", {"post": "county_head"}), 200)
        reception = self.day("xp_leader", "reception", t)
        down = self.day("xp_leader", "visit_down", t)
        self.assertEqual((reception["kind"], down["kind"]), ("reception", "visit_down"))
        first = self.ok(self.petition("outreach_visit", down["id"]))
        self.ok(self.petition("outreach_visit", down["id"]))
        # The channel must match the kind of day
        self.assertError(self.petition("reception_day", down["id"]), 400, "invalid_argument", field="channel")
        self.assertError(self.petition("outreach_visit", reception["id"]), 400, "invalid_argument", field="channel")
        self.ok(self.c["xp_leader"].post(f"{PETITIONS}/{first['id']}/actions/set_owning_leader",
                                         {"owning_leader_user_id": self.uid["xp_leader"]}), 200)
        # When the leader's page for this month so far is read
        month_start = t.replace(day=1)
        page = self.ok(self.page(self.c["xp_officer"], "xp_leader", month_start, t), 200)
        # Then the reception day counts for the quota and the visit down does not
        self.assertEqual(page["post"], "county_head")
        self.assertIn(reception["id"], [d["id"] for d in page["reception"]["days"]])
        self.assertNotIn(down["id"], [d["id"] for d in page["reception"]["days"]])
        self.assertGreaterEqual(page["reception"]["held"], 1)
        self.assertTrue(page["reception"]["met"])
        visits = {d["id"]: d for d in page["visits_down"]}
        self.assertEqual(visits[down["id"]]["counts"]["petitions"], 2)
        self.assertEqual(visits[down["id"]]["counts"]["people"], 2)
        self.assertIn(first["id"], [c["id"] for c in page["owned_cases"]])
        # And the leader reads their own page too
        own = self.ok(self.page(self.c["xp_leader"], "xp_leader", month_start, t), 200)
        self.assertEqual(own["reception"]["held"], page["reception"]["held"])

    def test_access_and_bad_queries(self):
        t = today()
        # A county leader's page is outside a township officer's scope
        self.assertError(self.page(self.c["t0_officer"], "xp_leader", t, t), 404, "not_found")
        self.assertError(self.page(self.c["xp_civil"], "t1_leader", t, t), 403, "permission_denied")
        self.assertError(self.c["xp_officer"].get("/api/v1/leaders/99999999/page" + q(**{"from": t.isoformat(),
                                                                                           "to": t.isoformat()})),
                         404, "not_found")
        self.assertError(self.page(self.c["xp_officer"], "t1_leader", t, t - 2 * DAY), 400, "invalid_argument",
                         field="to")
        self.assertError(self.c["xp_officer"].post(DAYS, {"division_code": T1_V2, "venue": "村委会",
                                                          "held_on": t.isoformat(), "kind": "inspection",
                                                          "leader_user_ids": [self.uid["t1_leader"]]}),
                         400, "invalid_argument", field="kind")
        # A township leader's page within the county officer's scope is readable
        self.assertEqual(self.page(self.c["xp_officer"], "t1_leader", t - 30 * DAY, t).status, 200)
