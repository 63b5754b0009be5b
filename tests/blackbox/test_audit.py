"""The tamper-evident audit log: records are written, and tampering is detected.

Tampering is done as an attacker with file access would: with the sqlite3 shell,
dropping the append-only triggers first.
"""

import shutil
import sqlite3
import subprocess
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, RELAXED, T0, Client, Env, SixiaTestCase)


def sqlite_shell(db, sql):
    """Runs `sql` with the sqlite3 shell (or Python's sqlite3 when the shell is missing).
    Returns (exit code, stderr)."""
    shell = shutil.which("sqlite3")
    if shell:
        r = subprocess.run([shell, db], input=sql, capture_output=True, text=True, timeout=30)
        return r.returncode, r.stderr
    try:
        with sqlite3.connect(db) as c:
            c.executescript(sql)
        return 0, ""
    except sqlite3.Error as e:
        return 1, str(e)


def audit_rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT seq, action FROM audit_log ORDER BY seq").fetchall()


class AuditRecordsTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
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

    def test_actions_are_recorded_with_actor_object_and_outcome(self):
        r = self.admin.post("/api/v1/units", {"name": "审计测试单位", "division_code": T0})
        self.assertEqual(r.status, 201)
        unit_id = r.json()["id"]
        Client(self.server).login("xp_leader", "Wrong-Pass-77", expect=401)
        records = self.auditor.audit_records()
        create = [a for a in records if a["action"] == "unit.create" and a["object"] == f"unit:{unit_id}"]
        self.assertEqual(len(create), 1)
        self.assertEqual(create[0]["actor"], ADMIN_USER)
        self.assertEqual(create[0]["outcome"], "ok")
        self.assertEqual(create[0]["source"], "127.0.0.1")
        self.assertEqual(create[0]["detail"], {"division_code": T0})
        self.assertEqual(records[-1]["action"], "session.login")
        self.assertEqual(records[-1]["outcome"], "failed")
        self.assertEqual(records[-1]["actor"], "xp_leader")
        seqs = [a["seq"] for a in records]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)), "sequence numbers have no gaps")
        for a, b in zip(records, records[1:]):
            self.assertNotEqual(a["hash"], b["hash"])
        self.assertEqual([a["action"] for a in records[:2]], ["user.create", "system.init"])

    def test_audit_list_filter_and_pagination(self):
        r = self.auditor.get("/api/v1/audit?action=unit.create&limit=2")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertEqual(len(body["items"]), 2)
        self.assertTrue(all(a["action"] == "unit.create" for a in body["items"]))
        after = body["next_after"]
        r2 = self.auditor.get(f"/api/v1/audit?action=unit.create&limit=2&after={after}").json()
        self.assertTrue(all(a["seq"] > after for a in r2["items"]))

    def test_verify_reports_intact_via_api_and_cli(self):
        r = self.auditor.get("/api/v1/audit/verify")
        self.assertEqual(r.status, 200)
        body = r.json()
        self.assertTrue(body["intact"], body)
        self.assertNotIn("first_broken", body)
        self.assertGreater(body["records"], 20)
        # The CLI may run while the server does (SQLite WAL readers).
        cli = self.env.cli("audit", "verify")
        self.assertEqual(cli.returncode, 0, cli.stdout + cli.stderr)
        self.assertIn("intact", cli.stdout)

    def test_append_only_triggers_stop_plain_updates(self):
        rc, err = sqlite_shell(self.env.db_path, "UPDATE audit_log SET actor='x' WHERE seq=1;")
        self.assertNotEqual(rc, 0)
        self.assertIn("append-only", err)
        rc, err = sqlite_shell(self.env.db_path, "DELETE FROM audit_log WHERE seq=1;")
        self.assertNotEqual(rc, 0)
        self.assertIn("append-only", err)
        self.assertTrue(self.auditor.get("/api/v1/audit/verify").json()["intact"])


class AuditTamperTest(SixiaTestCase):
    """Each test works on its own copy of the data folder; the server is stopped while the
    attacker edits the file, then `audit verify` (CLI, and the API after a restart) judges."""

    def make_env(self):
        env = Env(config=RELAXED)
        self.addCleanup(env.close)
        rows = audit_rows(env.db_path)
        self.assertGreater(len(rows), 10)
        self.assertEqual(env.cli("audit", "verify").returncode, 0)
        return env, rows

    def api_verify(self, env):
        server = env.start_server()
        auditor = Client(server)
        auditor.login("xp_auditor")  # Appends one more record after the damage.
        body = auditor.get("/api/v1/audit/verify").json()
        self.stopServer(server)
        return body

    def test_altered_record_is_found(self):
        env, rows = self.make_env()
        target = rows[4][0]
        rc, err = sqlite_shell(env.db_path, "DROP TRIGGER audit_log_no_update;\n"
                                            f"UPDATE audit_log SET actor='someone_else' WHERE seq={target};\n")
        self.assertEqual(rc, 0, err)
        r = env.cli("audit", "verify")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn(f"record {target}", r.stdout)
        self.assertIn("BROKEN", r.stdout)
        body = self.api_verify(env)
        self.assertFalse(body["intact"])
        self.assertEqual(body["first_broken"]["seq"], target)

    def test_altered_detail_with_recomputed_nothing_else_is_found(self):
        env, rows = self.make_env()
        target = rows[-1][0]
        rc, err = sqlite_shell(env.db_path, "DROP TRIGGER audit_log_no_update;\n"
                                            f"UPDATE audit_log SET detail='{{}}', at=at+1 WHERE seq={target};\n")
        self.assertEqual(rc, 0, err)
        r = env.cli("audit", "verify")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn(f"record {target}", r.stdout)

    def test_deleted_last_record_is_found(self):
        env, rows = self.make_env()
        last = rows[-1][0]
        rc, err = sqlite_shell(env.db_path, "DROP TRIGGER audit_log_no_delete;\n"
                                            f"DELETE FROM audit_log WHERE seq={last};\n")
        self.assertEqual(rc, 0, err)
        r = env.cli("audit", "verify")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn(f"record {last}", r.stdout)
        self.assertIn("missing", r.stdout)
        body = self.api_verify(env)
        self.assertFalse(body["intact"])
        self.assertEqual(body["first_broken"]["seq"], last)

    def test_deleted_middle_record_is_found(self):
        env, rows = self.make_env()
        target = rows[3][0]
        rc, err = sqlite_shell(env.db_path, "DROP TRIGGER audit_log_no_delete;\n"
                                            f"DELETE FROM audit_log WHERE seq={target};\n")
        self.assertEqual(rc, 0, err)
        r = env.cli("audit", "verify")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn(f"record {target}", r.stdout)

    def test_swapped_records_are_found(self):
        env, rows = self.make_env()
        a, b = rows[2][0], rows[3][0]
        rc, err = sqlite_shell(env.db_path, "DROP TRIGGER audit_log_no_update;\n"
                                            f"UPDATE audit_log SET seq=-1 WHERE seq={a};\n"
                                            f"UPDATE audit_log SET seq={a} WHERE seq={b};\n"
                                            f"UPDATE audit_log SET seq={b} WHERE seq=-1;\n")
        self.assertEqual(rc, 0, err)
        r = env.cli("audit", "verify")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn(f"record {a}", r.stdout)


if __name__ == "__main__":
    unittest.main()
