"""Read-only configuration for 系统管理: GET /api/v1/config/time-limits, /holidays, /divisions."""

import os
import shutil
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, RELAXED, SMALL_DIVISION_COUNT, Client, Env, SixiaTestCase,
                           new_tmp, run_cli, write_divisions, write_file)

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


if __name__ == "__main__":
    unittest.main()
