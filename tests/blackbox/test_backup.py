"""Online backup while the server runs; restore only when it is stopped."""

import hashlib
import os
import sqlite3
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, RELAXED, T0, Client, Env, SixiaTestCase,
                           run_cli, write_file)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class BackupRestoreTest(SixiaTestCase):
    def test_backup_while_serving_then_restore_after_stopping(self):
        env = Env(config=RELAXED)
        self.addCleanup(env.close)
        server = env.start_server()
        admin = Client(server)
        admin.login(ADMIN_USER, ADMIN_PASSWORD)
        r = admin.post("/api/v1/units", {"name": "备份前的单位", "division_code": T0})
        self.assertEqual(r.status, 201, r.body)
        before_id = r.json()["id"]
        backup = os.path.join(env.base, "backup.db")
        b = env.cli("backup", "--to", backup, with_db=False)
        self.assertEqual(b.returncode, 0, b.stderr)
        self.assertTrue(os.path.getsize(backup) > 0)
        # Writes after the backup.
        r = admin.post("/api/v1/units", {"name": "备份后的单位", "division_code": T0})
        self.assertEqual(r.status, 201, r.body)
        after_id = r.json()["id"]
        # A backup file is never overwritten.
        stamp = digest(backup)
        again = env.cli("backup", "--to", backup, with_db=False)
        self.assertCliError(again)
        self.assertEqual(digest(backup), stamp)
        # Restore refuses while the server runs, and changes nothing.
        rr = env.cli("restore", "--from", backup, with_db=False)
        self.assertCliError(rr)
        self.assertTrue("stop" in rr.stderr or "停止" in rr.stderr, rr.stderr)
        self.assertEqual(admin.get(f"/api/v1/units/{after_id}").status, 200)
        self.stopServer(server)
        rr = env.cli("restore", "--from", backup, with_db=False)
        self.assertEqual(rr.returncode, 0, rr.stderr)
        server = env.start_server()
        admin = Client(server)
        admin.login(ADMIN_USER, ADMIN_PASSWORD)
        self.assertEqual(admin.get(f"/api/v1/units/{before_id}").status, 200)
        self.assertError(admin.get(f"/api/v1/units/{after_id}"), 404, "not_found")
        auditor = Client(server)
        auditor.login("xp_auditor")
        self.assertTrue(auditor.get("/api/v1/audit/verify").json()["intact"])
        self.stopServer(server)
        v = env.cli("audit", "verify")
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)

    def test_restore_rejects_files_that_are_not_backups(self):
        env = Env()
        self.addCleanup(env.close)
        stamp = digest(env.db_path)
        garbage = write_file(os.path.join(env.base, "garbage.db"), "this is not a database\n" * 100)
        for src, needle in [(garbage, "from"), (os.path.join(env.base, "missing.db"), "from")]:
            with self.subTest(src=src):
                r = env.cli("restore", "--from", src, with_db=False)
                self.assertCliError(r, needle)
        # An SQLite file that is not a sixia database.
        other = os.path.join(env.base, "other.db")
        with sqlite3.connect(other) as c:
            c.execute("CREATE TABLE t (x)")
        r = env.cli("restore", "--from", other, with_db=False)
        self.assertCliError(r, "from")
        self.assertEqual(digest(env.db_path), stamp, "a rejected restore must not touch the database")
        self.assertEqual(env.cli("audit", "verify").returncode, 0)

    def test_backup_and_restore_need_an_existing_data_folder(self):
        base = Env(demo=False)
        self.addCleanup(base.close)
        missing = os.path.join(base.base, "nowhere")
        self.assertCliError(run_cli("backup", "--data", missing, "--to", os.path.join(base.base, "b.db")), "data")
        self.assertCliError(run_cli("restore", "--data", missing, "--from", base.db_path), "data")
        self.assertFalse(os.path.exists(missing))


if __name__ == "__main__":
    unittest.main()
