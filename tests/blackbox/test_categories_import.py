"""Loading a category tree (问题分类) over HTTP: POST /api/v1/categories.

The system administrator (config.manage) loads a new version from the TSV that
`sixia categories import` reads; a malformed tree or a caller without the permission changes
nothing (the newest version and the audit log stay as they were).
"""

from sixia_harness import ServerTestCase

TREE = "level1\tlevel2\tlevel3\n城乡建设\t安全生产\t事故处理\n城乡建设\t安全生产\t安全生产管理\n劳动和社会保障\t社会保险\t养老保险\n"


class CategoryImportTest(ServerTestCase):
    logins = ("xp_sysadmin", "xp_officer", "xp_auditor")

    def state(self):
        """What a refused import must leave unchanged: the newest tree and the audit length."""
        return self.c["xp_officer"].get("/api/v1/categories").json(), self.c["xp_auditor"].audit_count()

    def test_a_new_version_is_loaded_and_bad_input_changes_nothing(self):
        sysadmin = self.c["xp_sysadmin"]
        # Given the system administrator loads a three-leaf tree
        r = sysadmin.post("/api/v1/categories", {"label": "测试分类 2026", "tsv": TREE})
        # Then it is the newest version, with its seven categories (2 + 2 + 3 levels)
        self.assertEqual(r.status, 201, r)
        loaded = r.json()
        self.assertEqual(loaded["count"], 7)
        tree = self.c["xp_officer"].get("/api/v1/categories").json()
        self.assertEqual(tree["version"], loaded["version"])
        self.assertIn("养老保险", [c["name"] for c in tree["items"]])
        self.assertEqual(self.c["xp_auditor"].audit_records()[-1]["action"], "category.import")
        before = self.state()
        # A tree without its header, with a short line, or empty; a blank label; an unknown field
        for body, field in (({"label": "x", "tsv": "城乡建设\t安全生产\t事故处理\n"}, "tsv"),
                            ({"label": "x", "tsv": "level1\tlevel2\tlevel3\n城乡建设\t安全生产\n"}, "tsv"),
                            ({"label": "x", "tsv": "level1\tlevel2\tlevel3\n"}, "tsv"),
                            ({"label": " ", "tsv": TREE}, "label"),
                            ({"label": "x", "tsv": TREE, "version": 9}, "version")):
            with self.subTest(field=field, body=body):
                self.assertError(sysadmin.post("/api/v1/categories", body), 400, "invalid_argument", field=field)
                self.assertEqual(self.state(), before, "a refused import must change nothing")
        # A petition officer may not load a tree
        self.assertError(self.c["xp_officer"].post("/api/v1/categories", {"label": "x", "tsv": TREE}), 403,
                         "permission_denied")
        self.assertEqual(self.state(), before)
