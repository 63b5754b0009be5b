"""The command line: exit codes, bilingual errors, and that failures change nothing."""

import datetime
import hashlib
import json
import os
import sqlite3
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, DEMO_PASSWORD, Client, Env, SixiaTestCase, new_tmp,
                           run_cli, write_file)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def count(db, table):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        return c.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


class CliBasicsTest(SixiaTestCase):
    def test_version(self):
        r = run_cli("version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^sixia \d+\.\d+\.\d+\n$")

    def test_usage_errors_exit_2(self):
        for args in [[], ["frobnicate"], ["init"], ["init", "--data", "x", "--bogus"], ["divisions"],
                     ["user"], ["token", "create", "--data", "x"], ["audit"]]:
            with self.subTest(args=args):
                r = run_cli(*args)
                self.assertEqual(r.returncode, 2, f"{args}: {r.stdout}{r.stderr}")

    def test_help_exits_0(self):
        r = run_cli("--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("serve", r.stdout)

    def test_commands_on_a_missing_data_folder(self):
        missing = os.path.join(new_tmp("nofolder"), "data")
        for words, rest in [(["serve"], ["--listen", "127.0.0.1:0"]), (["audit", "verify"], []),
                            (["token", "create"], ["--user", "x"]), (["user", "unlock"], ["--username", "x"]),
                            (["backup"], ["--to", missing + ".bak"])]:
            with self.subTest(cmd=words):
                r = run_cli(*words, "--data", missing, *rest, timeout=20)
                self.assertCliError(r, "data")
                self.assertFalse(os.path.exists(missing), f"{words} created the data folder")


class InitTest(SixiaTestCase):
    def test_init_creates_a_private_folder(self):
        base = new_tmp("init")
        data = os.path.join(base, "data")
        pw = write_file(os.path.join(base, "pw"), ADMIN_PASSWORD + "\r\n")  # CRLF is tolerated.
        r = run_cli("init", "--data", data, "--admin-user", "root.admin", "--admin-password-file", pw)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(data, r.stdout)
        self.assertNotIn(ADMIN_PASSWORD, r.stdout + r.stderr)
        self.assertEqual(os.stat(data).st_mode & 0o777, 0o700, "the data folder must be private")
        v = run_cli("audit", "verify", "--data", data)
        self.assertEqual(v.returncode, 0, v.stdout)

    def test_init_reads_the_password_from_stdin(self):
        data = os.path.join(new_tmp("init"), "data")
        r = run_cli("init", "--data", data, "--admin-user", "root.admin", "--admin-password-file", "-",
                    input=ADMIN_PASSWORD + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_init_on_an_existing_folder_changes_nothing(self):
        env = Env()
        self.addCleanup(env.close)
        marker = write_file(os.path.join(env.data, "notes.txt"), "keep me\n")
        before = {name: digest(os.path.join(env.data, name)) for name in os.listdir(env.data)}
        pw = write_file(os.path.join(env.base, "new.pw"), "Another-Passw0rd!\n")
        for user in [ADMIN_USER, "second.admin"]:
            with self.subTest(user=user):
                r = env.cli("init", "--admin-user", user, "--admin-password-file", pw)
                self.assertCliError(r, env.data)
                self.assertIn("已存在", r.stderr)
        after = {name: digest(os.path.join(env.data, name)) for name in os.listdir(env.data)}
        self.assertEqual(after, before, "init touched an existing data folder")
        with open(marker) as f:
            self.assertEqual(f.read(), "keep me\n")
        server = env.start_server()
        Client(server).login(ADMIN_USER, ADMIN_PASSWORD)  # The old password still works…
        Client(server).login("second.admin", "Another-Passw0rd!", expect=401)  # …and no new admin.
        self.stopServer(server)

    def test_init_on_an_existing_empty_folder_is_allowed(self):
        data = new_tmp("empty")
        pw = write_file(os.path.join(os.path.dirname(data), "e.pw"), ADMIN_PASSWORD + "\n")
        r = run_cli("init", "--data", data, "--admin-user", "root.admin", "--admin-password-file", pw)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_init_input_errors_create_nothing(self):
        base = new_tmp("initbad")
        data = os.path.join(base, "data")
        good = write_file(os.path.join(base, "good.pw"), ADMIN_PASSWORD + "\n")
        cases = [
            (["--admin-user", "Root", "--admin-password-file", good], "admin-user"),
            (["--admin-user", "ab", "--admin-password-file", good], "admin-user"),
            (["--admin-user", "root.admin", "--admin-password-file", write_file(os.path.join(base, "weak"), "short\n")],
             "password"),
            (["--admin-user", "root.admin", "--admin-password-file", write_file(os.path.join(base, "empty"), "\n")],
             "--admin-password-file"),
            (["--admin-user", "root.admin", "--admin-password-file", os.path.join(base, "missing")],
             "--admin-password-file"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                r = run_cli("init", "--data", data, *args)
                self.assertCliError(r, needle)
                self.assertFalse(os.path.exists(data), "a failed init left a data folder behind")

    def test_bad_config_is_reported_with_its_key(self):
        env = Env()
        self.addCleanup(env.close)
        for config, key in [({"http": {"bogus": 1}}, "http.bogus"), ({"colour": "red"}, "colour"),
                            ({"http": {"read_timeout_ms": 5}}, "http.read_timeout_ms"),
                            ({"http": {"io_threads": "two"}}, "http.io_threads"),
                            ({"password_policy": {"min_length": 4}}, "password_policy.min_length")]:
            with self.subTest(config=config):
                env.write_config(config)
                r = env.cli("serve", "--listen", "127.0.0.1:0", timeout=20)
                self.assertCliError(r, key)
        with open(os.path.join(env.data, "config.json"), "w") as f:
            f.write("{not json")
        self.assertCliError(env.cli("audit", "verify"), "config.json")


class UserCommandsTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env()
        cls.pw = write_file(os.path.join(cls.env.base, "u.pw"), "Str0ng-Password!\n")

    @classmethod
    def tearDownClass(cls):
        cls.env.close()

    def users(self):
        return count(self.env.db_path, "users")

    def audit(self):
        return count(self.env.db_path, "audit_log")

    def test_user_add_and_its_errors(self):
        before_users, before_audit = self.users(), self.audit()
        cases = [
            (["--username", "Bad Name", "--display-name", "x"], "username"),
            (["--username", "xp_leader", "--display-name", "重复"], "username"),
            (["--username", "new.one", "--display-name", "x", "--unit-id", "987654"], "unit_id"),
            (["--username", "new.one", "--display-name", "x", "--role", "no_such_role"], "roles"),
            (["--username", "new.one", "--display-name", "x", "--scope", "350921999000"], "scopes"),
            (["--username", "new.one", "--display-name", ""], "display_name"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                r = self.env.cli("user", "add", *args, "--password-file", self.pw)
                self.assertCliError(r, needle)
        weak = write_file(os.path.join(self.env.base, "weak.pw"), "password\n")
        r = self.env.cli("user", "add", "--username", "new.one", "--display-name", "x", "--password-file", weak)
        self.assertCliError(r, "password")
        self.assertEqual((self.users(), self.audit()), (before_users, before_audit))
        r = self.env.cli("user", "add", "--username", "new.one", "--display-name", "新人", "--password-file", self.pw)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("new.one", r.stdout)
        self.assertEqual(self.users(), before_users + 1)

    def test_user_commands_on_unknown_users(self):
        before = (self.users(), self.audit())
        for args in [["disable"], ["unlock"], ["reset-password", "--password-file", self.pw]]:
            with self.subTest(cmd=args[0]):
                r = self.env.cli("user", args[0], "--username", "nobody.here", *args[1:])
                self.assertCliError(r)
        self.assertEqual((self.users(), self.audit()), before)

    def test_demo_twice_is_refused(self):
        pw = write_file(os.path.join(self.env.base, "demo.pw"), DEMO_PASSWORD + "\n")
        before = (self.users(), self.audit())
        r = self.env.cli("demo", "--password-file", pw)
        self.assertCliError(r)
        self.assertEqual((self.users(), self.audit()), before)

    def test_demo_without_xiapu_is_refused(self):
        # A fresh folder with no divisions imported at all.
        base = new_tmp("nox")
        data = os.path.join(base, "data")
        pw = write_file(os.path.join(base, "pw"), ADMIN_PASSWORD + "\n")
        self.assertEqual(run_cli("init", "--data", data, "--admin-user", "root.admin",
                                 "--admin-password-file", pw).returncode, 0)
        r = run_cli("demo", "--data", data, "--password-file", pw)
        self.assertCliError(r, "350921")

    def test_disable_then_reset_password_from_the_cli(self):
        pw2 = write_file(os.path.join(self.env.base, "new.pw"), "Another-Passw0rd!\n")
        r = self.env.cli("user", "reset-password", "--username", "xp_viewer", "--password-file", pw2)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.env.cli("user", "disable", "--username", "xp_viewer")
        self.assertEqual(r.returncode, 0, r.stderr)
        server = self.env.start_server()
        try:
            Client(server).login("xp_viewer", "Another-Passw0rd!", expect=401)
            Client(server).login("xp_leader", DEMO_PASSWORD, expect=201)
        finally:
            self.stopServer(server)
        # Disabled users cannot be issued tokens.
        r = self.env.cli("token", "create", "--user", "xp_viewer")
        self.assertCliError(r, "user")
        self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()


class DemoPetitionsTest(SixiaTestCase):
    """`sixia demo --petitions N`, the counted results of the CLI and `petitions recount`."""

    @classmethod
    def setUpClass(cls):
        cls.env = Env()
        r = cls.env.cli("demo", "--petitions", "150")
        if r.returncode != 0:
            raise AssertionError(f"demo --petitions: {r.stdout}\n{r.stderr}")

    @classmethod
    def tearDownClass(cls):
        cls.env.close()

    def metrics(self, frm, to):
        r = self.env.cli("petitions", "metrics", "--division", "350921000000", "--from", frm, "--to", to)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_the_1988_reception_day_counts_as_recorded(self):
        # 102 people came, 86 problems were accepted, 12 solved on the spot and the rest
        # closed within a month (MISSION §1): counted from the replayed events.
        total = self.metrics("1988-12-20", "1988-12-20")["total"]
        self.assertEqual(total["people"], 102, total)
        self.assertEqual(total["received"], 86, total)
        self.assertEqual(total["accepted"], 86, total)
        self.assertEqual(total["solved_same_day"], 12, total)
        self.assertEqual(total["closed"], 86, total)
        self.assertEqual(total["closed_within_30d"], 86, total)

    def test_recount_from_the_events_changes_no_figure(self):
        today = datetime.date.today()
        frm, to = (today - datetime.timedelta(days=400)).isoformat(), today.isoformat()
        before = self.metrics(frm, to)
        self.assertGreaterEqual(before["total"]["received"], 150, before["total"])
        r = self.env.cli("petitions", "recount")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"recounted: \d+ petitions")
        self.assertEqual(self.metrics(frm, to), before)
