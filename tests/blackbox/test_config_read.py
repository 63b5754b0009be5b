"""Configuration for 系统管理: GET /api/v1/config/time-limits, /holidays, /divisions, and replacing
the data folder's time-limit rules and holiday lines while serving (PUT)."""

import os
import shutil
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, RELAXED, SMALL_DIVISION_COUNT, Client, Env, ServerTestCase,
                           SixiaTestCase, new_tmp, run_cli, write_divisions, write_file)
from test_petitions import PETITIONS, registration

DAY_MS = 86_400_000

LOCAL_RULE = "handle division=350921 note=县定时限 30d\n"
LOCAL_HOLIDAY = "2027-01-01 holiday 元旦\n"


class ConfigReadTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        write_file(os.path.join(cls.env.data, "time_limits.txt"), LOCAL_RULE)
        write_file(os.path.join(cls.env.data, "holidays.txt"), LOCAL_HOLIDAY)
        # A second import of the same tree: the last import changed nothing.
        tree = write_divisions(os.path.join(new_tmp("cfg"), "divisions"))
        r = cls.env.cli("divisions", "import", "--from", tree)
        if r.returncode != 0:
            raise AssertionError(r.stderr)
        cls.server = cls.env.start_server()
        cls.sys = Client(cls.server)
        cls.sys.login("xp_sysadmin")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_time_limits_shipped_then_local(self):
        r = self.sys.get("/api/v1/config/time-limits")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertTrue(body["data_file"])
        rules = body["items"]
        dispose = rules[0]
        self.assertEqual(dispose, {"clock": "dispose", "petition_class": "", "channel": "", "category_prefix": "",
                                   "division_prefix": "", "limit": "15d", "amount": 15, "unit": "calendar_days",
                                   "note": "条例第二十二条", "source": "shipped"})
        self.assertIn({"clock": "objection", "limit": "5wd", "unit": "working_days"},
                      [{k: x[k] for k in ("clock", "limit", "unit")} for x in rules])
        self.assertIn("2h", [x["limit"] for x in rules if x["channel"] == "hotline_12345"])
        local = rules[-1]
        self.assertEqual((local["clock"], local["division_prefix"], local["limit"], local["note"], local["source"]),
                         ("handle", "350921", "30d", "县定时限", "data_file"))
        self.assertEqual([x["source"] for x in rules].count("data_file"), 1)

    def test_holidays_by_year(self):
        body = self.sys.get("/api/v1/config/holidays").json()
        self.assertTrue(body["data_file"])
        self.assertTrue({2024, 2025, 2026, 2027} <= set(body["covered_years"]))
        dates = [x["date"] for x in body["items"]]
        self.assertEqual(dates, sorted(dates))
        self.assertIn({"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, body["items"])
        y2025 = self.sys.get("/api/v1/config/holidays?year=2025").json()["items"]
        self.assertTrue(y2025)
        self.assertTrue(all(x["date"].startswith("2025-") for x in y2025))
        self.assertIn({"date": "2025-10-01", "kind": "holiday", "name": "国庆节、中秋节"}, y2025)
        self.assertIn("workday", {x["kind"] for x in y2025})
        self.assertEqual(self.sys.get("/api/v1/config/holidays?year=1999").json()["items"], [])
        self.assertError(self.sys.get("/api/v1/config/holidays?year=abc"), 400, "invalid_argument", field="year")

    def test_division_status(self):
        r = self.sys.get("/api/v1/config/divisions")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertEqual(body["count"], SMALL_DIVISION_COUNT - 1)  # The nation root is not counted.
        self.assertIsInstance(body["version"], int)
        last = body["last_import"]
        self.assertNotIn("actor", last, "who imported is for the audit administrator")
        self.assertGreater(last["at"], 0)
        # The last of the two imports found everything in place.
        self.assertEqual(last["added"], 0)
        self.assertEqual(last["changed"], 0)
        self.assertGreater(last["unchanged"], 0)

    def test_needs_config_manage(self):
        for user in ["xp_secadmin", "xp_officer", "xp_auditor"]:
            c = Client(self.server)
            c.login(user)
            for path in ["/api/v1/config/time-limits", "/api/v1/config/holidays", "/api/v1/config/divisions"]:
                with self.subTest(user=user, path=path):
                    self.assertError(c.get(path), 403, "permission_denied")
        self.assertError(Client(self.server).get("/api/v1/config/divisions"), 401, "unauthenticated")


class DivisionStatusNeverImportedTest(SixiaTestCase):
    def test_no_import_yet(self):
        # `sixia init` alone: the nation root only (not counted), no import record.
        env = Env(demo=False)
        self.addCleanup(env.close)
        shutil.rmtree(env.data)
        pw = write_file(os.path.join(env.base, "fresh.pw"), ADMIN_PASSWORD + "\n")
        r = run_cli("init", "--data", env.data, "--admin-user", ADMIN_USER, "--admin-password-file", pw)
        self.assertEqual(r.returncode, 0, r.stderr)
        server = env.start_server()
        c = Client(server)
        c.login(ADMIN_USER, ADMIN_PASSWORD)  # The first administrator is system_admin (config.manage).
        body = c.get("/api/v1/config/divisions").json()
        self.assertEqual(body["count"], 0)
        self.assertIsNone(body["last_import"])
        self.assertEqual(server.stop(), 0)


class ConfigEditTest(ServerTestCase):
    """PUT /api/v1/config/time-limits and /holidays: checked whole, durable, audited, in force at
    once, and every petition's stored due dates derived again."""
    logins = ("xp_sysadmin", "xp_secadmin", "xp_officer", "xp_auditor", "t0_officer")

    def file_text(self, name):
        path = os.path.join(self.env.data, name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return f.read()

    def dispose_due(self, pid):
        v = self.c["t0_officer"].get(f"{PETITIONS}/{pid}").json()
        clock = next(c for c in v["clocks"] if c["clock"] == "dispose")
        return clock["limit"], clock["due_at"], clock["start_at"]

    def listed_next_due(self, pid):
        items = self.c["t0_officer"].get(f"{PETITIONS}?limit=200").json()["items"]
        return next(x["next_due_at"] for x in items if x["id"] == pid)

    def test_bad_rules_change_nothing(self):
        sysadmin, auditor = self.c["xp_sysadmin"], self.c["xp_auditor"]
        before_limits = sysadmin.get("/api/v1/config/time-limits").json()
        before_holidays = sysadmin.get("/api/v1/config/holidays").json()
        files_before = [self.file_text(n) for n in ("holidays.txt", "time_limits.txt")]
        audit_before = auditor.audit_count()
        cases = [
            ("/api/v1/config/holidays", {"text": "2027-01-01 holiday 元旦\n2027-13-45 holiday 不存在\n"}, "第2行"),
            ("/api/v1/config/holidays", {"text": "2027-01-02 vacation 休息\n"}, "第1行"),
            ("/api/v1/config/time-limits", {"text": "handle 30d\nhandle 0d\n"}, "第2行"),
            ("/api/v1/config/time-limits", {"text": "sleep 5d\n"}, "第1行"),
            ("/api/v1/config/time-limits", {"text": "handle division=35x921 30d\n"}, "第1行"),
        ]
        for path, body, line in cases:
            with self.subTest(path=path, body=body):
                r = sysadmin.put(path, body)
                self.assertError(r, 400, "invalid_argument", field="text")
                self.assertIn(line, r.json()["error"]["message_zh"])
        for path in ("/api/v1/config/holidays", "/api/v1/config/time-limits"):
            with self.subTest(path=path):
                self.assertError(sysadmin.put(path, {}), 400, "invalid_argument", field="text")
                self.assertError(sysadmin.put(path, {"text": 5}), 400, "invalid_argument", field="text")
                self.assertError(sysadmin.put(path, {"text": "", "extra": 1}), 400, "invalid_argument")
                self.assertError(sysadmin.put(path, {"text": "# x\n" * 70000}), 400, "invalid_argument", field="text")
        # Nothing changed: not the rules in force, not the files, not the audit log.
        self.assertEqual(sysadmin.get("/api/v1/config/time-limits").json(), before_limits)
        self.assertEqual(sysadmin.get("/api/v1/config/holidays").json(), before_holidays)
        self.assertEqual([self.file_text(n) for n in ("holidays.txt", "time_limits.txt")], files_before)
        self.assertEqual(auditor.audit_count(), audit_before)

    def test_only_config_manage_may_replace(self):
        audit_before = self.c["xp_auditor"].audit_count()
        file_before = self.file_text("holidays.txt")
        for user in ("xp_secadmin", "xp_officer", "xp_auditor"):
            for path in ("/api/v1/config/holidays", "/api/v1/config/time-limits"):
                with self.subTest(user=user, path=path):
                    self.assertError(self.c[user].put(path, {"text": ""}), 403, "permission_denied")
        self.assertError(Client(self.server).put("/api/v1/config/holidays", {"text": ""}), 401, "unauthenticated")
        self.assertEqual(self.file_text("holidays.txt"), file_before)
        self.assertEqual(self.c["xp_auditor"].audit_count(), audit_before)

    def test_zz_new_rules_are_in_force_at_once_and_stored(self):  # Last: it restarts the server.
        sysadmin, auditor = self.c["xp_sysadmin"], self.c["xp_auditor"]
        r = self.c["t0_officer"].post(PETITIONS, registration(category_code=""))
        self.assertEqual(r.status, 201, r.body)
        pid = r.json()["id"]
        limit, due15, start = self.dispose_due(pid)
        self.assertEqual(limit, "15d")
        self.assertGreaterEqual(due15, start + 15 * DAY_MS)  # To the end of the 15th day.
        self.assertEqual(self.listed_next_due(pid), due15)
        audit_before = auditor.audit_count()

        # A county rule: petitions there get 20 days to be dealt with (告知 within 20 days).
        text = "# 县定时限\ndispose division=350921 note=县定 20d\nreceipt_notice division=350921 note=县定 20d\n"
        r = sysadmin.put("/api/v1/config/time-limits", {"text": text})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["rules"], 2)
        self.assertGreaterEqual(r.json()["recounted"], 1)
        self.assertEqual(self.file_text("time_limits.txt"), text)
        body = sysadmin.get("/api/v1/config/time-limits").json()
        self.assertEqual((body["data_file"], body["data_text"]), (True, text))
        self.assertEqual(body["items"][-1]["source"], "data_file")
        limit, due, _ = self.dispose_due(pid)
        self.assertEqual((limit, due), ("20d", due15 + 5 * DAY_MS))
        self.assertEqual(self.listed_next_due(pid), due, "the stored due date was derived again")
        records = [x for x in auditor.audit_records() if x["action"] == "config.time_limits.replace"]
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["object"], "file:time_limits.txt")
        self.assertGreater(auditor.audit_count(), audit_before)

        # Holidays: the new line is in the calendar at once; the file holds it.
        holidays = "2027-01-01 holiday 元旦\n2027-02-06 holiday 春节\n2027-02-20 workday 春节调休\n"
        r = sysadmin.put("/api/v1/config/holidays", {"text": holidays})
        self.assertEqual((r.status, r.json()["rules"]), (200, 3), r.body)
        y2027 = sysadmin.get("/api/v1/config/holidays?year=2027").json()
        self.assertIn({"date": "2027-02-20", "kind": "workday", "name": "春节调休"}, y2027["items"])
        self.assertEqual(y2027["data_text"], holidays)
        self.assertEqual(self.file_text("holidays.txt"), holidays)

        # Back to the shipped rules only.
        r = sysadmin.put("/api/v1/config/time-limits", {"text": ""})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.dispose_due(pid)[:2], ("15d", due15))
        self.assertEqual(self.listed_next_due(pid), due15)
        self.assertFalse(sysadmin.get("/api/v1/config/time-limits").json()["data_file"])

        # A restart reads the files the server wrote.
        rc = self.server.stop()
        self.assertEqual(rc, 0)
        type(self).server = self.env.start_server()
        again = Client(self.server)
        again.login("xp_sysadmin")
        self.assertEqual(again.get("/api/v1/config/holidays").json()["data_text"], holidays)


if __name__ == "__main__":
    unittest.main()
