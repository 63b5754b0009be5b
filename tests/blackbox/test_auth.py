"""Login, sessions, CSRF, lockout, bearer tokens, and that no password ever leaks."""

import glob
import json
import os
import re
import threading
import time
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, DEMO_PASSWORD, RELAXED, T0, Client, Env,
                           SixiaTestCase, find_unit, find_user, write_file)

UNITS = "/api/v1/units"


def token_id(stderr):
    m = re.search(r"token id (\d+)", stderr)
    if not m:
        raise AssertionError(f"token create did not print its id: {stderr!r}")
    return m.group(1)


class AuthTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
        cls.admin = Client(cls.server)
        cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.auditor = Client(cls.server)
        cls.auditor.login("xp_auditor")
        cls.secadmin = Client(cls.server)
        cls.secadmin.login("xp_secadmin")

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def user_id(self, username):
        return find_user(self.admin.users(), username)["id"]

    # ---- Login and the session cookie

    def test_login_sets_an_httponly_samesite_strict_cookie(self):
        c = Client(self.server)
        r = c.login("xp_leader")
        cookies = r.header_all("Set-Cookie")
        self.assertEqual(len(cookies), 1, cookies)
        attrs = [a.strip() for a in cookies[0].split(";")]
        name, _, value = attrs[0].partition("=")
        self.assertEqual(name, "sixia_session")
        self.assertGreaterEqual(len(value), 32, "session token should be long and random")
        lower = [a.lower() for a in attrs[1:]]
        self.assertIn("httponly", lower)
        self.assertIn("samesite=strict", lower)
        self.assertIn("path=/", lower)
        self.assertNotIn("secure", lower, "no Secure flag unless http.cookie_secure is set")
        body = r.json()
        self.assertEqual(body["user"]["username"], "xp_leader")
        self.assertTrue(body["csrf_token"])
        self.assertNotEqual(body["csrf_token"], value, "CSRF token must differ from the session token")
        self.assertNotIn("password", json.dumps(body).lower())
        self.assertNotIn("argon2", r.text)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        me = c.get("/api/v1/me")
        self.assertEqual(me.status, 200)
        self.assertEqual(me.json()["username"], "xp_leader")

    def test_each_login_gets_a_new_session(self):
        a, b = Client(self.server), Client(self.server)
        a.login("xp_leader")
        b.login("xp_leader")
        self.assertNotEqual(a.cookie, b.cookie)
        self.assertNotEqual(a.csrf, b.csrf)

    def test_wrong_password_and_unknown_user_look_the_same(self):
        count = self.auditor.audit_count()
        r1 = Client(self.server).login("xp_leader", "Wrong-Password-1", expect=401)
        r2 = Client(self.server).login("no_such_user", "Wrong-Password-1", expect=401)
        e1 = self.assertError(r1, 401, "unauthenticated")
        e2 = self.assertError(r2, 401, "unauthenticated")
        self.assertEqual(e1, e2, "the answer must not reveal whether the user exists")
        self.assertIsNone(r1.header("Set-Cookie"))
        # Failed logins are audited (two records), and the wrong password is not in them.
        records = self.auditor.audit_records()
        self.assertEqual(len(records), count + 2)
        self.assertEqual([r["outcome"] for r in records[-2:]], ["failed", "failed"])
        self.assertNotIn("Wrong-Password-1", json.dumps(records, ensure_ascii=False))

    def test_login_body_errors_are_400_with_field(self):
        count = self.auditor.audit_count()
        c = Client(self.server)
        cases = [({"username": "xp_leader"}, "password"), ({"password": "x"}, "username"),
                 ({"username": 1, "password": "x"}, "username"),
                 ({"username": "xp_leader", "password": ["x"]}, "password"),
                 ({"username": "xp_leader", "password": DEMO_PASSWORD, "remember": True}, "remember")]
        for body, field in cases:
            with self.subTest(body=body):
                r = c.request("POST", "/api/v1/session", json_body=body)
                self.assertError(r, 400, "invalid_argument", field=field)
                self.assertIsNone(r.header("Set-Cookie"))
        self.assertEqual(self.auditor.audit_count(), count)

    # ---- Lockout

    def test_five_failures_lock_the_account(self):
        victim = "xp_viewer"
        for i in range(5):
            r = Client(self.server).login(victim, f"Wrong-Pass-{i}", expect=None)
            self.assertError(r, 401, "unauthenticated")
        # Sixth attempt with the RIGHT password: still refused, locked.
        r = Client(self.server).login(victim, DEMO_PASSWORD, expect=None)
        err = self.assertError(r, 429, "too_many_requests")
        self.assertIsNone(r.header("Set-Cookie"), "a locked account must not get a session")
        self.assertRegex(err["message"], r"\d+ minutes")
        r = Client(self.server).login(victim, DEMO_PASSWORD, expect=None)
        self.assertError(r, 429, "too_many_requests")
        uid = self.user_id(victim)
        self.assertTrue(self.admin.get(f"/api/v1/users/{uid}").json()["locked"])
        records = self.auditor.audit_records()
        self.assertEqual(records[-1]["action"], "session.login")
        self.assertEqual(records[-1]["outcome"], "denied")
        # The security administrator unlocks; the right password works again.
        self.assertEqual(self.secadmin.post(f"/api/v1/users/{uid}/unlock").status, 200)
        self.assertFalse(self.admin.get(f"/api/v1/users/{uid}").json()["locked"])
        Client(self.server).login(victim, DEMO_PASSWORD)

    def test_concurrent_failures_all_count_towards_the_lock(self):
        victim = "v0_cadre"
        statuses = []

        def attempt(i):
            statuses.append(Client(self.server).login(victim, f"Wrong-Parallel-{i}", expect=None).status)

        threads = [threading.Thread(target=attempt, args=(i,)) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(len(statuses), 10)
        self.assertTrue(set(statuses) <= {401, 429}, statuses)
        self.assertGreaterEqual(statuses.count(401), 5)
        self.assertError(Client(self.server).login(victim, DEMO_PASSWORD, expect=None), 429, "too_many_requests")

    def test_a_success_resets_the_failure_count(self):
        victim = "xp_civil"
        for _ in range(2):
            for i in range(4):
                Client(self.server).login(victim, f"Wrong-{i}", expect=401)
            Client(self.server).login(victim, DEMO_PASSWORD, expect=201)

    def test_lock_is_cleared_by_cli_unlock(self):
        victim = "xp_resources"
        for i in range(5):
            Client(self.server).login(victim, f"Wrong-{i}", expect=401)
        Client(self.server).login(victim, DEMO_PASSWORD, expect=429)
        r = self.env.cli("user", "unlock", "--username", victim)
        self.assertEqual(r.returncode, 0, r.stderr)
        Client(self.server).login(victim, DEMO_PASSWORD, expect=201)

    # ---- CSRF

    def test_cookie_write_without_csrf_token_is_403_and_creates_nothing(self):
        c = Client(self.server)
        c.login("xp_sysadmin")
        body = {"name": "CSRF测试单位", "division_code": T0}
        units, count = self.admin.units(), self.auditor.audit_count()
        for headers in [{"X-CSRF-Token": None}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": ""},
                        {"X-CSRF-Token": self.admin.csrf}]:  # Another session's token.
            with self.subTest(headers=headers):
                r = c.request("POST", UNITS, json_body=body, headers=headers)
                self.assertError(r, 403, "permission_denied")
        r = c.request("PATCH", f"{UNITS}/{units[0]['id']}", json_body={"name": "改名"},
                      headers={"X-CSRF-Token": None})
        self.assertError(r, 403, "permission_denied")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)
        # Reads need no CSRF token; the right token lets the write through.
        self.assertEqual(c.get(UNITS, headers={"X-CSRF-Token": None}).status, 200)
        self.assertEqual(c.post(UNITS, body).status, 201)

    # ---- Logout

    def test_logout_invalidates_the_cookie(self):
        c = Client(self.server)
        c.login("xp_secretary")
        # Logging out is a write: it needs the CSRF token.
        r = c.request("DELETE", "/api/v1/session", headers={"X-CSRF-Token": None})
        self.assertError(r, 403, "permission_denied")
        self.assertEqual(c.get("/api/v1/me").status, 200)
        r = c.delete("/api/v1/session")
        self.assertEqual(r.status, 204, r.body)
        cleared = r.header("Set-Cookie") or ""
        self.assertIn("sixia_session=;", cleared)
        self.assertIn("Max-Age=0", cleared)
        self.assertIn("HttpOnly", cleared)
        self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        self.assertError(c.delete("/api/v1/session"), 401, "unauthenticated")
        actions = [(a["action"], a["actor"]) for a in self.auditor.audit_records()[-2:]]
        self.assertIn(("session.logout", "xp_secretary"), actions)

    # ---- Disabled users and password resets end sessions

    def test_disabling_a_user_ends_their_sessions(self):
        c = Client(self.server)
        c.login("xp_supervisor")
        uid = self.user_id("xp_supervisor")
        self.assertEqual(self.admin.patch(f"/api/v1/users/{uid}", {"disabled": True}).status, 200)
        self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        r = Client(self.server).login("xp_supervisor", DEMO_PASSWORD, expect=401)
        wrong = Client(self.server).login("xp_leader", "Not-The-Password-9", expect=401)
        self.assertEqual(r.json(), wrong.json(), "a disabled account answers like a wrong password")
        self.assertEqual(self.admin.patch(f"/api/v1/users/{uid}", {"disabled": False}).status, 200)
        Client(self.server).login("xp_supervisor")

    def test_password_reset_ends_sessions(self):
        c = Client(self.server)
        c.login("t0_civil")
        uid = self.user_id("t0_civil")
        r = self.admin.put(f"/api/v1/users/{uid}/password", {"password": "weak"})
        self.assertError(r, 422, "unprocessable", field="password")
        self.assertEqual(c.get("/api/v1/me").status, 200, "a rejected reset must not end sessions")
        r = self.admin.put(f"/api/v1/users/{uid}/password", {"password": "Brand-New-Pass-5"})
        self.assertEqual(r.status, 200, r.body)
        self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        Client(self.server).login("t0_civil", DEMO_PASSWORD, expect=401)
        Client(self.server).login("t0_civil", "Brand-New-Pass-5")

    def test_cannot_disable_yourself(self):
        uid = self.admin.user["id"]
        r = self.admin.patch(f"/api/v1/users/{uid}", {"disabled": True})
        self.assertError(r, 422, "unprocessable", field="disabled")
        self.assertEqual(self.admin.get("/api/v1/me").status, 200)

    # ---- Bearer tokens

    def test_bearer_token_works_without_csrf(self):
        r = self.env.cli("token", "create", "--user", "xp_sysadmin", "--ttl", "1h")
        self.assertEqual(r.returncode, 0, r.stderr)
        token = r.stdout.strip()
        self.assertRegex(token, r"^\S{32,}$")
        c = Client(self.server, bearer=token)
        self.assertEqual(c.get("/api/v1/me").json()["username"], "xp_sysadmin")
        r = c.post(UNITS, {"name": "令牌创建的单位", "division_code": T0})
        self.assertEqual(r.status, 201, r.body)

    def test_expired_bearer_token_is_401(self):
        r = self.env.cli("token", "create", "--user", "xp_leader", "--ttl", "1s")
        self.assertEqual(r.returncode, 0, r.stderr)
        c = Client(self.server, bearer=r.stdout.strip())
        time.sleep(1.5)
        err = self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        self.assertIn("expired", err["message"])

    def test_revoked_bearer_token_is_401_and_cannot_write(self):
        r = self.env.cli("token", "create", "--user", "xp_sysadmin")
        self.assertEqual(r.returncode, 0, r.stderr)
        c = Client(self.server, bearer=r.stdout.strip())
        self.assertEqual(c.get("/api/v1/me").status, 200)
        rv = self.env.cli("token", "revoke", "--id", token_id(r.stderr))
        self.assertEqual(rv.returncode, 0, rv.stderr)
        err = self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        self.assertIn("revoked", err["message"])
        units, count = self.admin.units(), self.auditor.audit_count()
        self.assertError(c.post(UNITS, {"name": "吊销后的单位", "division_code": T0}), 401, "unauthenticated")
        self.assertEqual(self.admin.units(), units)
        self.assertEqual(self.auditor.audit_count(), count)
        # Revoking twice is an error.
        again = self.env.cli("token", "revoke", "--id", token_id(r.stderr))
        self.assertCliError(again)

    def test_unknown_or_malformed_bearer_is_401(self):
        for header in ["Bearer not-a-real-token", "Bearer ", "bearer x", "Token abc"]:
            with self.subTest(header=header):
                r = Client(self.server).get("/api/v1/me", headers={"Authorization": header})
                self.assertError(r, 401, "unauthenticated")

    def test_bearer_token_of_a_disabled_user_is_401(self):
        r = self.env.cli("token", "create", "--user", "t0_leader")
        c = Client(self.server, bearer=r.stdout.strip())
        self.assertEqual(c.get("/api/v1/me").status, 200)
        uid = self.user_id("t0_leader")
        self.assertEqual(self.admin.patch(f"/api/v1/users/{uid}", {"disabled": True}).status, 200)
        try:
            self.assertError(c.get("/api/v1/me"), 401, "unauthenticated")
        finally:
            self.admin.patch(f"/api/v1/users/{uid}", {"disabled": False})

    def test_token_create_errors(self):
        for args, needle in [(["--user", "nobody_here"], "user"), (["--user", "xp_leader", "--ttl", "5x"], "90d"),
                             (["--user", "xp_leader", "--ttl", "400d"], "366"),
                             (["--user", "xp_leader", "--ttl", "0s"], "90d")]:
            with self.subTest(args=args):
                r = self.env.cli("token", "create", *args)
                self.assertCliError(r, needle)
                self.assertEqual(r.stdout, "", "no token may be printed on failure")


class LoginRateLimitTest(SixiaTestCase):
    """Default limiter: 20 attempts per source address at once."""

    def test_21st_login_attempt_from_one_address_is_429(self):
        env = Env()  # Default config.
        self.addCleanup(env.close)
        server = env.start_server()
        for i in range(20):
            r = Client(server).login("no_such_user", "Wrong-Pw-1", expect=None)
            self.assertEqual(r.status, 401, f"attempt {i + 1}: {r!r}")
        r = Client(server).login("xp_leader", DEMO_PASSWORD, expect=None)
        self.assertError(r, 429, "too_many_requests")
        self.assertIsNone(r.header("Set-Cookie"))
        self.stopServer(server)


class NoPasswordLeakTest(SixiaTestCase):
    """No response, log line, audit record or database row holds a password in clear."""

    def test_passwords_appear_nowhere(self):
        env = Env(config=RELAXED)
        self.addCleanup(env.close)
        server = env.start_server()
        secrets = {
            "wrong": "Sentinel-Wrong-Pw-8311",
            "unknown": "Sentinel-Unknown-Pw-8312",
            "new_user": "Sentinel-NewUser-Pw-8313",
            "reset": "Sentinel-Reset-Pw-8314",
            "cli_user": "Sentinel-CliUser-Pw-8315",
            "cli_reset": "Sentinel-CliReset-Pw-8316",
            "weak": "sentinelweak8317",
        }
        outputs = []
        admin = Client(server)
        admin.login(ADMIN_USER, ADMIN_PASSWORD)
        Client(server).login("xp_leader", secrets["wrong"], expect=401)
        Client(server).login("no_such_user", secrets["unknown"], expect=401)
        unit_id = find_unit(admin.units(), T0, "government")["id"]
        r = admin.post("/api/v1/users", {"username": "leak.test", "display_name": "泄露测试",
                                          "unit_id": unit_id, "password": secrets["new_user"]})
        self.assertEqual(r.status, 201, r.body)
        uid = r.json()["id"]
        r = admin.post("/api/v1/users", {"username": "leak.weak", "display_name": "弱密码",
                                          "unit_id": unit_id, "password": secrets["weak"]})
        self.assertEqual(r.status, 422)
        self.assertEqual(admin.put(f"/api/v1/users/{uid}/password", {"password": secrets["reset"]}).status, 200)
        Client(server).login("leak.test", secrets["reset"])
        pw = write_file(os.path.join(env.base, "cli.pw"), secrets["cli_user"] + "\n")
        outputs.append(env.cli("user", "add", "--username", "leak.cli", "--display-name", "命令行",
                               "--unit-id", str(unit_id), "--password-file", pw))
        self.assertEqual(outputs[-1].returncode, 0, outputs[-1].stderr)
        pw2 = write_file(os.path.join(env.base, "cli2.pw"), secrets["cli_reset"] + "\n")
        outputs.append(env.cli("user", "reset-password", "--username", "leak.cli", "--password-file", pw2))
        self.assertEqual(outputs[-1].returncode, 0, outputs[-1].stderr)
        auditor = Client(server)
        auditor.login("xp_auditor")
        audit = json.dumps(auditor.audit_records(), ensure_ascii=False)
        self.stopServer(server)

        everything = {"audit log": audit, "server log": server.log()}
        for i, (method, path, status, headers, body) in enumerate(server.transcript):
            everything[f"response {i} {method} {path}"] = (
                repr(headers) + body.decode("utf-8", "replace"))
        for i, p in enumerate(outputs):
            everything[f"cli output {i}"] = p.stdout + p.stderr
        for path in glob.glob(os.path.join(env.data, "sixia.db*")):
            with open(path, "rb") as f:
                everything[os.path.basename(path)] = f.read().decode("latin-1")
        for where, text in everything.items():
            for name, secret in list(secrets.items()) + [("demo", DEMO_PASSWORD), ("admin", ADMIN_PASSWORD)]:
                self.assertNotIn(secret, text, f"the {name} password appears in the {where}")


if __name__ == "__main__":
    unittest.main()
