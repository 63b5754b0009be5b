"""Jurisdiction (scope) and separation of the three administrators (三员分立)."""

import os
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, COUNTY, OTHER_COUNTY, RELAXED, T0, T1, Client,
                           Env, SixiaTestCase, find_unit, find_user, write_file)

UNITS = "/api/v1/units"


class ScopeTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.auditor = Client(cls.server)
        cls.auditor.login("xp_auditor")
        cls.t1 = Client(cls.server)
        cls.t1.login("t1_leader")
        cls.t0 = Client(cls.server)
        cls.t0.login("t0_leader")
        cls.sys = Client(cls.server)
        cls.sys.login("xp_sysadmin")
        units = cls.admin.units()
        cls.t0_gov = find_unit(units, T0, "government")
        cls.t1_gov = find_unit(units, T1, "government")
        cls.users = cls.admin.users()
        # A unit outside 霞浦县, made by the nation-wide administrator.
        r = cls.admin.post(UNITS, {"name": "蕉城区人民政府", "kind": "government", "division_code": OTHER_COUNTY})
        assert r.status == 201, r.body
        cls.outside = r.json()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_unit_of_another_township_is_404_like_a_missing_one(self):
        hidden = self.t1.get(f"{UNITS}/{self.t0_gov['id']}")
        missing = self.t1.get(f"{UNITS}/987654321")
        self.assertError(hidden, 404, "not_found")
        self.assertError(missing, 404, "not_found")
        self.assertEqual(hidden.json(), missing.json(), "out-of-scope and nonexistent must look identical")
        self.assertNotIn(self.t0_gov["name"], hidden.text)
        # Controls: each leader sees their own township's unit.
        self.assertEqual(self.t1.get(f"{UNITS}/{self.t1_gov['id']}").status, 200)
        self.assertEqual(self.t0.get(f"{UNITS}/{self.t0_gov['id']}").json(), self.t0_gov)

    def test_unit_list_holds_only_units_in_scope(self):
        seen = self.t1.units()
        self.assertTrue(seen)
        self.assertTrue(all(u["division_code"].startswith(T1[:9]) for u in seen), seen)
        self.assertIn(self.t1_gov["id"], [u["id"] for u in seen])
        self.assertNotIn(self.t0_gov["id"], [u["id"] for u in seen])

    def test_user_of_another_township_is_404_like_a_missing_one(self):
        t0_officer = find_user(self.users, "t0_officer")
        hidden = self.t1.get(f"/api/v1/users/{t0_officer['id']}")
        missing = self.t1.get("/api/v1/users/987654321")
        self.assertError(hidden, 404, "not_found")
        self.assertEqual(hidden.json(), missing.json())
        names = [u["username"] for u in self.t1.users()]
        self.assertIn("t1_leader", names)
        self.assertNotIn("t0_officer", names)
        self.assertNotIn(ADMIN_USER, names, "nation-wide accounts are hidden from township users")
        hidden = self.t1.get(f"/api/v1/users?unit_id={self.t0_gov['id']}")
        missing = self.t1.get("/api/v1/users?unit_id=987654321")
        self.assertError(hidden, 404, "not_found")
        self.assertEqual(hidden.json(), missing.json())

    def test_county_administrator_cannot_reach_another_county(self):
        hidden = self.sys.get(f"{UNITS}/{self.outside['id']}")
        self.assertError(hidden, 404, "not_found")
        self.assertEqual(hidden.json(), self.sys.get(f"{UNITS}/987654321").json())
        units, count = self.admin.units(), self.auditor.audit_count()
        r = self.sys.post(UNITS, {"name": "越权单位", "division_code": OTHER_COUNTY})
        self.assertError(r, 403, "permission_denied")
        # A parent outside the scope reads as "does not exist".
        r1 = self.sys.post(UNITS, {"name": "越权下级", "division_code": T0, "parent_id": self.outside["id"]})
        r2 = self.sys.post(UNITS, {"name": "越权下级", "division_code": T0, "parent_id": 987654321})
        self.assertError(r1, 422, "unprocessable", field="parent_id")
        self.assertEqual(r1.json(), r2.json())
        r = self.sys.patch(f"{UNITS}/{self.outside['id']}", {"name": "改名"})
        self.assertError(r, 404, "not_found")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)

    def test_leader_cannot_manage_units(self):
        units, count = self.admin.units(), self.auditor.audit_count()
        self.assertError(self.t1.patch(f"{UNITS}/{self.t1_gov['id']}", {"name": "改名"}), 403, "permission_denied")
        self.assertError(self.t1.post(UNITS, {"name": "新单位", "division_code": T1}), 403, "permission_denied")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)

    def test_units_crud_within_scope(self):
        r = self.sys.post(UNITS, {"name": "松城街道综治中心", "kind": "township_office", "division_code": T0,
                                  "parent_id": self.t0_gov["id"]})
        self.assertEqual(r.status, 201, r.body)
        unit = r.json()
        self.assertEqual(unit["county_code"], COUNTY)
        self.assertEqual(unit["parent_id"], self.t0_gov["id"])
        self.assertEqual(self.sys.get(f"{UNITS}/{unit['id']}").json(), unit)
        self.assertEqual(self.t0.get(f"{UNITS}/{unit['id']}").json(), unit)
        self.assertError(self.t1.get(f"{UNITS}/{unit['id']}"), 404, "not_found")
        r = self.sys.patch(f"{UNITS}/{unit['id']}", {"name": "松城街道综治中心（改）", "parent_id": None,
                                                      "disabled": True})
        self.assertEqual(r.status, 200, r.body)
        changed = self.sys.get(f"{UNITS}/{unit['id']}").json()
        self.assertEqual(changed["name"], "松城街道综治中心（改）")
        self.assertIsNone(changed["parent_id"])
        self.assertTrue(changed["disabled"])
        actions = [a["action"] for a in self.auditor.audit_records()[-2:]]
        self.assertEqual(actions, ["unit.create", "unit.update"])


class SeparationOfDutiesTest(SixiaTestCase):
    """三员分立: system, security and audit administrators each do only their own job."""

    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.sys = Client(cls.server)
        cls.sys.login("xp_sysadmin")
        cls.sec = Client(cls.server)
        cls.sec.login("xp_secadmin")
        cls.aud = Client(cls.server)
        cls.aud.login("xp_auditor")
        cls.users = cls.admin.users()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def uid(self, name):
        return find_user(self.users, name)["id"]

    def user(self, name):
        return self.admin.get(f"/api/v1/users/{self.uid(name)}").json()

    def test_system_admin_cannot_read_the_audit_log(self):
        self.assertError(self.sys.get("/api/v1/audit"), 403, "permission_denied")
        self.assertError(self.sys.get("/api/v1/audit/verify"), 403, "permission_denied")
        self.assertError(self.sec.get("/api/v1/audit"), 403, "permission_denied")
        self.assertError(self.admin.get("/api/v1/audit"), 403, "permission_denied")
        self.assertEqual(self.aud.get("/api/v1/audit").status, 200)

    def test_audit_admin_cannot_create_units_or_read_the_directory(self):
        units, count = self.admin.units(), self.aud.audit_count()
        r = self.aud.post(UNITS, {"name": "审计员建的单位", "division_code": T0})
        self.assertError(r, 403, "permission_denied")
        self.assertError(self.aud.get(UNITS), 403, "permission_denied")
        self.assertError(self.aud.get("/api/v1/users"), 403, "permission_denied")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.aud.audit_count(), count)

    def test_security_admin_grants_roles(self):
        target = self.uid("xp_viewer")
        r = self.sec.put(f"/api/v1/users/{target}/grants", {"roles": ["supervisor", "viewer"], "scopes": [COUNTY]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(sorted(self.user("xp_viewer")["roles"]), ["supervisor", "viewer"])
        last = self.aud.audit_records()[-1]
        self.assertEqual((last["action"], last["actor"], last["object"]), ("user.grants", "xp_secadmin", f"user:{target}"))
        # The security administrator cannot create units, nor change their own roles.
        self.assertError(self.sec.post(UNITS, {"name": "安全员建的单位", "division_code": T0}), 403, "permission_denied")
        me = self.uid("xp_secadmin")
        r = self.sec.put(f"/api/v1/users/{me}/grants", {"roles": ["security_admin", "viewer"], "scopes": [COUNTY]})
        self.assertError(r, 403, "permission_denied")

    def test_system_admin_cannot_grant_roles(self):
        count = self.aud.audit_count()
        target = self.uid("xp_officer")
        before = self.user("xp_officer")
        r = self.sys.put(f"/api/v1/users/{target}/grants", {"roles": ["leader"], "scopes": [COUNTY]})
        self.assertError(r, 403, "permission_denied")
        unit_id = find_unit(self.admin.units(), COUNTY, "government")["id"]
        users = self.admin.users()
        r = self.sys.post("/api/v1/users", {"username": "sneaky.admin", "display_name": "偷偷授权",
                                             "unit_id": unit_id, "password": "Str0ng-Password!",
                                             "roles": ["security_admin"]})
        self.assertError(r, 403, "permission_denied")
        self.assertEqual(self.user("xp_officer"), before)
        self.assertEqual(self.admin.users(), users)
        self.assertEqual(self.aud.audit_count(), count)

    def test_changed_grants_take_effect_on_the_next_request(self):
        """Sessions and tokens must not keep permissions or scopes that were taken away."""
        target = self.uid("xp_officer")
        session = Client(self.server)
        session.login("xp_officer")
        r = self.env.cli("token", "create", "--user", "xp_officer", "--ttl", "1h")
        self.assertEqual(r.returncode, 0, r.stderr)
        token = Client(self.server, bearer=r.stdout.strip())
        county_unit = find_unit(self.admin.units(), COUNTY, "government")["id"]
        for c in (session, token):
            self.assertEqual(c.get("/api/v1/users").status, 200)
            self.assertEqual(c.get(f"{UNITS}/{county_unit}").status, 200)
        r = self.sec.put(f"/api/v1/users/{target}/grants", {"roles": ["viewer"], "scopes": [T1]})
        self.assertEqual(r.status, 200, r.body)
        for name, c in (("session", session), ("bearer token", token)):
            with self.subTest(via=name):
                self.assertError(c.get("/api/v1/users"), 403, "permission_denied")
                self.assertError(c.get(f"{UNITS}/{county_unit}"), 404, "not_found")
                self.assertEqual(c.get("/api/v1/me").json()["roles"], ["viewer"])
        r = self.sec.put(f"/api/v1/users/{target}/grants", {"roles": ["petition_officer"], "scopes": [COUNTY]})
        self.assertEqual(r.status, 200, r.body)

    def test_nobody_may_hold_two_administrator_roles(self):
        target = self.uid("xp_leader")
        before = self.user("xp_leader")
        count = self.aud.audit_count()
        for roles in (["system_admin", "audit_admin"], ["security_admin", "audit_admin"],
                      ["system_admin", "security_admin"], ["system_admin", "leader"]):
            with self.subTest(roles=roles):
                r = self.sec.put(f"/api/v1/users/{target}/grants", {"roles": roles, "scopes": [COUNTY]})
                self.assertError(r, 422, "unprocessable", field="roles")
        self.assertEqual(self.user("xp_leader"), before)
        self.assertEqual(self.aud.audit_count(), count)

    def test_cli_refuses_two_administrator_roles(self):
        pw = write_file(os.path.join(self.env.base, "two.pw"), "Str0ng-Password!\n")
        r = self.env.cli("user", "add", "--username", "two.hats", "--display-name", "兼任", "--role", "system_admin",
                         "--role", "audit_admin", "--password-file", pw)
        self.assertCliError(r, "roles")
        self.assertNotIn("two.hats", [u["username"] for u in self.admin.users()])

    def test_grant_errors(self):
        target = self.uid("xp_viewer")
        before = self.user("xp_viewer")
        count = self.aud.audit_count()
        cases = [
            ({"roles": ["no_such_role"], "scopes": [COUNTY]}, 422, "unprocessable", "roles"),
            ({"roles": ["viewer", "viewer"], "scopes": [COUNTY]}, 400, "invalid_argument", "roles"),
            ({"roles": ["viewer"], "scopes": []}, 400, "invalid_argument", "scopes"),
            ({"roles": ["viewer"], "scopes": ["350921999000"]}, 422, "unprocessable", "scopes"),
            ({"roles": ["viewer"]}, 400, "invalid_argument", "scopes"),
            ({"roles": "viewer", "scopes": [COUNTY]}, 400, "invalid_argument", "roles"),
        ]
        for body, status, code, field in cases:
            with self.subTest(body=body):
                self.assertError(self.sec.put(f"/api/v1/users/{target}/grants", body), status, code, field=field)
        r = self.sec.put(f"/api/v1/users/{target}/grants", {"roles": ["viewer"], "scopes": [OTHER_COUNTY]})
        self.assertError(r, 403, "permission_denied")
        self.assertError(self.sec.put("/api/v1/users/987654321/grants", {"roles": ["viewer"], "scopes": [COUNTY]}),
                         404, "not_found")
        self.assertEqual(self.user("xp_viewer"), before)
        self.assertEqual(self.aud.audit_count(), count)

    def test_roles_are_managed_by_the_security_admin_only(self):
        role = {"name": "archivist", "title_zh": "档案员", "permissions": ["unit.read", "division.read"]}
        self.assertError(self.sys.post("/api/v1/roles", role), 403, "permission_denied")
        r = self.sec.post("/api/v1/roles", role)
        self.assertEqual(r.status, 201, r.body)
        self.assertError(self.sec.post("/api/v1/roles", role), 409, "conflict", field="name")
        bad = dict(role, name="badperm", permissions=["launch.missiles"])
        self.assertError(self.sec.post("/api/v1/roles", bad), 400, "invalid_argument", field="permissions")
        self.assertError(self.sec.put("/api/v1/roles/leader", {"title_zh": "改", "permissions": ["unit.read"]}),
                         409, "conflict")
        self.assertError(self.sec.delete("/api/v1/roles/audit_admin"), 409, "conflict")
        self.assertError(self.sec.delete("/api/v1/roles/no_such_role"), 404, "not_found")
        self.assertEqual(self.sec.delete("/api/v1/roles/archivist").status, 204)
        names = [r["name"] for r in self.sec.get("/api/v1/roles").json()["items"]]
        self.assertNotIn("archivist", names)
        self.assertIn("audit_admin", names)


if __name__ == "__main__":
    unittest.main()
