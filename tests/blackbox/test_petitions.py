"""Petitions (信访事项) over HTTP against the real binary.

Registration of a visit, the workflow of 《信访工作条例》 (accept → assign → sign → 处理意见书 →
deliver → rate → close), the statutory clocks, bad input (error shape, nothing changed),
confidentiality (scope, accused units and people, 三员), concurrent transitions and the
audited reveal of personal data.

Only synthetic people: names no one has, phone numbers from a made-up block, and 18-digit
ID numbers whose GB 11643 / ISO 7064 MOD 11-2 check character is computed here.

The 30-day 复查 window (Art. 35) cannot be waited out and the server has no clock override,
so ReviewWindowTest (SQLite only) moves a delivered petition's stored history 31 days into
the past with the server stopped (the append-only trigger is dropped for the edit and put
back), then restarts the server and asks for the 复查.

The happy path and the concurrency tests also run on PostgreSQL when $SIXIA_TEST_PG_URL is
set (tests/with_postgres.sh). Tests of a known product bug fail with a message starting
with "BUG:".
"""

import json
import os
import re
import sqlite3
import threading
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, DEMO_PASSWORD, RELAXED, T0, T1, Client, Env,
                           SixiaTestCase, find_user, pg_available, write_file)

PETITIONS = "/api/v1/petitions"
DAY_MS = 86_400_000

# A village (社区) of 松城街道 (t0) in the small tree, and one of 长春镇 (t1).
T0_VILLAGE = "350921001001"  # 龙津社区居委会
T1_VILLAGE = "350921101201"  # 洪江村委会

CATEGORIES_TSV = ("level1\tlevel2\tlevel3\n"
                  "社会保障\t社会救助\t最低生活保障\n"
                  "社会保障\t社会救助\t特困人员供养\n"
                  "城乡建设\t住房保障\t保障性住房\n")
LOW_INCOME = "01.01.01"  # 社会保障 / 社会救助 / 最低生活保障
HOUSING = "02.01.01"

DECISION = {
    "request": "请求恢复发放最低生活保障金",
    "facts": "经入户调查核实，申请人家庭人均收入低于当地低保标准",
    "reasons": "申请人符合最低生活保障条件，此前停发系数据比对错误所致",
    "outcome": "support",
    "legal_basis": "《社会救助暂行办法》第九条、第十一条；《信访工作条例》第三十二条",
    "document_number": "松民信〔2026〕1号",
}


# ---------------------------------------------------------------------------------------
# Synthetic people

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17):
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return "10X98765432"[total % 11]


def id_number(area6, birth8, seq3):
    first17 = area6 + birth8 + seq3
    assert len(first17) == 17 and first17.isdigit()
    return first17 + check_char(first17)


def wrong_check(idn):
    """The same number with a wrong check character."""
    good = idn[-1]
    return idn[:-1] + ("1" if good != "1" else "2")


class Person:
    def __init__(self, name, birth8, seq3, phone, address):
        self.name = name
        self.id_number = id_number("350921", birth8, seq3)
        self.birth8 = birth8
        self.phone = phone
        self.address = address

    def json(self, division_code=T0_VILLAGE):
        return {"name": self.name, "id_number": self.id_number, "phone": self.phone,
                "address": self.address, "division_code": division_code}

    def secrets(self):
        """Strings that must never appear outside a reveal."""
        return [self.name, self.id_number, self.id_number[6:], self.phone, self.address]


PEOPLE = []  # Every synthetic person of this run, for the "no clear personal data" checks.
_SURNAMES = "欧阳 司马 端木 诸葛 上官 皇甫 尉迟 公孙 慕容 令狐 东方 西门".split()
_ORDINALS = "甲乙丙丁戊己庚辛壬癸"


def new_person():
    """A fresh made-up person: a name no one has, a 139-0593 phone, a street that does not
    exist, a valid ID number. Fresh each time, so that petitions are never the same matter
    of the same people (Art. 19 would refuse to accept the second one)."""
    n = len(PEOPLE)
    birth = f"{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}"
    p = Person(_SURNAMES[n % len(_SURNAMES)] + "测" + _ORDINALS[(n // len(_SURNAMES)) % 10],
               birth, f"{100 + n:03d}", f"1390593{1000 + n:04d}",
               f"福建省宁德市霞浦县松城街道试验路{17 + n}号")
    PEOPLE.append(p)
    return p


def registration(person=None, **over):
    """A valid visit registration; `over` replaces fields (None sends JSON null)."""
    person = person or new_person()
    body = {
        "channel": "visit",
        "petition_class": "grievance",
        "title": "低保金被停发",
        "content": "本人低保金自今年五月起被停发，多次询问未获答复。",
        "requests": "请求恢复发放低保金并说明停发原因",
        "category_code": LOW_INCOME,
        "division_code": T0_VILLAGE,
        "petitioners": [person.json()],
    }
    body.update(over)
    return body


# ---------------------------------------------------------------------------------------
# Shared setup

class PetitionCase(SixiaTestCase):
    """A server with the demo users, a category tree and logged-in clients."""

    backend = "sqlite"
    logins = ("t0_officer", "t0_civil", "t0_leader", "xp_leader", "xp_officer", "t1_leader",
              "xp_civil", "xp_sysadmin", "xp_secadmin", "xp_auditor")
    extra_users = ()  # (username, display name, unit name, role): made with `sixia user add`
    config = RELAXED  # The data folder's config.json.

    @classmethod
    def setUpClass(cls):
        cls.env = Env(cls.backend, config=cls.config)
        try:
            tsv = write_file(os.path.join(cls.env.base, "categories.tsv"), CATEGORIES_TSV)
            r = cls.env.cli("categories", "import", "--from", tsv, "--label", "bb-test")
            if r.returncode != 0:
                raise AssertionError(f"categories import: {r.stdout}\n{r.stderr}")
            cls.start()
            cls.add_users()
            cls.login_all()
        except Exception:
            cls.env.close()
            raise

    @classmethod
    def start(cls):
        cls.server = cls.env.start_server()

    @classmethod
    def login_all(cls):
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.c = {}
        for name in cls.logins + tuple(u[0] for u in cls.extra_users):
            cl = Client(cls.server)
            cl.login(name)
            cls.c[name] = cl
        cls.officer = cls.c["t0_officer"]
        cls.handler = cls.c["t0_civil"]
        cls.auditor = cls.c["xp_auditor"]
        cls.units = cls.admin.units()
        cls.users = cls.admin.users()
        cls.t0_petition_office = cls.unit_named("松城街道信访办")
        cls.t0_civil_unit = cls.unit_named("松城街道民政办")
        cls.county_civil_unit = cls.unit_named("霞浦县民政局")

    @classmethod
    def add_users(cls):
        """Users the demo lacks, made with `sixia user add` (the server keeps running)."""
        if not cls.extra_users:
            return
        pw = write_file(os.path.join(cls.env.base, "extra.pw"), DEMO_PASSWORD + "\n")
        admin = Client(cls.server)
        admin.login(ADMIN_USER, ADMIN_PASSWORD)
        units = admin.units()
        for username, display, unit_name, role in cls.extra_users:
            unit = next(u for u in units if u["name"] == unit_name)
            r = cls.env.cli("user", "add", "--username", username, "--display-name", display,
                            "--unit-id", str(unit["id"]), "--role", role, "--password-file", pw)
            if r.returncode != 0:
                raise AssertionError(f"user add {username}: {r.stdout}\n{r.stderr}")

    @classmethod
    def unit_named(cls, name):
        for u in cls.units:
            if u["name"] == name:
                return u
        raise AssertionError(f"no unit {name}")

    @classmethod
    def user_id(cls, username):
        return find_user(cls.users, username)["id"]

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    # ---- helpers

    def register(self, client=None, person=None, **over):
        r = (client or self.officer).post(PETITIONS, registration(person, **over))
        self.assertEqual(r.status, 201, r.body)
        return r.json()

    def act(self, client, pid, action, body=None, expect=200):
        r = client.post(f"{PETITIONS}/{pid}/actions/{action}", body or {})
        if expect is not None:
            self.assertEqual(r.status, expect, f"{action}: {r.body!r}")
        return r

    def view(self, pid, client=None):
        r = (client or self.officer).get(f"{PETITIONS}/{pid}")
        self.assertEqual(r.status, 200, r.body)
        return r.json()

    def snapshot(self, pid):
        """What a failed request must leave unchanged: the petition and the audit log length."""
        v = self.view(pid)
        for volatile in ("clocks",):  # Bands move with the wall clock.
            v.pop(volatile)
        return v, self.auditor.audit_count()

    def assertUnchanged(self, pid, before):
        self.assertEqual(self.snapshot(pid), before, "a refused request must change nothing")

    def to_handling(self, pid, lead_unit=None):
        """registered → accepted → assigned (to 松城街道民政办) → handling (signed by t0_civil)."""
        self.act(self.officer, pid, "accept", {"lead_unit_id": self.t0_petition_office["id"]})
        self.act(self.officer, pid, "assign", {"lead_unit_id": (lead_unit or self.t0_civil_unit)["id"],
                                               "deadline_note": "请于60日内办结并出具处理意见书"})
        self.act(self.handler, pid, "sign")

    def assertNoPersonalData(self, text, where="response"):
        for person in PEOPLE:
            for secret in person.secrets():
                self.assertNotIn(secret, text, f"personal data in clear in a {where}: {secret!r}")
            # The birth date hidden by the ID mask, as a token of its own (not inside a timestamp).
            b = person.birth8
            self.assertIsNone(re.search(rf"(?<!\d)({b}|{b[:4]}-{b[4:6]}-{b[6:]})(?!\d)", text),
                              f"the birth date of an ID number in a {where}")


def _all_petition_ids(case, client, query=""):
    """Every petition id of GET /api/v1/petitions (pages by before/next_before)."""
    ids, before = [], None
    for _ in range(100):
        sep = "&" if "?" in query else "?"
        url = PETITIONS + query + f"{sep}limit=200" + (f"&before={before}" if before else "")
        r = client.get(url)
        case.assertEqual(r.status, 200, f"GET {url}: {r.body!r}")
        body = r.json()
        ids += [p["id"] for p in body["items"]]
        before = body.get("next_before")
        if not before:
            return ids
    raise AssertionError("pagination did not end")


def _assertAllowedListed(case, err, allowed):
    """A 409 for an illegal transition names the actions that are allowed."""
    for a in allowed:
        case.assertIn(a["action"], err["message"], err)
        case.assertIn(a["label"], err["message_zh"], err)


# ---------------------------------------------------------------------------------------
# 1 + 4. Happy path and concurrency, on SQLite and PostgreSQL

class PetitionLifecycleMixin:
    def test_visit_petition_from_registration_to_close(self):
        count0 = self.auditor.audit_count()
        alice = new_person()
        r = self.officer.post(PETITIONS, registration(alice))
        self.assertEqual(r.status, 201, r.body)
        created = r.json()
        pid = created["id"]
        self.assertRegex(created["receipt_no"], r"^XF350921\d{4}\d{6}$")
        self.assertTrue(created["query_code"])
        self.assertEqual(created["repeats"], [])
        self.assertNoPersonalData(r.text)

        v = self.view(pid)
        self.assertEqual((v["id"], v["receipt_no"], v["state"], v["channel"], v["petition_class"]),
                         (pid, created["receipt_no"], "registered", "visit", "grievance"))
        self.assertEqual((v["division_code"], v["county_code"]), (T0_VILLAGE, "350921000000"))
        self.assertEqual(v["category_path"], "社会保障 / 社会救助 / 最低生活保障")
        self.assertNotIn("query_code", v, "the citizen's query code is shown once, at registration")
        # Masked petitioner: no clear name, ID number, phone or address anywhere in the JSON.
        self.assertEqual(len(v["petitioners"]), 1)
        person = v["petitioners"][0]
        self.assertFalse(person["revealed"])
        self.assertEqual(person["name"], alice.name[0] + "***")
        self.assertEqual(person["id_number"], "350921********" + alice.id_number[-4:])
        self.assertEqual(person["phone"], alice.phone[:3] + "****" + alice.phone[-4:])
        self.assertEqual(person["address"], alice.address[:6] + "****")
        self.assertNoPersonalData(json.dumps(v, ensure_ascii=False))
        # Statutory clocks: due dates and bands.
        clocks = {c["clock"]: c for c in v["clocks"]}
        self.assertEqual(set(clocks), {"dispose", "receipt_notice"}, v["clocks"])
        for c in clocks.values():
            self.assertIsInstance(c["due_at"], int)
            self.assertGreater(c["due_at"], c["start_at"])
            self.assertEqual(c["band"], "normal")
            self.assertTrue(c["running"])
            self.assertTrue(c["duty"])
            self.assertEqual(c["limit"], "15d")
            self.assertTrue(c["note"].startswith("条例"), c)
        self.assertEqual(v["next_due_at"], min(c["due_at"] for c in clocks.values()))
        self.assertEqual([a["action"] for a in v["allowed_actions"]],
                         ["accept", "decline", "transfer", "assign", "merge", "set_owning_leader"])
        self.assertTrue(all(a["label"] for a in v["allowed_actions"]))
        self.assertEqual([e["type"] for e in v["events"]], ["register"])
        self.assertEqual(v["events"][0]["actor_user_id"], self.user_id("t0_officer"))
        self.assertIn(pid, _all_petition_ids(self, self.officer))

        # Before it is assigned, the handling unit does not see it.
        self.assertError(self.handler.get(f"{PETITIONS}/{pid}"), 404, "not_found")
        self.assertNotIn(pid, _all_petition_ids(self, self.handler))

        # The petition officer accepts it and assigns it to 松城街道民政办.
        v = self.act(self.officer, pid, "accept", {"lead_unit_id": self.t0_petition_office["id"]}).json()
        self.assertEqual(v["state"], "accepted")
        clocks = {c["clock"]: c for c in v["clocks"]}
        self.assertFalse(clocks["dispose"]["running"], "accepting disposes of the petition")
        self.assertEqual(clocks["handle"]["limit"], "60d")
        self.assertTrue(clocks["handle"]["running"])
        v = self.act(self.officer, pid, "assign", {"lead_unit_id": self.t0_civil_unit["id"],
                                                   "deadline_note": "请于60日内办结"}).json()
        self.assertEqual((v["state"], v["lead_unit_id"]), ("assigned", self.t0_civil_unit["id"]))
        self.assertEqual(v["events"][-1]["deadline_note"], "请于60日内办结")
        self.assertIn("objection", {c["clock"] for c in v["clocks"]})

        # The unit's handler finds it, signs and issues the 处理意见书.
        self.assertIn(pid, _all_petition_ids(self, self.handler))
        hv = self.view(pid, self.handler)
        self.assertEqual([a["action"] for a in hv["allowed_actions"]],
                         ["sign", "object", "merge", "set_owning_leader"])
        self.assertNoPersonalData(json.dumps(hv, ensure_ascii=False))
        v = self.act(self.handler, pid, "sign").json()
        self.assertEqual(v["state"], "handling")
        self.assertIn("issue_decision", [a["action"] for a in v["allowed_actions"]])
        v = self.act(self.handler, pid, "issue_decision", DECISION).json()
        self.assertEqual(v["state"], "decided")
        decision = v["events"][-1]
        self.assertEqual(decision["type"], "issue_decision")
        for k, val in DECISION.items():
            self.assertEqual(decision[k], val, k)
        self.assertEqual(decision["actor_user_id"], self.user_id("t0_civil"))
        handle = {c["clock"]: c for c in v["clocks"]}["handle"]
        self.assertEqual(handle["stopped_at"], decision["at"], "the decision stops the handling clock")
        self.assertEqual(handle["band"], "normal")

        # Delivery and rating are the petition office's (petition.dispose), not the handler's.
        self.assertError(self.handler.post(f"{PETITIONS}/{pid}/actions/deliver", {}), 403,
                         "permission_denied")
        v = self.act(self.officer, pid, "deliver").json()
        self.assertEqual(v["state"], "delivered")
        review = {c["clock"]: c for c in v["clocks"]}["review_request"]
        self.assertTrue(review["running"])
        self.assertFalse(review["duty"], "the 复查 window is the petitioner's, not a duty")
        self.assertEqual(review["limit"], "30d")
        self.assertEqual(v["events"][-1]["type"], "deliver")
        v = self.act(self.officer, pid, "rate", {"resolution": "solved", "satisfaction": "satisfied"}).json()
        self.assertEqual(v["state"], "delivered")
        self.assertEqual(v["latest_rating"], {"resolution": "solved", "satisfaction": "satisfied"})
        v = self.act(self.officer, pid, "close").json()
        self.assertEqual((v["state"], v["allowed_actions"]), ("closed", []))
        self.assertTrue(all(not c["running"] for c in v["clocks"]), v["clocks"])
        self.assertEqual([e["type"] for e in v["events"]],
                         ["register", "accept", "assign", "sign", "issue_decision", "deliver", "rate",
                          "close"])
        self.assertEqual([e["seq"] for e in v["events"]], list(range(1, 9)))
        self.assertEqual(v["overdue"], [])
        self.assertEqual(self.view(pid), self.view(pid, self.c["xp_leader"]),
                         "the county leader sees the same masked view")

        # Every step is in the audit log, under the petition, without personal data.
        records = self.auditor.audit_records()
        self.assertEqual(len(records), self.auditor.audit_count())
        mine = [a for a in records[count0:] if a["object"] == f"petition:{pid}"]
        self.assertEqual([a["action"] for a in mine],
                         ["petition.register", "petition.accept", "petition.assign", "petition.sign",
                          "petition.issue_decision", "petition.deliver", "petition.rate", "petition.close"])
        self.assertEqual([a["actor"] for a in mine],
                         ["t0_officer", "t0_officer", "t0_officer", "t0_civil", "t0_civil", "t0_officer",
                          "t0_officer", "t0_officer"])
        self.assertEqual(mine[0]["detail"]["receipt_no"], created["receipt_no"])
        self.assertNoPersonalData(json.dumps(records, ensure_ascii=False), where="audit record")
        # Personal data never travelled in a URL nor came back in clear.
        for method, path, status, headers, body in self.server.transcript:
            self.assertNoPersonalData(path, where="URL")
            self.assertNoPersonalData(body.decode("utf-8", "replace"))

    def test_categories_and_list_filters(self):
        r = self.officer.get("/api/v1/categories")
        self.assertEqual(r.status, 200, r.body)
        tree = r.json()
        self.assertGreaterEqual(tree["version"], 1)
        codes = {c["code"]: c for c in tree["items"]}
        self.assertEqual(codes[LOW_INCOME], {"code": LOW_INCOME, "name": "最低生活保障", "level": 3,
                                             "parent_code": "01.01"})
        self.assertIsNone(codes["01"]["parent_code"])
        pid = self.register(title="住房保障申请", category_code=HOUSING)["id"]
        self.assertIn(pid, _all_petition_ids(self, self.officer, "?state=registered"))
        self.assertIn(pid, _all_petition_ids(self, self.officer, "?category=02"))
        self.assertNotIn(pid, _all_petition_ids(self, self.officer, "?category=01"))
        self.assertNotIn(pid, _all_petition_ids(self, self.officer, "?state=closed"))
        self.assertIn(pid, _all_petition_ids(self, self.c["xp_leader"], f"?division={T0}"))
        self.assertNotIn(pid, _all_petition_ids(self, self.c["xp_leader"], f"?division={T1}"))
        self.assertError(self.officer.get(f"{PETITIONS}?state=bogus"), 400, "invalid_argument", field="state")
        self.assertError(self.officer.get(f"{PETITIONS}?limit=0"), 400, "invalid_argument", field="limit")
        # By handling unit (承办单位): the lead unit's petitions only; a bad id is a 400.
        assigned = self.register(title="低保复核申请")["id"]
        self.to_handling(assigned)
        civil, county_civil = self.t0_civil_unit["id"], self.county_civil_unit["id"]
        by_civil = _all_petition_ids(self, self.officer, f"?unit={civil}")
        self.assertIn(assigned, by_civil)
        self.assertNotIn(pid, by_civil)  # Registered, no unit yet.
        self.assertNotIn(assigned, _all_petition_ids(self, self.officer, f"?unit={county_civil}"))
        self.assertIn(assigned, _all_petition_ids(self, self.officer, f"?unit={civil}&state=handling"))
        self.assertNotIn(assigned, _all_petition_ids(self, self.officer, f"?unit={civil}&state=closed"))
        for bad in ("abc", "-1", "1.5"):
            self.assertError(self.officer.get(f"{PETITIONS}?unit={bad}"), 400, "invalid_argument", field="unit")
        # Registering under a category that does not exist is refused and registers nothing.
        before = _all_petition_ids(self, self.officer)
        r = self.officer.post(PETITIONS, registration(category_code="09.09.09"))
        self.assertError(r, 422, "unprocessable", field="category_code")
        self.assertEqual(_all_petition_ids(self, self.officer), before)

    def race(self, pid, requests):
        """Sends (client, action, body) requests at once; returns the responses in order."""
        barrier = threading.Barrier(len(requests))
        out = [None] * len(requests)

        def go(i, client, action, body):
            barrier.wait()
            out[i] = client.post(f"{PETITIONS}/{pid}/actions/{action}", body)

        threads = [threading.Thread(target=go, args=(i, *req)) for i, req in enumerate(requests)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertTrue(all(r is not None for r in out), "a request did not finish")
        return out

    def assertOneWinner(self, pid, before, count, rs, requests):
        statuses = [r.status for r in rs]
        self.assertEqual(statuses.count(200), 1, rs)
        for r in rs:
            if r.status != 200:
                self.assertError(r, 409, "conflict")
        after = self.view(pid)
        self.assertEqual(len(after["events"]), len(before["events"]) + 1, after["events"])
        winner = requests[statuses.index(200)]
        self.assertEqual(after["events"][-1]["type"], winner[1])
        self.assertEqual(self.auditor.audit_count(), count + 1, "one audit record for one transition")
        return after

    def test_concurrent_identical_sign_exactly_one_wins(self):
        for round_ in range(3):
            with self.subTest(round=round_):
                pid = self.register()["id"]
                self.act(self.officer, pid, "accept", {"lead_unit_id": self.t0_petition_office["id"]})
                self.act(self.officer, pid, "assign", {"lead_unit_id": self.t0_civil_unit["id"]})
                # Separate sessions of the handler, and the same session several times.
                clients = [self.handler] * 3
                for _ in range(5):
                    cl = Client(self.server)
                    cl.login("t0_civil")
                    clients.append(cl)
                before = self.view(pid)
                count = self.auditor.audit_count()
                reqs = [(cl, "sign", {}) for cl in clients]
                after = self.assertOneWinner(pid, before, count, self.race(pid, reqs), reqs)
                self.assertEqual(after["state"], "handling")
                self.assertEqual([e["type"] for e in after["events"]].count("sign"), 1)

    def test_concurrent_conflicting_actions_exactly_one_wins(self):
        for round_ in range(3):
            with self.subTest(round=round_, on="registered"):
                # accept and decline exclude each other both ways.
                pid = self.register()["id"]
                other = Client(self.server)
                other.login("t0_officer")
                before, count = self.view(pid), self.auditor.audit_count()
                reqs = [
                    (self.officer, "accept", {"lead_unit_id": self.t0_petition_office["id"]}),
                    (other, "decline", {"reason": "不属于本机关职权范围", "route": "请向县人民法院提出"}),
                    (self.c["xp_officer"], "accept", {}),
                    (other, "accept", {}),
                    (self.c["xp_officer"], "decline", {"reason": "重复信访", "route": "已在办理中"}),
                    (self.officer, "decline", {"reason": "不属于信访事项", "route": "请向有关机关提出"}),
                ]
                after = self.assertOneWinner(pid, before, count, self.race(pid, reqs), reqs)
                self.assertIn(after["state"], ("accepted", "declined"))
            with self.subTest(round=round_, on="assigned"):
                # The assigned unit signs and objects at once: only one can stand.
                pid = self.register()["id"]
                self.act(self.officer, pid, "assign", {"lead_unit_id": self.t0_civil_unit["id"]})
                other = Client(self.server)
                other.login("t0_civil")
                before, count = self.view(pid), self.auditor.audit_count()
                reqs = [(self.handler, "sign", {}), (other, "object", {"reason": "不属于本单位职责"}),
                        (other, "sign", {}), (self.handler, "object", {"reason": "应由县民政局办理"})]
                after = self.assertOneWinner(pid, before, count, self.race(pid, reqs), reqs)
                self.assertIn(after["state"], ("handling", "objected"))


class PetitionLifecycleSqliteTest(PetitionLifecycleMixin, PetitionCase):
    backend = "sqlite"


@unittest.skipUnless(pg_available(), "SIXIA_TEST_PG_URL is not set: run under tests/with_postgres.sh "
                                     "to test the PostgreSQL backend")
class PetitionLifecyclePostgresTest(PetitionLifecycleMixin, PetitionCase):
    backend = "postgres"


# ---------------------------------------------------------------------------------------
# 2. Bad input: the error shape, and nothing changes

class PetitionErrorsTest(PetitionCase):
    def registration_state(self):
        return _all_petition_ids(self, self.officer), self.auditor.audit_count()

    def test_id_number_with_wrong_check_digit(self):
        before = self.registration_state()
        bob = new_person()
        bad = wrong_check(bob.id_number)
        r = self.officer.post(PETITIONS, registration(bob, petitioners=[dict(bob.json(), id_number=bad)]))
        err = self.assertError(r, 400, "invalid_argument")
        self.assertNotIn(bad, r.text, "an error never echoes the number")
        self.assertIn("校验码", err["message_zh"])
        self.assertEqual(self.registration_state(), before)
        self.assertEqual(err.get("field"), "petitioners[0].id_number",
                         "BUG: the error names the field without the petitioner's index "
                         f"(got {err.get('field')!r}); with several petitioners the client cannot "
                         "tell whose number is wrong")

    def test_second_petitioner_error_names_its_index(self):
        before = self.registration_state()
        alice, bob = new_person(), new_person()
        people = [alice.json(), dict(bob.json(), id_number=wrong_check(bob.id_number))]
        r = self.officer.post(PETITIONS, registration(alice, petitioners=people, group_size=2))
        err = self.assertError(r, 400, "invalid_argument")
        self.assertEqual(self.registration_state(), before)
        self.assertEqual(err.get("field"), "petitioners[1].id_number",
                         f"BUG: the error does not say which petitioner is wrong (got {err.get('field')!r})")

    def test_phone_that_is_not_a_phone(self):
        before = self.registration_state()
        bob = new_person()
        for phone in ("99999", "1390593041", "abc-defg-hijk", "23905930417", "139059304170"):
            with self.subTest(phone=phone):
                r = self.officer.post(PETITIONS, registration(bob, petitioners=[dict(bob.json(), phone=phone)]))
                err = self.assertError(r, 400, "invalid_argument")
                self.assertNotIn(phone, err["message"] + err["message_zh"])
                self.assertEqual(self.registration_state(), before)
                self.assertEqual(err.get("field"), "petitioners[0].phone",
                                 f"BUG: the error names the field without the petitioner's index "
                                 f"(got {err.get('field')!r})")

    def test_other_registration_errors(self):
        before = self.registration_state()
        bob = new_person()
        p = bob.json()
        cases = [
            ({"extra": 1}, 400, "invalid_argument", "extra"),
            ({"petitioners": [dict(p, nickname="阿乙")]}, 400, "invalid_argument", "petitioners[0].nickname"),
            ({"title": 42}, 400, "invalid_argument", "title"),
            ({"title": None}, 400, "invalid_argument", "title"),
            ({"title": ""}, 400, "invalid_argument", "title"),
            ({"requests": "诉" * 5001}, 400, "invalid_argument", "requests"),
            ({"group_size": "3"}, 400, "invalid_argument", "group_size"),
            ({"group_size": 0}, 400, "invalid_argument", "group_size"),
            ({"anonymous": "no"}, 400, "invalid_argument", "anonymous"),
            ({"petitioners": p}, 400, "invalid_argument", "petitioners"),
            ({"petitioners": [bob.name]}, 400, "invalid_argument", "petitioners"),
            ({"petitioners": [dict(p, id_number=int(bob.id_number[:17]))]}, 400, "invalid_argument",
             "petitioners[0].id_number"),
            ({"petitioners": [dict(p, phone=int(bob.phone))]}, 400, "invalid_argument", "petitioners[0].phone"),
            ({"petitioners": [{k: v for k, v in p.items() if k != "name"}]}, 400, "invalid_argument",
             "petitioners[0].name"),
            ({"channel": "fax"}, 400, "invalid_argument", "channel"),
            ({"channel": None}, 400, "invalid_argument", "channel"),
            ({"petition_class": 1}, 400, "invalid_argument", "petition_class"),
            ({"petitioners": []}, 400, "invalid_argument", "petitioners"),
            ({"anonymous": True}, 400, "invalid_argument", "petitioners"),
            ({"division_code": "3509"}, 400, "invalid_argument", "division_code"),
            ({"division_code": T1_VILLAGE}, 422, "unprocessable", "division_code"),
            ({"division_code": "350921001999"}, 422, "unprocessable", "division_code"),
            ({"accused": [{"unit_id": self.t0_civil_unit["id"]}]}, 400, "invalid_argument", "accused"),
            ({"petitioners": [p] * 6, "group_size": 6}, 422, "unprocessable", "petitioners"),
            ({"recused_user_ids": [987654]}, 422, "unprocessable", "recused_user_ids"),
        ]
        for over, status, code, field in cases:
            with self.subTest(over=str(over)[:80]):
                r = self.officer.post(PETITIONS, registration(bob, **over))
                self.assertError(r, status, code, field=field)
                self.assertNoPersonalData(r.text)
        r = self.officer.request("POST", PETITIONS, body='{"channel":', headers={"Content-Type": "application/json"})
        self.assertError(r, 400, "invalid_argument")
        r = self.officer.request("POST", PETITIONS, body=json.dumps(registration(bob)),
                                 headers={"Content-Type": "text/plain"})
        self.assertError(r, 400, "invalid_argument")
        self.assertEqual(self.registration_state(), before)

    def test_received_at_in_the_future(self):
        before = self.registration_state()
        r = self.officer.post(PETITIONS, registration(received_at=4102444800000))
        err = self.assertError(r, 400, "invalid_argument")
        self.assertEqual(self.registration_state(), before)
        self.assertEqual(err.get("field"), "received_at",
                         f"BUG: the error names {err.get('field')!r}, not the request field received_at")

    def test_decision_notice_missing_a_required_part(self):
        pid = self.register()["id"]
        self.to_handling(pid)
        before = self.snapshot(pid)
        for missing in ("legal_basis", "request", "facts", "reasons", "outcome"):
            with self.subTest(missing=missing):
                body = {k: v for k, v in DECISION.items() if k != missing}
                r = self.act(self.handler, pid, "issue_decision", body, expect=None)
                err = self.assertError(r, 422, "unprocessable", field=missing)
                self.assertIn("第三十二条", err["message_zh"])
                self.assertUnchanged(pid, before)
        r = self.act(self.handler, pid, "issue_decision", dict(DECISION, legal_basis=""), expect=None)
        self.assertError(r, 422, "unprocessable", field="legal_basis")
        r = self.act(self.handler, pid, "issue_decision", dict(DECISION, outcome="approve"), expect=None)
        self.assertError(r, 400, "invalid_argument", field="outcome")
        r = self.act(self.handler, pid, "issue_decision", dict(DECISION, legal_basis=["条例"]), expect=None)
        self.assertError(r, 400, "invalid_argument", field="legal_basis")
        self.assertUnchanged(pid, before)
        # Control: complete, it is issued.
        self.assertEqual(self.act(self.handler, pid, "issue_decision", DECISION).json()["state"], "decided")

    def test_blank_required_texts_count_as_missing(self):
        """A 处理意见书 whose legal basis is only spaces states no legal basis (Art. 32); an
        extension whose reason is only spaces gives the petitioner no reason (Art. 34)."""
        for client, action, body, field in (
                (self.handler, "issue_decision", dict(DECISION, legal_basis="   "), "legal_basis"),
                (self.handler, "issue_decision", dict(DECISION, facts="\u3000\u3000"), "facts"),
                (self.c["t0_leader"], "extend", {"days": 5, "reason": "   "}, "reason")):
            with self.subTest(action=action, field=field):
                pid = self.register()["id"]
                self.to_handling(pid)
                before = self.snapshot(pid)
                r = self.act(client, pid, action, body, expect=None)
                self.assertEqual(r.status, 422, f"BUG: {action} with a blank {field} is accepted ({r.status})")
                self.assertError(r, 422, "unprocessable", field=field)
                self.assertUnchanged(pid, before)

    def test_extension_rules(self):
        pid = self.register()["id"]
        self.to_handling(pid)
        head = self.c["t0_leader"]  # Leader of 松城街道办事处, the unit above the handling unit.
        before = self.snapshot(pid)
        reason = "需补充调查"
        cases = [
            (head, {"days": 31, "reason": reason}, 422, "unprocessable", "days"),
            (head, {"days": 0, "reason": reason}, 422, "unprocessable", "days"),
            (head, {"days": -5, "reason": reason}, 422, "unprocessable", "days"),
            (head, {"days": 10}, 422, "unprocessable", "reason"),
            # A county leader is not the head of the township's agency.
            (self.c["xp_leader"], {"days": 10, "reason": reason}, 422, "unprocessable",
             "approver_is_agency_head"),
            # The petition officer and the handler may not approve extensions at all.
            (self.officer, {"days": 10, "reason": reason}, 403, "permission_denied", None),
            (self.handler, {"days": 10, "reason": reason}, 403, "permission_denied", None),
            (head, {"days": "10", "reason": reason}, 400, "invalid_argument", "days"),
            # The approver is the caller; a client cannot name one.
            (self.officer, {"days": 10, "reason": reason, "approver_user_id": self.user_id("t0_leader")},
             400, "invalid_argument", "approver_user_id"),
        ]
        for client, body, status, code, field in cases:
            with self.subTest(user=client.user["username"], body=body):
                self.assertError(self.act(client, pid, "extend", body, expect=None), status, code, field=field)
                self.assertUnchanged(pid, before)
        v = self.act(head, pid, "extend", {"days": 20, "reason": "需补充调查并组织听证"}).json()
        self.assertEqual((v["state"], v["extension_days"]), ("handling", 20))
        self.assertEqual(v["events"][-1]["approver_user_id"], self.user_id("t0_leader"))
        self.assertEqual({c["clock"]: c for c in v["clocks"]}["handle"]["limit"], "80d")
        before = self.snapshot(pid)
        r = self.act(head, pid, "extend", {"days": 11, "reason": "再次延期"}, expect=None)
        err = self.assertError(r, 422, "unprocessable", field="days")
        self.assertIn("30", err["message_zh"])
        self.assertUnchanged(pid, before)
        self.assertEqual(self.act(head, pid, "extend", {"days": 10, "reason": "再次延期"}).json()["extension_days"], 30)
        before = self.snapshot(pid)
        self.assertError(self.act(head, pid, "extend", {"days": 1, "reason": "第三次延期"}, expect=None),
                         422, "unprocessable", field="days")
        self.assertUnchanged(pid, before)

    def test_illegal_transition_is_409_listing_allowed_actions(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        allowed = before[0]["allowed_actions"]
        # Actions the officer holds the permission for, but not in this state.
        for action, body in (("deliver", {}), ("close", {}), ("redo", {}), ("request_review", {}),
                             ("rate", {"resolution": "solved", "satisfaction": "satisfied"})):
            with self.subTest(state="registered", action=action):
                r = self.act(self.officer, pid, action, body, expect=None)
                err = self.assertError(r, 409, "conflict")
                _assertAllowedListed(self, err, allowed)
                self.assertIn("registered", err["message"])
                self.assertIn("登记", err["message_zh"])
                self.assertUnchanged(pid, before)
        self.to_handling(pid)
        before = self.snapshot(pid)
        for client, action, body in ((self.officer, "accept", {}), (self.officer, "deliver", {}),
                                     (self.handler, "sign", {}), (self.officer, "assign",
                                                                  {"lead_unit_id": self.county_civil_unit["id"]})):
            with self.subTest(state="handling", action=action):
                err = self.assertError(self.act(client, pid, action, body, expect=None), 409, "conflict")
                _assertAllowedListed(self, err, before[0]["allowed_actions"])
                self.assertIn("handling", err["message"])
                self.assertUnchanged(pid, before)
        # Unknown actions and register are not transitions at all.
        self.assertError(self.act(self.officer, pid, "approve", {}, expect=None), 404, "not_found", field="action")
        self.assertError(self.act(self.officer, pid, "register", {}, expect=None), 400, "invalid_argument",
                         field="action")
        self.assertUnchanged(pid, before)

    def test_terminal_states_allow_nothing(self):
        pid = self.register()["id"]
        v = self.act(self.officer, pid, "decline", {"reason": "属于诉讼程序处理的事项",
                                                   "route": "请向霞浦县人民法院提出", "legal_litigation": True}).json()
        self.assertEqual((v["state"], v["allowed_actions"]), ("declined", []))
        before = self.snapshot(pid)
        err = self.assertError(self.act(self.officer, pid, "accept", {}, expect=None), 409, "conflict")
        self.assertIn("none", err["message"])
        self.assertUnchanged(pid, before)

    def test_transition_by_a_user_outside_scope_is_404(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        missing = self.c["t1_leader"].post(f"{PETITIONS}/987654321/actions/accept", {})
        self.assertError(missing, 404, "not_found")
        for name, action, body in (("t1_leader", "accept", {}),
                                   ("t1_leader", "set_owning_leader",
                                    {"owning_leader_user_id": self.user_id("t1_leader")}),
                                   ("xp_civil", "sign", {})):
            with self.subTest(user=name, action=action):
                r = self.act(self.c[name], pid, action, body, expect=None)
                self.assertError(r, 404, "not_found")
                self.assertEqual(r.json(), missing.json(), "hidden and nonexistent must look the same")
                self.assertUnchanged(pid, before)
        # A handler of another unit cannot act on a petition assigned elsewhere either.
        self.to_handling(pid)
        before = self.snapshot(pid)
        r = self.act(self.c["xp_civil"], pid, "issue_decision", DECISION, expect=None)
        self.assertError(r, 404, "not_found")
        self.assertUnchanged(pid, before)

    def test_unknown_fields_and_wrong_types_in_actions(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        unit = self.t0_civil_unit["id"]
        cases = [
            ("accept", {"note": "x"}, "note"),
            ("assign", {"lead_unit_id": unit, "priority": "high"}, "priority"),
            ("assign", {"lead_unit_id": str(unit)}, "lead_unit_id"),
            ("assign", {"lead_unit_id": unit, "assisting_unit_ids": unit}, "assisting_unit_ids"),
            ("assign", {"lead_unit_id": unit, "assisting_unit_ids": ["5"]}, "assisting_unit_ids"),
            ("assign", {"lead_unit_id": 1.5}, "lead_unit_id"),
            ("decline", {"reason": 1, "route": "x"}, "reason"),
            ("decline", {"reason": "x", "route": "y", "legal_litigation": "true"}, "legal_litigation"),
            ("extend", {"days": 1e3, "reason": "x"}, "days"),
            ("rate", {"resolution": "solved", "satisfaction": "happy"}, "satisfaction"),
            # The server sets who acted and when; clients cannot.
            ("accept", {"at_ms": 0}, "at_ms"),
            ("accept", {"actor_user_id": 1}, "actor_user_id"),
            ("accept", {"approver_is_agency_head": True}, "approver_is_agency_head"),
        ]
        for action, body, field in cases:
            with self.subTest(action=action, body=body):
                self.assertError(self.act(self.officer, pid, action, body, expect=None), 400,
                                 "invalid_argument", field=field)
                self.assertUnchanged(pid, before)
        for raw, ctype in (('{"lead_unit_id":', "application/json"), ("[1,2]", "application/json"),
                           ('{"reason":"a","reason":"b"}', "application/json"), ("{}", "text/plain")):
            with self.subTest(raw=raw, ctype=ctype):
                r = self.officer.request("POST", f"{PETITIONS}/{pid}/actions/accept", body=raw,
                                         headers={"Content-Type": ctype})
                self.assertError(r, 400, "invalid_argument")
                self.assertUnchanged(pid, before)
        for bad_id in ("abc", "0", "-1", "1.5"):
            with self.subTest(id=bad_id):
                self.assertError(self.officer.get(f"{PETITIONS}/{bad_id}"), 400, "invalid_argument", field="id")
                self.assertError(self.officer.post(f"{PETITIONS}/{bad_id}/actions/accept", {}), 400,
                                 "invalid_argument", field="id")
        self.assertUnchanged(pid, before)

    def test_rule_violations_in_actions_are_422(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        cases = [
            ("assign", {"lead_unit_id": 987654}, "lead_unit_id"),
            ("assign", {}, "lead_unit_id"),
            ("assign", {"lead_unit_id": self.t0_civil_unit["id"], "assisting_unit_ids": [self.t0_civil_unit["id"]]},
             "assisting_unit_ids"),
            ("decline", {"reason": "不属于信访事项"}, "route"),
            ("decline", {"route": "请向法院提出"}, "reason"),
            ("merge", {}, "into_petition_id"),
            ("merge", {"into_petition_id": pid}, "into_petition_id"),
            ("set_owning_leader", {}, "owning_leader_user_id"),  # By a leader (petition.approve).
            ("set_owning_leader", {"owning_leader_user_id": 987654}, "owning_leader_user_id"),
        ]
        for action, body, field in cases:
            with self.subTest(action=action, body=body):
                client = self.c["t0_leader"] if action == "set_owning_leader" else self.officer
                self.assertError(self.act(client, pid, action, body, expect=None), 422, "unprocessable",
                                 field=field)
                self.assertUnchanged(pid, before)

    def test_personal_data_is_never_in_urls(self):
        dave = new_person()
        first = self.register(person=dave)
        # The repeat check takes the person's data in a POST body and finds the earlier petition.
        r = self.officer.post(f"{PETITIONS}/repeat-check", {"id_numbers": [dave.id_number],
                                                          "division_code": T0_VILLAGE,
                                                          "category_code": LOW_INCOME})
        self.assertEqual(r.status, 200, r.body)
        hits = {h["id"]: h for h in r.json()["items"]}
        self.assertIn(first["id"], hits)
        self.assertTrue(hits[first["id"]]["same_matter"])
        self.assertNoPersonalData(r.text)
        spaced = "+86 " + dave.phone[:3] + " " + dave.phone[3:7] + " " + dave.phone[7:]
        r = self.officer.post(f"{PETITIONS}/repeat-check", {"phones": [spaced]})
        self.assertEqual(r.status, 200, r.body)
        self.assertIn(first["id"], [h["id"] for h in r.json()["items"]], "phone spellings are normalised")
        # A second registration of the same person lists the first as a repeat.
        second = self.register(person=dave)
        self.assertIn(first["id"], [h["id"] for h in second["repeats"]])
        # A GET with the data in the query string is not a repeat check, and filters nothing.
        count = self.auditor.audit_count()
        plain = self.officer.get(PETITIONS).json()
        for url in (f"{PETITIONS}/repeat-check?id_numbers={dave.id_number}",
                    f"{PETITIONS}?id_number={dave.id_number}&phone={dave.phone}"):
            with self.subTest(url=url):
                r = self.officer.get(url)
                if r.status == 200:
                    self.assertEqual(r.json(), plain, "personal data in a URL must not select petitions")
                else:
                    self.assertIn(r.status, (400, 404, 405), r)
                self.assertNotIn(dave.id_number, r.text)
        self.assertEqual(self.auditor.audit_count(), count)
        # Repeat-check errors do not echo the value either.
        bad = wrong_check(dave.id_number)
        r = self.officer.post(f"{PETITIONS}/repeat-check", {"id_numbers": [bad]})
        self.assertError(r, 400, "invalid_argument")
        self.assertNotIn(bad, r.text)
        self.assertError(self.officer.post(f"{PETITIONS}/repeat-check", {"id_number": dave.id_number}),
                         400, "invalid_argument", field="id_number")
        self.assertError(self.officer.post(f"{PETITIONS}/repeat-check", {"phones": dave.phone}),
                         400, "invalid_argument", field="phones")
        # Neither the audit log nor any URL sent in this class carries it.
        self.assertNoPersonalData(json.dumps(self.auditor.audit_records(), ensure_ascii=False),
                                  where="audit record")

    def test_zz_server_log_has_no_personal_data(self):
        """Runs last: everything above went through this server."""
        self.assertNoPersonalData(self.server.log(), where="server log")


# ---------------------------------------------------------------------------------------
# 2b. The 复查 window (Art. 35): once only, and not after 30 days

class ReviewWindowTest(PetitionCase):
    """SQLite only: the stored history is moved into the past to let 31 days "pass"."""

    def delivered(self):
        pid = self.register()["id"]
        self.to_handling(pid)
        self.act(self.handler, pid, "issue_decision", DECISION)
        self.act(self.officer, pid, "deliver")
        return pid

    def test_review_within_the_window_and_only_once(self):
        pid = self.delivered()
        v = self.act(self.officer, pid, "request_review", {"reason": "对处理意见不服"}).json()
        self.assertEqual(v["state"], "review_requested")
        clocks = {c["clock"]: c for c in v["clocks"]}
        self.assertFalse(clocks["review_request"]["running"])
        self.assertTrue(clocks["review_decision"]["running"])
        self.assertEqual(clocks["review_decision"]["limit"], "30d")
        self.act(self.officer, pid, "issue_review", dict(DECISION, document_number="霞民复〔2026〕1号"))
        self.act(self.officer, pid, "deliver")
        before = self.snapshot(pid)
        self.assertIn("request_re_review", [a["action"] for a in before[0]["allowed_actions"]])
        err = self.assertError(self.act(self.officer, pid, "request_review", {}, expect=None), 422,
                               "unprocessable", field="review_requested_at")
        self.assertIn("复查", err["message_zh"])
        self.assertUnchanged(pid, before)

    def test_review_request_after_30_days_is_refused(self):
        late = self.delivered()
        control = self.delivered()
        self.shift_history(late, 31 * DAY_MS)
        v = self.view(late)
        self.assertEqual(v["state"], "delivered")
        review = {c["clock"]: c for c in v["clocks"]}["review_request"]
        control_review = {c["clock"]: c for c in self.view(control)["clocks"]}["review_request"]
        self.assertLessEqual(review["due_at"], control_review["due_at"] - 30 * DAY_MS)
        self.assertEqual(review["band"], "overdue", review)
        self.assertEqual(v["overdue"], [], "the petitioner's window is not the authority's duty")
        before = self.snapshot(late)
        r = self.act(self.officer, late, "request_review", {"reason": "对处理意见不服"}, expect=None)
        err = self.assertError(r, 422, "unprocessable", field="review_request_until")
        self.assertIn("第三十五条", err["message_zh"])
        self.assertUnchanged(late, before)
        # Closing is what is left after the window; the control, within it, may still ask.
        self.assertEqual(self.act(self.officer, late, "close").json()["state"], "closed")
        self.assertEqual(self.act(self.officer, control, "request_review", {}).json()["state"],
                         "review_requested")

    def shift_history(self, pid, ms):
        """Stops the server, moves petition `pid`'s stored times `ms` into the past, restarts."""
        self.stopServer(self.server)
        db = sqlite3.connect(self.env.db_path)
        try:
            triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                  "AND tbl_name = 'petition_events'").fetchall()
            self.assertTrue(triggers, "petition_events should be protected by triggers")
            with db:
                for name, _ in triggers:
                    db.execute(f'DROP TRIGGER "{name}"')
                db.execute("UPDATE petition_events SET at = at - ? WHERE petition_id = ?", (ms, pid))
                db.execute("UPDATE petitions SET received_at = received_at - ?, updated_at = updated_at - ?, "
                           "next_due_at = next_due_at - ? WHERE id = ?", (ms, ms, ms, pid))
                for _, sql in triggers:
                    db.execute(sql)
        finally:
            db.close()
        type(self).start()
        type(self).login_all()


# ---------------------------------------------------------------------------------------
# 3. Confidentiality

class ConfidentialityTest(PetitionCase):
    extra_users = (("t1_officer", "钱信访", "长春镇信访办", "petition_officer"),)

    def test_other_township_sees_nothing(self):
        bob = new_person()
        pid = self.register(person=bob)["id"]
        self.to_handling(pid)
        person_id = self.view(pid)["petitioners"][0]["id"]
        for name in ("t1_leader", "t1_officer"):
            with self.subTest(user=name):
                cl = self.c[name]
                hidden, missing = cl.get(f"{PETITIONS}/{pid}"), cl.get(f"{PETITIONS}/987654321")
                self.assertError(hidden, 404, "not_found")
                self.assertEqual(hidden.json(), missing.json())
                self.assertNotIn(pid, _all_petition_ids(self, cl))
                self.assertError(cl.get(f"{PETITIONS}?division={T0}"), 404, "not_found", field="division")
                r = cl.post(f"{PETITIONS}/{pid}/reveal", {"petitioner_id": person_id, "reason": "核实信访人身份"})
                self.assertError(r, 404, "not_found")
        # Their own repeat check does not reveal the t0 petition either.
        r = self.c["t1_officer"].post(f"{PETITIONS}/repeat-check", {"id_numbers": [bob.id_number]})
        self.assertEqual(r.status, 200, r.body)
        self.assertNotIn(pid, [h["id"] for h in r.json()["items"]])
        # Control: a t1 petition is theirs, and invisible to t0's officer.
        mine = self.register(self.c["t1_officer"], division_code=T1_VILLAGE)["id"]
        self.assertIn(mine, _all_petition_ids(self, self.c["t1_leader"]))
        self.assertError(self.officer.get(f"{PETITIONS}/{mine}"), 404, "not_found")
        self.assertNotIn(mine, _all_petition_ids(self, self.officer))

    def test_unit_handler_sees_only_what_is_assigned_to_its_unit(self):
        pid = self.register()["id"]
        self.to_handling(pid)
        self.assertEqual(self.view(pid, self.handler)["id"], pid)
        # The county 民政局's handler has the same role and a county-wide scope, but no assignment.
        other = self.c["xp_civil"]
        self.assertError(other.get(f"{PETITIONS}/{pid}"), 404, "not_found")
        self.assertNotIn(pid, _all_petition_ids(self, other))
        for d in (T0, T0_VILLAGE, "350921000000"):
            self.assertNotIn(pid, _all_petition_ids(self, other, f"?division={d}"))
        # Unit handlers hold no petition.read: a registered, unassigned petition is invisible.
        fresh = self.register()["id"]
        self.assertError(self.handler.get(f"{PETITIONS}/{fresh}"), 404, "not_found")
        self.assertNotIn(fresh, _all_petition_ids(self, self.handler))

    def accusation(self, accused, **over):
        return self.register(petition_class="accusation", title="反映工作人员违规",
                             content="反映某单位在低保审核中优亲厚友。", requests="请求调查处理",
                             accused=accused, **over)["id"]

    def assertHiddenFrom(self, client, pid, divisions=(T0, T0_VILLAGE)):
        hidden, missing = client.get(f"{PETITIONS}/{pid}"), client.get(f"{PETITIONS}/987654321")
        self.assertError(hidden, 404, "not_found")
        self.assertEqual(hidden.json(), missing.json())
        self.assertNotIn(pid, _all_petition_ids(self, client))
        for d in divisions:  # Narrowing the list to the place must not bring it back.
            self.assertNotIn(pid, _all_petition_ids(self, client, f"?division={d}"))
        for action, body in (("sign", {}), ("object", {"reason": "非本单位职责"}),
                             ("issue_decision", DECISION), ("accept", {})):
            r = client.post(f"{PETITIONS}/{pid}/actions/{action}", body)
            self.assertError(r, 404, "not_found")
            self.assertEqual(r.json(), missing.json())

    def test_accused_unit_handler_cannot_find_the_accusation(self):
        pid = self.accusation([{"unit_id": self.t0_civil_unit["id"]}])
        before = self.snapshot(pid)
        self.assertHiddenFrom(self.handler, pid)
        self.assertUnchanged(pid, before)
        # Even once routed to the accused unit (see the next test), its staff do not see it.
        r = self.act(self.officer, pid, "assign", {"lead_unit_id": self.t0_civil_unit["id"]}, expect=None)
        self.assertIn(r.status, (200, 422), r)
        self.assertHiddenFrom(self.handler, pid)
        # Control: the same handler sees an ordinary petition assigned to the same unit.
        ordinary = self.register()["id"]
        self.act(self.officer, ordinary, "assign", {"lead_unit_id": self.t0_civil_unit["id"]})
        self.assertEqual(self.view(ordinary, self.handler)["id"], ordinary)
        self.assertIn(ordinary, _all_petition_ids(self, self.handler))

    def test_accusation_is_not_routed_to_the_accused_unit(self):
        """Art. 30/46: accusation materials must not be passed to the accused unit."""
        for action in ("assign", "transfer"):
            with self.subTest(action=action):
                pid = self.accusation([{"unit_id": self.t0_civil_unit["id"]}])
                before = self.snapshot(pid)
                r = self.act(self.officer, pid, action, {"lead_unit_id": self.t0_civil_unit["id"]}, expect=None)
                self.assertEqual(
                    r.status, 422,
                    f"BUG: {action} of an accusation to the accused unit is accepted ({r.status}); the "
                    "accused unit's staff can then never see nor sign it (stuck), and routing "
                    "accusation materials to the accused is forbidden (Art. 30/46)")
                self.assertError(r, 422, "unprocessable", field="lead_unit_id")
                self.assertUnchanged(pid, before)

    def test_accused_and_recused_people_cannot_find_it(self):
        leader = self.c["t0_leader"]
        pid = self.accusation([{"user_id": self.user_id("t0_leader")}, {"name": "钱测某"}],
                              recused_user_ids=[self.user_id("xp_officer")])
        self.assertHiddenFrom(leader, pid)
        self.assertError(leader.post(f"{PETITIONS}/{pid}/actions/set_owning_leader",
                                     {"owning_leader_user_id": self.user_id("t0_leader")}), 404, "not_found")
        self.assertError(self.c["xp_officer"].get(f"{PETITIONS}/{pid}"), 404, "not_found")
        self.assertNotIn(pid, _all_petition_ids(self, self.c["xp_officer"]))
        # Control: the county leader, neither accused nor recused, sees it; the outside
        # person's name is masked.
        v = self.view(pid, self.c["xp_leader"])
        parties = {(p["relation"], p["user_id"], p["name"]) for p in v["parties"]}
        self.assertIn(("accused", self.user_id("t0_leader"), ""), parties)
        self.assertIn(("accused", None, "钱**"), parties)
        self.assertIn(("recused", self.user_id("xp_officer"), ""), parties)
        self.assertNotIn("钱测某", json.dumps(v, ensure_ascii=False))

    def test_three_administrators_get_403_on_petition_endpoints(self):
        bob = new_person()
        pid = self.register(person=bob)["id"]
        person_id = self.view(pid)["petitioners"][0]["id"]
        before = self.snapshot(pid)
        for name in ("xp_sysadmin", "xp_secadmin", "xp_auditor"):
            cl = self.c[name]
            calls = [
                ("GET", PETITIONS, None),
                ("GET", f"{PETITIONS}?state=registered", None),
                ("GET", f"{PETITIONS}/{pid}", None),
                ("GET", f"{PETITIONS}/987654321", None),  # The same 403: no existence leak.
                ("POST", PETITIONS, registration()),
                ("POST", f"{PETITIONS}/repeat-check", {"id_numbers": [bob.id_number]}),
                ("POST", f"{PETITIONS}/{pid}/actions/accept", {}),
                ("POST", f"{PETITIONS}/{pid}/actions/decline", {"reason": "x", "route": "y"}),
                ("POST", f"{PETITIONS}/{pid}/reveal", {"petitioner_id": person_id, "reason": "核实信访人身份"}),
            ]
            if name != "xp_sysadmin":  # The system administrator loads category trees (config.manage).
                calls.append(("GET", "/api/v1/categories", None))
            for method, path, body in calls:
                with self.subTest(user=name, call=f"{method} {path}"):
                    r = cl.request(method, path, json_body=body)
                    self.assertError(r, 403, "permission_denied")
                    self.assertNoPersonalData(r.text)
        self.assertUnchanged(pid, before)
        self.assertEqual(self.c["xp_sysadmin"].get("/api/v1/categories").status, 200)


# ---------------------------------------------------------------------------------------
# 5. Reveal

class RevealTest(PetitionCase):
    def setUp(self):
        self.person = new_person()
        self.pid = self.register(person=self.person)["id"]
        self.person_id = self.view(self.pid)["petitioners"][0]["id"]
        self.url = f"{PETITIONS}/{self.pid}/reveal"

    def reveals(self):
        return [a for a in self.auditor.audit_records() if a["action"] == "petition.reveal"]

    def test_officer_reveals_with_a_reason_and_it_is_audited(self):
        count = self.auditor.audit_count()
        reason = "电话回访前核实信访人身份"
        r = self.officer.post(self.url, {"petitioner_id": self.person_id, "reason": reason})
        self.assertEqual(r.status, 200, r.body)
        p = self.person
        self.assertEqual(r.json(), {"id": self.person_id, "name": p.name, "id_number": p.id_number,
                                    "phone": p.phone, "address": p.address,
                                    "division_code": T0_VILLAGE, "revealed": True})
        self.assertEqual(self.auditor.audit_count(), count + 1)
        last = self.auditor.audit_records()[-1]
        self.assertEqual((last["action"], last["actor"], last["object"], last["outcome"]),
                         ("petition.reveal", "t0_officer", f"petition:{self.pid}", "ok"))
        self.assertEqual(last["detail"], {"petitioner_id": self.person_id, "reason": reason})
        self.assertNoPersonalData(json.dumps(last, ensure_ascii=False), where="audit record")
        # The reveal is one answer: the petition stays masked.
        v = self.view(self.pid)
        self.assertFalse(v["petitioners"][0]["revealed"])
        self.assertNoPersonalData(json.dumps(v, ensure_ascii=False))
        # The county petition bureau may reveal too (in scope, same permission), also audited.
        r = self.c["xp_officer"].post(self.url, {"petitioner_id": self.person_id, "reason": "县局复核信访人身份"})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["id_number"], p.id_number)
        self.assertEqual([(a["actor"], a["object"]) for a in self.reveals()[-2:]],
                         [("t0_officer", f"petition:{self.pid}"), ("xp_officer", f"petition:{self.pid}")])

    def test_reveal_without_a_proper_reason(self):
        before = self.snapshot(self.pid)
        reveals = len(self.reveals())
        for body, field in (({"petitioner_id": self.person_id}, "reason"),
                            ({"petitioner_id": self.person_id, "reason": ""}, "reason"),
                            ({"petitioner_id": self.person_id, "reason": "看看"}, "reason"),
                            ({"petitioner_id": self.person_id, "reason": None}, "reason"),
                            ({"petitioner_id": self.person_id, "reason": 1234}, "reason"),
                            ({"petitioner_id": str(self.person_id), "reason": "核实信访人身份"}, "petitioner_id"),
                            ({"reason": "核实信访人身份"}, "petitioner_id"),
                            ({"petitioner_id": self.person_id, "reason": "核实信访人身份", "all": True}, "all")):
            with self.subTest(body=body):
                r = self.officer.post(self.url, body)
                self.assertIn(r.status, (400, 422), r)
                self.assertError(r, r.status, "invalid_argument" if r.status == 400 else "unprocessable",
                                 field=field)
                self.assertNoPersonalData(r.text)
        self.assertUnchanged(self.pid, before)
        self.assertEqual(len(self.reveals()), reveals)

    def test_blank_reason_is_no_reason(self):
        before = self.snapshot(self.pid)
        for reason in ("    ", "\u3000\u3000\u3000\u3000", "\t\t\t\t\t"):
            with self.subTest(reason=repr(reason)):
                r = self.officer.post(self.url, {"petitioner_id": self.person_id, "reason": reason})
                self.assertIn(r.status, (400, 422),
                              f"BUG: a reveal with a blank reason {reason!r} is granted ({r.status}) and "
                              "audited with no real reason")
                self.assertNoPersonalData(r.text)
        self.assertUnchanged(self.pid, before)

    def test_reveal_of_someone_not_in_this_petition(self):
        other = self.register()["id"]
        other_person = self.view(other)["petitioners"][0]["id"]
        before = self.snapshot(self.pid)
        r = self.officer.post(self.url, {"petitioner_id": other_person, "reason": "核实信访人身份"})
        self.assertError(r, 404, "not_found", field="petitioner_id")
        self.assertNoPersonalData(r.text)
        self.assertError(self.officer.post(f"{PETITIONS}/987654321/reveal",
                                           {"petitioner_id": self.person_id, "reason": "核实信访人身份"}),
                         404, "not_found")
        self.assertUnchanged(self.pid, before)

    def test_leader_without_reveal_permission_gets_403(self):
        before = self.snapshot(self.pid)
        reveals = len(self.reveals())
        for name in ("t0_leader", "xp_leader"):
            with self.subTest(user=name):
                cl = self.c[name]
                self.assertEqual(self.view(self.pid, cl)["id"], self.pid, "the leader does see the petition")
                r = cl.post(self.url, {"petitioner_id": self.person_id, "reason": "领导批示前核实身份"})
                err = self.assertError(r, 403, "permission_denied")
                self.assertIn("personal_data.reveal", err["message"])
                self.assertNoPersonalData(r.text)
        self.assertUnchanged(self.pid, before)
        # The assigned unit's handler has no reveal permission either.
        self.to_handling(self.pid)
        before = self.snapshot(self.pid)
        r = self.handler.post(self.url, {"petitioner_id": self.person_id, "reason": "联系信访人"})
        self.assertError(r, 403, "permission_denied")
        self.assertUnchanged(self.pid, before)
        self.assertEqual(len(self.reveals()), reveals)


if __name__ == "__main__":
    unittest.main()
