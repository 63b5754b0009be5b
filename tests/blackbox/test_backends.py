"""Core HTTP behaviour run against both storage backends.

SQLite: <data>/sixia.db. PostgreSQL: a fresh database on $SIXIA_TEST_PG_URL (set by
tests/with_postgres.sh), initialised with `sixia init --db …` and served with
`sixia serve --db …`. Without $SIXIA_TEST_PG_URL the PostgreSQL class is skipped.
"""

import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, COUNTY, RELAXED, T0, T1, Client, Env,
                           SixiaTestCase, find_unit, pg_available, psql)

UNITS = "/api/v1/units"


class CoreHttpMixin:
    backend = None

    @classmethod
    def setUpClass(cls):
        cls.env = Env(cls.backend, config=RELAXED)
        try:
            cls.server = cls.env.start_server()
        except Exception:
            cls.env.close()
            raise
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.auditor = Client(cls.server)
        cls.auditor.login("xp_auditor")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_login_me_logout(self):
        c = Client(self.server)
        r = c.login("xp_leader")
        self.assertIn("HttpOnly", r.header("Set-Cookie"))
        self.assertEqual(c.get("/api/v1/me").json()["scopes"], [COUNTY])
        self.assertEqual(c.delete("/api/v1/session").status, 204)
        self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        self.assertError(Client(self.server).login("xp_leader", "Wrong-Pass-1", expect=401), 401,
                         "unauthenticated")

    def test_units_crud(self):
        sys = Client(self.server)
        sys.login("xp_sysadmin")
        t0_gov = find_unit(self.admin.units(), T0, "government")
        r = sys.post(UNITS, {"name": "后端测试单位", "kind": "department", "division_code": T0,
                             "parent_id": t0_gov["id"]})
        self.assertEqual(r.status, 201, r.body)
        unit = r.json()
        self.assertEqual((unit["division_code"], unit["county_code"], unit["parent_id"], unit["disabled"]),
                         (T0, COUNTY, t0_gov["id"], False))
        self.assertEqual(sys.get(f"{UNITS}/{unit['id']}").json(), unit)
        r = sys.patch(f"{UNITS}/{unit['id']}", {"name": "后端测试单位（改）", "kind": "other", "disabled": True})
        self.assertEqual(r.status, 200, r.body)
        got = sys.get(f"{UNITS}/{unit['id']}").json()
        self.assertEqual((got["name"], got["kind"], got["disabled"]), ("后端测试单位（改）", "other", True))
        self.assertIn(unit["id"], [u["id"] for u in sys.units()])
        # Conflicts and bad input change nothing.
        units, count = self.admin.units(), self.auditor.audit_count()
        self.assertError(sys.post(UNITS, {"name": "后端测试单位（改）", "division_code": T0}), 409, "conflict",
                         field="name")
        self.assertError(sys.post(UNITS, {"name": "x", "division_code": "350921999000"}), 422, "unprocessable",
                         field="division_code")
        self.assertError(sys.post(UNITS, {"name": "x", "division_code": "3509"}), 400, "invalid_argument",
                         field="division_code")
        self.assertError(sys.post(UNITS, {"name": "x", "division_code": T0, "extra": 1}), 400,
                         "invalid_argument", field="extra")
        self.assertError(sys.request("POST", UNITS, body='{"name":', headers={"Content-Type": "application/json"}),
                         400, "invalid_argument")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)

    def test_pagination_of_units(self):
        all_units = self.admin.units()
        first = self.admin.get(f"{UNITS}?limit=3").json()
        self.assertEqual([u["id"] for u in first["items"]], [u["id"] for u in all_units[:3]])
        second = self.admin.get(f"{UNITS}?limit=3&after={first['next_after']}").json()
        self.assertEqual([u["id"] for u in second["items"]], [u["id"] for u in all_units[3:6]])

    def test_scope_hides_other_townships_with_the_same_404(self):
        t1 = Client(self.server)
        t1.login("t1_leader")
        t0_gov = find_unit(self.admin.units(), T0, "government")
        hidden, missing = t1.get(f"{UNITS}/{t0_gov['id']}"), t1.get(f"{UNITS}/987654321")
        self.assertError(hidden, 404, "not_found")
        self.assertEqual(hidden.json(), missing.json())
        self.assertTrue(all(u["division_code"].startswith(T1[:9]) for u in t1.units()))

    def test_csrf_is_required_for_cookie_writes(self):
        sys = Client(self.server)
        sys.login("xp_sysadmin")
        units, count = self.admin.units(), self.auditor.audit_count()
        r = sys.request("POST", UNITS, json_body={"name": "无令牌单位", "division_code": T0},
                        headers={"X-CSRF-Token": None})
        self.assertError(r, 403, "permission_denied")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)

    def test_audit_verify_via_api(self):
        r = self.auditor.get("/api/v1/audit/verify")
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.json()["intact"], r.body)
        self.assertEqual(r.json()["records"], len(self.auditor.audit_records()))
        cli = self.env.cli("audit", "verify")
        self.assertEqual(cli.returncode, 0, cli.stdout + cli.stderr)


class CoreHttpSqliteTest(CoreHttpMixin, SixiaTestCase):
    backend = "sqlite"


@unittest.skipUnless(pg_available(), "SIXIA_TEST_PG_URL is not set: run under tests/with_postgres.sh "
                                     "to test the PostgreSQL backend")
class CoreHttpPostgresTest(CoreHttpMixin, SixiaTestCase):
    backend = "postgres"

    def test_zz_tampering_is_detected_on_postgres(self):
        """Runs last in this class: it breaks the chain on purpose."""
        seq = self.auditor.audit_records()[3]["seq"]
        psql("DROP TRIGGER audit_log_no_change ON audit_log; "
             f"UPDATE audit_log SET actor = 'someone_else' WHERE seq = {seq};", url=self.env.db_url)
        body = self.auditor.get("/api/v1/audit/verify").json()
        self.assertFalse(body["intact"])
        self.assertEqual(body["first_broken"]["seq"], seq)
        cli = self.env.cli("audit", "verify")
        self.assertEqual(cli.returncode, 3, cli.stdout + cli.stderr)
        self.assertIn(f"record {seq}", cli.stdout)


if __name__ == "__main__":
    unittest.main()
