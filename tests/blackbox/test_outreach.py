"""Policy outreach (宣传下基层) over HTTP against the real binary.

POST/GET /api/v1/outreach-events, GET /api/v1/outreach-events/{id} and
GET /api/v1/metrics/outreach: recording events, listing them (filters, keyset paging),
the totals with the counted/estimated split, the report sentence and village coverage;
bad input (error shape and nothing changed) and access (permission, scope).

One server for the class. The tests share it, so each test records its events on days of
its own (a month of 2021, 2022, …) and reads only that period; the "nothing changed" checks
read everything from 2000-01-01 to today.

Small division tree of the harness (霞浦县 350921):
  松城街道 350921001 (t0): 龙津社区 350921001001, 西关社区 350921001002
  长春镇   350921101 (t1): 莲花山社区 350921101001, 洪江村 350921101201
  牙城镇   350921102 (t2): 牙城村 350921102201
Users (src/app/demo_data.cc): xp_leader (leader, county), t0_leader / t1_leader (leader of
their township), v0_cadre (village_cadre of 龙津社区) hold outreach.record; xp_officer,
t0_officer (petition_officer) and xp_viewer (viewer) only activity.read; xp_civil
(unit_handler) neither; xp_auditor reads the audit log.
"""

import datetime

from sixia_harness import (COUNTY, OTHER_COUNTY, T0, T1, ServerTestCase, query as q)

EVENTS = "/api/v1/outreach-events"
METRICS = "/api/v1/metrics/outreach"

T0_V1 = "350921001001"  # 龙津社区居委会 (v0_cadre's village)
T0_V2 = "350921001002"  # 西关社区居委会
T1_V1 = "350921101001"  # 莲花山社区居民委员会
T1_V2 = "350921101201"  # 洪江村委会
T2 = "350921102000"     # 牙城镇
T2_V1 = "350921102201"  # 牙城村委会
COUNTY_VILLAGES = [T0_V1, T0_V2, T1_V1, T1_V2, T2_V1]
VILLAGE_NAMES = {
    T0_V1: "龙津社区居委会", T0_V2: "西关社区居委会", T1_V1: "莲花山社区居民委员会",
    T1_V2: "洪江村委会", T2_V1: "牙城村委会",
}

CHINA = datetime.timezone(datetime.timedelta(hours=8))


def today_cn():
    """Today in China time (the server's calendar for held_on)."""
    return datetime.datetime.now(CHINA).date()


def event(**over):
    """A valid event body; `over` replaces fields."""
    body = {"form": "lecture", "topic": "乡村振兴政策", "division_code": T0_V1,
            "held_on": "2020-05-05", "reached": 30}
    body.update(over)
    return body


def totals(events, reached, counted, estimated):
    return {"events": events, "reached": reached, "reached_counted": counted,
            "reached_estimated": estimated}



class OutreachTest(ServerTestCase):
    logins = ("xp_leader", "t0_leader", "t1_leader", "v0_cadre", "xp_officer", "t0_officer",
              "xp_viewer", "xp_civil", "xp_auditor")

    @classmethod
    def set_up_class(cls):
        cls.auditor = cls.c["xp_auditor"]
        cls.units = cls.admin.units()

    # ---- helpers

    def record(self, client, **over):
        body = event(**over)
        r = client.post(EVENTS, body)
        self.assertEqual(r.status, 201, f"record {body}: {r!r}")
        return r.json()

    def list_page(self, client, division, frm, to, **extra):
        r = client.get(EVENTS + q(division=division, **{"from": frm, "to": to}, **extra))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def list_all(self, client, division, frm, to, **extra):
        """Every event of the list, following next_before_id."""
        return client.all_before_id(EVENTS + q(division=division, **{"from": frm, "to": to}, **extra))

    def ids(self, client, division, frm, to, **extra):
        return [e["id"] for e in self.list_all(client, division, frm, to, **extra)]

    def metrics(self, client, division, frm, to):
        r = client.get(METRICS + q(division=division, **{"from": frm, "to": to}))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def snapshot(self):
        """What a refused request must leave unchanged: every event of the county, the county's
        metrics since 2000 and the length of the audit log."""
        leader = self.c["xp_leader"]
        today = today_cn().isoformat()
        return (self.list_all(leader, COUNTY, "2000-01-01", today),
                self.metrics(leader, COUNTY, "2000-01-01", today),
                self.auditor.audit_count())

    def assertRefused(self, resp, status, code, field, before):
        self.assertError(resp, status, code, field=field)
        self.assertEqual(self.snapshot(), before, "a refused request must change nothing")

    # -----------------------------------------------------------------------------------
    # 1. Record, get, list (period: March 2021, 松城街道)

    def test_record_get_and_list_newest_first_with_filters(self):
        cadre, leader = self.c["v0_cadre"], self.c["t0_leader"]
        # Given a village cadre and a township leader, both with outreach.record
        # When the cadre records a 院坝会 in their own village
        body = event(form="courtyard_meeting", topic="乡村振兴政策", division_code=T0_V1,
                     held_on="2021-03-05", reached=45, reached_estimated=False,
                     notes="签到表45人")
        r = cadre.post(EVENTS, body)
        # Then it is stored as given, organised by the caller
        self.assertEqual(r.status, 201, r)
        first = r.json()
        self.assertIsInstance(first["id"], int)
        self.assertGreater(first["id"], 0)
        self.assertEqual(
            {k: first[k] for k in ("form", "form_label", "topic", "division_code", "held_on", "reached",
                                   "reached_estimated", "notes", "organiser_user_id", "organiser_unit_id")},
            {"form": "courtyard_meeting", "form_label": "院坝会", "topic": "乡村振兴政策",
             "division_code": T0_V1, "held_on": "2021-03-05", "reached": 45,
             "reached_estimated": False, "notes": "签到表45人",
             "organiser_user_id": cadre.user["id"], "organiser_unit_id": None})
        # And GET by id returns exactly the stored event
        g = cadre.get(f"{EVENTS}/{first['id']}")
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json(), first)

        # When the township leader records more events, in order of their day
        town_gov = next(u for u in self.units if u["name"] == "松城街道办事处")
        loud = self.record(leader, form="loudspeaker", topic="医保政策", division_code=T0_V2,
                           held_on="2021-03-10", reached=300, reached_estimated=True,
                           organiser_unit_id=town_gov["id"])
        lect = self.record(leader, form="lecture", topic="医保政策", division_code=T0_V1,
                           held_on="2021-03-20", reached=60)
        door = self.record(leader, form="door_to_door", topic="乡村振兴政策", division_code=T0_V2,
                           held_on="2021-03-25", reached=12)
        led = self.record(leader, form="led", topic="防诈骗", division_code=T0,
                          held_on="2021-03-31", reached=0, reached_estimated=True)
        self.assertEqual(loud["organiser_unit_id"], town_gov["id"])
        self.assertEqual(loud["organiser_user_id"], leader.user["id"])
        self.assertEqual((loud["form_label"], lect["form_label"], door["form_label"], led["form_label"]),
                         ("村村响", "宣讲会", "入户走访", "LED屏"))
        self.assertTrue(loud["reached_estimated"])
        self.assertEqual(led["reached"], 0, "zero people reached is allowed")
        self.assertEqual(leader.get(f"{EVENTS}/{loud['id']}").json(), loud)
        all_ids = [first["id"], loud["id"], lect["id"], door["id"], led["id"]]
        self.assertEqual(all_ids, sorted(all_ids))

        # Then the township list of March 2021 has all five, newest first
        page = self.list_page(leader, T0, "2021-03-01", "2021-03-31")
        self.assertEqual([e["id"] for e in page["items"]], all_ids[::-1])
        self.assertNotIn("next_before_id", page, "a page that is not full has no next_before_id")
        self.assertEqual(page["items"][-1], first, "list items have the same shape as GET")
        # And the cadre (scope 龙津社区) lists the events of their village
        self.assertEqual(self.ids(cadre, T0_V1, "2021-03-01", "2021-03-31"), [lect["id"], first["id"]])
        # Filters: form, topic (exact), both
        self.assertEqual(self.ids(leader, T0, "2021-03-01", "2021-03-31", form="loudspeaker"), [loud["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-03-01", "2021-03-31", topic="医保政策"),
                         [lect["id"], loud["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-03-01", "2021-03-31", topic="医保"), [],
                         "topic is matched exactly")
        self.assertEqual(self.ids(leader, T0, "2021-03-01", "2021-03-31", form="lecture",
                                  topic="医保政策"), [lect["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-03-01", "2021-03-31", form="other"), [])
        # Date range: both ends inclusive, a single day, and a period before the events
        self.assertEqual(self.ids(leader, T0, "2021-03-06", "2021-03-20"), [lect["id"], loud["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-03-05", "2021-03-05"), [first["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-03-31", "2021-03-31"), [led["id"]])
        self.assertEqual(self.ids(leader, T0, "2021-02-01", "2021-03-04"), [])
        # Village subtree: only that village's events
        self.assertEqual(self.ids(leader, T0_V2, "2021-03-01", "2021-03-31"), [door["id"], loud["id"]])
        # The county leader sees them through the county
        self.assertEqual(self.ids(self.c["xp_leader"], COUNTY, "2021-03-01", "2021-03-31"), all_ids[::-1])

        # Keyset paging: limit 2 → 2 + 2 + 1, next_before_id is the last id of a full page
        p1 = self.list_page(leader, T0, "2021-03-01", "2021-03-31", limit=2)
        self.assertEqual([e["id"] for e in p1["items"]], [led["id"], door["id"]])
        self.assertEqual(p1["next_before_id"], door["id"])
        p2 = self.list_page(leader, T0, "2021-03-01", "2021-03-31", limit=2, before_id=p1["next_before_id"])
        self.assertEqual([e["id"] for e in p2["items"]], [lect["id"], loud["id"]])
        self.assertEqual(p2["next_before_id"], loud["id"])
        p3 = self.list_page(leader, T0, "2021-03-01", "2021-03-31", limit=2, before_id=p2["next_before_id"])
        self.assertEqual([e["id"] for e in p3["items"]], [first["id"]])
        self.assertNotIn("next_before_id", p3)
        # Paging combines with a filter
        f1 = self.list_page(leader, T0, "2021-03-01", "2021-03-31", limit=1, topic="乡村振兴政策")
        self.assertEqual([e["id"] for e in f1["items"]], [door["id"]])
        f2 = self.list_page(leader, T0, "2021-03-01", "2021-03-31", limit=1, topic="乡村振兴政策",
                            before_id=f1["next_before_id"])
        self.assertEqual([e["id"] for e in f2["items"]], [first["id"]])

    def test_list_order_is_by_recording_not_by_day(self):
        # The store's contract is "newest first (by id)": an event entered late for an earlier
        # day comes first, so that keyset paging by id never skips or repeats an event.
        leader = self.c["t0_leader"]
        # Given an event of 20 September 2023, then one of 10 September entered afterwards
        later_day = self.record(leader, held_on="2023-09-20", topic="秋季防火")
        entered_late = self.record(leader, held_on="2023-09-10", topic="秋季防火")
        # When the month is listed, one per page
        p1 = self.list_page(leader, T0, "2023-09-01", "2023-09-30", limit=1)
        p2 = self.list_page(leader, T0, "2023-09-01", "2023-09-30", limit=1, before_id=p1["next_before_id"])
        # Then the one recorded last comes first, and paging returns each once
        self.assertEqual([e["id"] for e in p1["items"] + p2["items"]], [entered_late["id"], later_day["id"]])
        p3 = self.list_page(leader, T0, "2023-09-01", "2023-09-30", limit=1, before_id=p2["next_before_id"])
        self.assertEqual(p3, {"items": []})

    def test_record_boundaries_are_accepted(self):
        leader = self.c["t0_leader"]
        today = today_cn().isoformat()
        # Given the limits: at most 1,000,000 people, not after today, not before 2000
        # When events at exactly those limits are recorded
        big = self.record(leader, form="new_media", topic="新媒体推送", division_code=T0_V1,
                          held_on="2000-01-01", reached=1_000_000, reached_estimated=True)
        now = self.record(leader, form="other", topic="今日活动", division_code=T0_V1, held_on=today,
                          reached=1, notes="")
        # Then they are stored as given
        self.assertEqual((big["reached"], big["held_on"], big["form_label"]), (1_000_000, "2000-01-01", "新媒体"))
        self.assertEqual((now["held_on"], now["form_label"], now["notes"]), (today, "其他", ""))
        self.assertFalse(now["reached_estimated"], "reached_estimated defaults to false")
        self.assertEqual(self.ids(leader, T0_V1, "2000-01-01", "2000-01-01"), [big["id"]])
        self.assertIn(now["id"], self.ids(leader, T0_V1, today, today))
        # Texts at their length limits, counted in characters (not bytes)
        long = self.record(leader, topic="政" * 100, notes="注" * 2000, division_code=T0_V2,
                           held_on="2000-01-02")
        self.assertEqual((long["topic"], long["notes"]), ("政" * 100, "注" * 2000))
        self.assertEqual(leader.get(f"{EVENTS}/{long['id']}").json(), long)

    # -----------------------------------------------------------------------------------
    # 2. Metrics (period: June 2022, 长春镇)

    def test_metrics_totals_sentence_and_coverage(self):
        t1 = self.c["t1_leader"]
        # Given three events in 长春镇 in June 2022: two in 洪江村 (one counted, one estimated)
        # and an LED screen at the township itself (covers no village)
        self.record(t1, form="lecture", topic="反诈宣传", division_code=T1_V2, held_on="2022-06-03",
                    reached=80, reached_estimated=False)
        self.record(t1, form="loudspeaker", topic="反诈宣传", division_code=T1_V2, held_on="2022-06-10",
                    reached=500, reached_estimated=True)
        self.record(t1, form="led", topic="防汛知识", division_code=T1, held_on="2022-06-15",
                    reached=1200, reached_estimated=True)
        # When the township's metrics for June are read
        m = self.metrics(t1, T1, "2022-06-01", "2022-06-30")
        # Then the totals are counted from the events, split into counted and estimated
        self.assertEqual((m["division"], m["from"], m["to"]), (T1, "2022-06-01", "2022-06-30"))
        self.assertEqual(m["total"], totals(3, 1780, 80, 1700))
        self.assertEqual(m["sentence"], "累计开展宣传活动3次，惠及1780人（其中估算1700人）")
        self.assertEqual(m["by_form"], {"lecture": totals(1, 80, 80, 0),
                                        "loudspeaker": totals(1, 500, 0, 500),
                                        "led": totals(1, 1200, 0, 1200)})
        self.assertEqual(m["by_topic"], {"反诈宣传": totals(2, 580, 80, 500),
                                         "防汛知识": totals(1, 1200, 0, 1200)})
        # And coverage lists exactly the village without an event; 洪江村 (with events) is not listed
        self.assertEqual(m["coverage"], {"villages": 2, "covered": 1,
                                         "uncovered": [{"code": T1_V1, "name": VILLAGE_NAMES[T1_V1]}]})

        # When only counted events fall in the period, the sentence has no estimated part
        m = self.metrics(t1, T1, "2022-06-01", "2022-06-05")
        self.assertEqual(m["total"], totals(1, 80, 80, 0))
        self.assertEqual(m["sentence"], "累计开展宣传活动1次，惠及80人")
        self.assertEqual(m["by_form"], {"lecture": totals(1, 80, 80, 0)})
        self.assertEqual(m["by_topic"], {"反诈宣传": totals(1, 80, 80, 0)})
        self.assertEqual(m["coverage"]["uncovered"], [{"code": T1_V1, "name": VILLAGE_NAMES[T1_V1]}])
        # Only the township-level LED event: nothing covered
        m = self.metrics(t1, T1, "2022-06-15", "2022-06-15")
        self.assertEqual(m["sentence"], "累计开展宣传活动1次，惠及1200人（其中估算1200人）")
        self.assertEqual(m["coverage"], {"villages": 2, "covered": 0, "uncovered": [
            {"code": T1_V1, "name": VILLAGE_NAMES[T1_V1]}, {"code": T1_V2, "name": VILLAGE_NAMES[T1_V2]}]})

        # When the period excludes the events, everything is zero and no village is covered
        m = self.metrics(t1, T1, "2022-07-01", "2022-07-31")
        self.assertEqual(m["total"], totals(0, 0, 0, 0))
        self.assertEqual(m["sentence"], "累计开展宣传活动0次，惠及0人")
        self.assertEqual((m["by_form"], m["by_topic"]), ({}, {}))
        self.assertEqual(m["coverage"]["villages"], 2)
        self.assertEqual(m["coverage"]["covered"], 0)
        self.assertEqual([v["code"] for v in m["coverage"]["uncovered"]], [T1_V1, T1_V2])
        m = self.metrics(t1, T1, "2022-05-01", "2022-06-02")
        self.assertEqual(m["total"], totals(0, 0, 0, 0))

        # A village: covered by its own events
        m = self.metrics(t1, T1_V2, "2022-06-01", "2022-06-30")
        self.assertEqual(m["total"], totals(2, 580, 80, 500))
        self.assertEqual(m["coverage"], {"villages": 1, "covered": 1, "uncovered": []})
        m = self.metrics(t1, T1_V1, "2022-06-01", "2022-06-30")
        self.assertEqual(m["total"], totals(0, 0, 0, 0))
        self.assertEqual(m["coverage"], {"villages": 1, "covered": 0,
                                         "uncovered": [{"code": T1_V1, "name": VILLAGE_NAMES[T1_V1]}]})

        # The county, read by a viewer (activity.read only) and a petition officer: the same totals,
        # and every county village but 洪江村 is uncovered
        for reader in ("xp_viewer", "xp_officer", "xp_leader"):
            m = self.metrics(self.c[reader], COUNTY, "2022-06-01", "2022-06-30")
            self.assertEqual(m["total"], totals(3, 1780, 80, 1700), reader)
            self.assertEqual(m["sentence"], "累计开展宣传活动3次，惠及1780人（其中估算1700人）", reader)
            self.assertEqual(m["coverage"]["villages"], len(COUNTY_VILLAGES), reader)
            self.assertEqual(m["coverage"]["covered"], 1, reader)
            self.assertEqual(sorted(v["code"] for v in m["coverage"]["uncovered"]),
                             sorted(set(COUNTY_VILLAGES) - {T1_V2}), reader)
            for v in m["coverage"]["uncovered"]:
                self.assertEqual(v["name"], VILLAGE_NAMES[v["code"]])
        # Another township in the same period: none of 长春镇's events
        m = self.metrics(self.c["xp_leader"], T2, "2022-06-01", "2022-06-30")
        self.assertEqual(m["total"], totals(0, 0, 0, 0))
        self.assertEqual(m["coverage"], {"villages": 1, "covered": 0,
                                         "uncovered": [{"code": T2_V1, "name": VILLAGE_NAMES[T2_V1]}]})

    def test_metrics_count_a_village_once_with_many_events(self):
        t0 = self.c["t0_leader"]
        # Given two events in 西关社区 and one in 龙津社区 in August 2022
        for day, place, n in (("2022-08-01", T0_V2, 10), ("2022-08-02", T0_V2, 20), ("2022-08-03", T0_V1, 5)):
            self.record(t0, form="door_to_door", topic="养老保险", division_code=place, held_on=day, reached=n)
        # When the township's metrics are read
        m = self.metrics(t0, T0, "2022-08-01", "2022-08-31")
        # Then both villages are covered once each and nothing is estimated
        self.assertEqual(m["total"], totals(3, 35, 35, 0))
        self.assertEqual(m["sentence"], "累计开展宣传活动3次，惠及35人")
        self.assertEqual(m["coverage"], {"villages": 2, "covered": 2, "uncovered": []})
        self.assertEqual(m["by_form"], {"door_to_door": totals(3, 35, 35, 0)})

    # -----------------------------------------------------------------------------------
    # 3. Bad input: the error, and nothing changed

    def test_bad_event_bodies_are_refused_and_change_nothing(self):
        leader = self.c["t0_leader"]
        tomorrow = (today_cn() + datetime.timedelta(days=1)).isoformat()
        cases = [
            ("negative reached", event(reached=-1), "reached"),
            ("absurd reached", event(reached=1_000_001), "reached"),
            ("reached not an integer", event(reached="30"), "reached"),
            ("reached missing", {k: v for k, v in event().items() if k != "reached"}, "reached"),
            ("tomorrow", event(held_on=tomorrow), "held_on"),
            ("far future", event(held_on="2099-01-01"), "held_on"),
            ("before 2000", event(held_on="1999-12-31"), "held_on"),
            ("not a date", event(held_on="2021-02-30"), "held_on"),
            ("not a date format", event(held_on="2021/03/05"), "held_on"),
            ("unknown form", event(form="poster"), "form"),
            ("form label instead of name", event(form="院坝会"), "form"),
            ("blank topic", event(topic="   "), "topic"),
            ("empty topic", event(topic=""), "topic"),
            ("topic of tabs and newlines", event(topic="\t\r\n "), "topic"),
            ("topic missing", {k: v for k, v in event().items() if k != "topic"}, "topic"),
            ("topic not a string", event(topic=12), "topic"),
            ("form missing", {k: v for k, v in event().items() if k != "form"}, "form"),
            ("held_on missing", {k: v for k, v in event().items() if k != "held_on"}, "held_on"),
            ("division_code missing", {k: v for k, v in event().items() if k != "division_code"},
             "division_code"),
            ("overlong topic", event(topic="政" * 101), "topic"),
            ("overlong notes", event(notes="注" * 2001), "notes"),
            ("unknown field", event(place="龙津"), "place"),
            ("malformed division code", event(division_code="35092100100"), "division_code"),
            ("reached_estimated not a boolean", event(reached_estimated="yes"), "reached_estimated"),
        ]
        for what, body, field in cases:
            with self.subTest(what):
                # Given the state before
                before = self.snapshot()
                # When a bad event is posted
                r = leader.post(EVENTS, body)
                # Then it is a 400 naming the field, and nothing changed
                self.assertRefused(r, 400, "invalid_argument", field, before)

    def test_place_outside_scope_or_missing_is_unprocessable(self):
        cases = [
            # (who, place, why)
            ("t0_leader", T1_V2, "a village of another township"),
            ("t0_leader", COUNTY, "the county above the caller's township"),
            ("v0_cadre", T0_V2, "another village of the cadre's township"),
            ("xp_leader", "350902001001", "a village of another county"),
            ("t0_leader", "350921001999", "a village code that does not exist"),
            ("xp_leader", "350921103000", "a township code that does not exist"),
        ]
        for who, place, why in cases:
            with self.subTest(why):
                before = self.snapshot()
                r = self.c[who].post(EVENTS, event(division_code=place, held_on="2020-01-15"))
                self.assertRefused(r, 422, "unprocessable", "division_code", before)

    def test_unknown_organiser_unit_is_unprocessable(self):
        before = self.snapshot()
        r = self.c["t0_leader"].post(EVENTS, event(organiser_unit_id=999999))
        self.assertRefused(r, 422, "unprocessable", "organiser_unit_id", before)

    def test_malformed_json_body_changes_nothing(self):
        leader = self.c["t0_leader"]
        json_type = {"Content-Type": "application/json"}
        for what, raw in (("truncated JSON", '{"form": "lecture",'),
                          ("not an object", "[1, 2]"),
                          ("a field twice", '{"form": "lecture", "form": "led", "topic": "x", '
                                            f'"division_code": "{T0_V1}", "held_on": "2020-05-05", "reached": 3}}')):
            with self.subTest(what):
                before = self.snapshot()
                r = leader.post(EVENTS, body=raw, headers=json_type)
                self.assertRefused(r, 400, "invalid_argument", "form" if what == "a field twice" else None, before)

    def test_topic_of_full_width_spaces_is_blank(self):
        # Given a topic of only full-width spaces (全角空格, U+3000), as a Chinese input method types
        # them. The petition module refuses such text as blank (test_petitions.py, "\u3000\u3000"),
        # the outreach topic should too: the openapi contract refuses "a blank topic".
        leader = self.c["t0_leader"]
        before = self.snapshot()
        # When it is posted
        r = leader.post(EVENTS, event(topic="\u3000\u3000", held_on="2020-05-06"))
        # Then it is refused like a blank topic, and nothing is stored (regression: the domain's
        # blank check once knew only ASCII white space; it is common/utf8.h IsBlank now)
        self.assertRefused(r, 400, "invalid_argument", "topic", before)

    def test_bad_list_and_metrics_queries(self):
        leader = self.c["t0_leader"]
        # Given one event in the period queried
        self.record(leader, division_code=T0_V1, held_on="2023-02-10")
        cases = [
            # (path, field)
            (EVENTS + q(division=T0, **{"from": "2023-03-01", "to": "2023-02-01"}), "to"),
            (METRICS + q(division=T0, **{"from": "2023-03-01", "to": "2023-02-01"}), "to"),
            (EVENTS + q(division=T0, **{"from": "2023-02-02", "to": "2023-02-01"}), "to"),
            (METRICS + q(division=T0, **{"from": "2023-02-02", "to": "2023-02-01"}), "to"),
            (EVENTS + q(division=T0, **{"to": "2023-02-28"}), "from"),
            (METRICS + q(division=T0, **{"from": "2023-02-01"}), "to"),
            (METRICS + q(division=T0, **{"from": "2023-02-01", "to": "2023-02-31"}), "to"),
            (EVENTS + q(**{"from": "2023-02-01", "to": "2023-02-28"}), "division"),
            (METRICS + q(**{"from": "2023-02-01", "to": "2023-02-28"}), "division"),
            (EVENTS + q(division="3509", **{"from": "2023-02-01", "to": "2023-02-28"}), "division"),
            (METRICS + q(division="35092100100x", **{"from": "2023-02-01", "to": "2023-02-28"}), "division"),
            (EVENTS + q(division=T0, form="poster", **{"from": "2023-02-01", "to": "2023-02-28"}), "form"),
            (EVENTS + q(division=T0, limit=0, **{"from": "2023-02-01", "to": "2023-02-28"}), "limit"),
            (EVENTS + q(division=T0, limit=201, **{"from": "2023-02-01", "to": "2023-02-28"}), "limit"),
            (EVENTS + q(division=T0, before_id=-1, **{"from": "2023-02-01", "to": "2023-02-28"}), "before_id"),
        ]
        for path, field in cases:
            with self.subTest(path):
                before = self.snapshot()
                r = leader.get(path)
                self.assertRefused(r, 400, "invalid_argument", field, before)
        # A bad id in the path
        self.assertError(leader.get(f"{EVENTS}/abc"), 400, "invalid_argument", field="id")
        self.assertError(leader.get(f"{EVENTS}/0"), 400, "invalid_argument", field="id")
        # While the same period the right way round works
        self.assertEqual(len(self.list_all(leader, T0, "2023-02-01", "2023-02-28")), 1)
        self.assertEqual(self.metrics(leader, T0, "2023-02-01", "2023-02-28")["total"]["events"], 1)

    # -----------------------------------------------------------------------------------
    # 4. Access: permission and scope

    def test_without_outreach_record_cannot_record(self):
        for who in ("xp_officer", "t0_officer", "xp_viewer", "xp_civil", "xp_auditor"):
            with self.subTest(who):
                before = self.snapshot()
                r = self.c[who].post(EVENTS, event(division_code=T0_V1))
                self.assertRefused(r, 403, "permission_denied", None, before)
        # Nor anyone not logged in
        before = self.snapshot()
        r = self.server.request("POST", EVENTS, json_body=event())
        self.assertRefused(r, 401, "unauthenticated", None, before)
        self.assertError(self.server.request("GET", EVENTS + q(division=T0, **{"from": "2021-01-01",
                                                                             "to": "2021-12-31"})),
                         401, "unauthenticated")

    def test_readers_without_activity_read_are_refused(self):
        civil = self.c["xp_civil"]  # unit_handler: neither activity.read nor outreach.record
        created = self.record(self.c["xp_leader"], division_code=T2_V1, held_on="2023-04-04")
        self.assertError(civil.get(EVENTS + q(division=COUNTY, **{"from": "2023-04-01", "to": "2023-04-30"})),
                         403, "permission_denied")
        self.assertError(civil.get(f"{EVENTS}/{created['id']}"), 403, "permission_denied")
        self.assertError(civil.get(METRICS + q(division=COUNTY, **{"from": "2023-04-01", "to": "2023-04-30"})),
                         403, "permission_denied")
        # activity.read without outreach.record can read
        for who in ("xp_viewer", "xp_officer"):
            self.assertEqual(self.c[who].get(f"{EVENTS}/{created['id']}").json(), created, who)
            self.assertEqual(self.ids(self.c[who], COUNTY, "2023-04-01", "2023-04-30"), [created["id"]], who)

    def test_scope_hides_events_and_divisions_of_others(self):
        t0, t1, cadre, county = self.c["t0_leader"], self.c["t1_leader"], self.c["v0_cadre"], self.c["xp_leader"]
        officer = self.c["t0_officer"]
        # Given an event in 长春镇 (t1), one in 西关社区 (t0) and one in 龙津社区 (t0, the cadre's), May 2023
        in_t1 = self.record(t1, division_code=T1_V1, held_on="2023-05-02", topic="耕地保护")
        in_t0 = self.record(t0, division_code=T0_V2, held_on="2023-05-03", topic="耕地保护")
        in_v0 = self.record(cadre, division_code=T0_V1, held_on="2023-05-04", topic="耕地保护")
        period = {"from": "2023-05-01", "to": "2023-05-31"}
        days = (period["from"], period["to"])
        # Then GET of an event outside the caller's scope is 404, like a missing one
        for who, ev in (("t0_leader", in_t1), ("t0_officer", in_t1), ("v0_cadre", in_t1),
                        ("v0_cadre", in_t0), ("t1_leader", in_t0), ("t1_leader", in_v0)):
            with self.subTest(f"{who} GET event {ev['division_code']}"):
                self.assertError(self.c[who].get(f"{EVENTS}/{ev['id']}"), 404, "not_found")
        self.assertError(t0.get(f"{EVENTS}/99999999"), 404, "not_found")
        # While within scope it is visible
        self.assertEqual(t0.get(f"{EVENTS}/{in_v0['id']}").json(), in_v0)
        self.assertEqual(officer.get(f"{EVENTS}/{in_t0['id']}").json(), in_t0)
        self.assertEqual(county.get(f"{EVENTS}/{in_t1['id']}").json(), in_t1)
        # And lists show only what is in scope
        self.assertEqual(self.ids(t0, T0, *days), [in_v0["id"], in_t0["id"]])
        self.assertEqual(self.ids(officer, T0, *days), [in_v0["id"], in_t0["id"]])
        self.assertEqual(self.ids(cadre, T0_V1, *days), [in_v0["id"]])
        self.assertEqual(self.ids(t1, T1, *days), [in_t1["id"]])
        self.assertEqual(self.ids(county, COUNTY, *days), [in_v0["id"], in_t0["id"], in_t1["id"]])
        # A division outside scope is 404 for the list and the metrics
        outside = [("t0_leader", T1), ("t0_leader", COUNTY), ("t1_leader", T0_V1), ("v0_cadre", T0),
                   ("v0_cadre", T0_V2), ("xp_leader", OTHER_COUNTY), ("xp_viewer", OTHER_COUNTY),
                   ("xp_leader", "350902001001")]
        for who, division in outside:
            with self.subTest(f"{who} reads {division}"):
                self.assertError(self.c[who].get(EVENTS + q(division=division, **period)),
                                 404, "not_found", field="division")
                self.assertError(self.c[who].get(METRICS + q(division=division, **period)),
                                 404, "not_found", field="division")
        # A division in scope that does not exist is 404 too
        self.assertError(county.get(METRICS + q(division="350921103000", **period)), 404, "not_found",
                         field="division")
        # Metrics only count what is in the division asked for
        self.assertEqual(self.metrics(t0, T0, *days)["total"]["events"], 2)
        self.assertEqual(self.metrics(cadre, T0_V1, *days)["total"]["events"], 1)
        self.assertEqual(self.metrics(county, COUNTY, *days)["total"]["events"], 3)

    def test_recording_is_audited(self):
        # Given the audit log length
        n0 = self.auditor.audit_count()
        cadre = self.c["v0_cadre"]
        # When an event is recorded
        created = self.record(cadre, form="lecture", division_code=T0_V1, held_on="2023-06-06", reached=77)
        # Then one outreach.record entry names the caller, the event and the figures
        self.assertEqual(self.auditor.audit_count(), n0 + 1)
        records = [a for a in self.auditor.all_items("/api/v1/audit?action=outreach.record")
                   if a["object"] == f"outreach:{created['id']}"]
        self.assertEqual(len(records), 1, records)
        a = records[0]
        self.assertEqual((a["action"], a["actor"], a["actor_id"], a["outcome"]),
                         ("outreach.record", "v0_cadre", cadre.user["id"], "ok"))
        self.assertEqual(a["detail"], {"form": "lecture", "division": T0_V1, "reached": 77})
        # And a refused record writes no outreach.record entry
        n1 = self.auditor.audit_count()
        self.c["t0_leader"].post(EVENTS, event(reached=-5))
        self.assertEqual(self.auditor.audit_count(), n1)


if __name__ == "__main__":
    import unittest
    unittest.main()
