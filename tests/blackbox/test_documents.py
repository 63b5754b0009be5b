"""Printable documents of a petition over HTTP: issued when their event exists, numbered per
unit, kind and year (文号), stored sealed (they name the petitioner), served as A4 HTML with
every value escaped; hidden petitions' documents are 404."""

from test_petitions import DECISION, PETITIONS, PetitionCase, new_person


class DocumentTest(PetitionCase):
    def issue(self, pid, kind, client=None, expect=201):
        r = (client or self.officer).post(f"{PETITIONS}/{pid}/documents", {"kind": kind})
        if expect is not None:
            self.assertEqual(r.status, expect, r.body)
        return r

    def test_receipt_notice_and_decision_notice_are_numbered_and_printable(self):
        person = new_person()
        pid = self.register(person=person)["id"]
        self.to_handling(pid)
        notice = self.issue(pid, "receipt_notice").json()
        self.assertEqual(notice["kind"], "receipt_notice")
        self.assertRegex(notice["number"], r"^松城街道信访办告〔\d{4}〕\d+号$")
        second = self.issue(pid, "receipt_notice").json()
        self.assertNotEqual(second["number"], notice["number"])  # One sequence, never repeated.
        self.act(self.handler, pid, "issue_decision", DECISION)
        decision = self.issue(pid, "decision_notice", client=self.handler).json()
        self.assertRegex(decision["number"], r"^松城街道民政办处〔\d{4}〕1号$")
        listed = self.view(pid)["documents"]
        self.assertEqual([d["number"] for d in listed], [notice["number"], second["number"], decision["number"]])
        page = self.officer.get(f"{PETITIONS}/{pid}/documents/{decision['id']}")
        self.assertEqual(page.status, 200)
        self.assertTrue(page.header("Content-Type").startswith("text/html"))
        self.assertIn("default-src 'none'", page.header("Content-Security-Policy"))
        html = page.body.decode("utf-8")
        for part in ("信访事项处理意见书", decision["number"], person.name, DECISION["request"], DECISION["facts"],
                     DECISION["reasons"], DECISION["legal_basis"], "支持", "size: A4"):
            self.assertIn(part, html)
        # The document is stored sealed: the petitioner's name is nowhere in the database files.
        raw = b""
        for suffix in ("", "-wal"):
            try:
                with open(self.env.db_path + suffix, "rb") as f:
                    raw += f.read()
            except FileNotFoundError:
                pass
        self.assertNotIn(person.name.encode("utf-8"), raw)

    def test_nothing_to_report_and_unknown_kinds_are_refused_and_change_nothing(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        self.assertError(self.issue(pid, "decision_notice", expect=None), 422, "unprocessable", field="kind")
        self.assertError(self.issue(pid, "receipt_notice", expect=None), 422, "unprocessable", field="kind")
        self.assertError(self.issue(pid, "love_letter", expect=None), 400, "invalid_argument", field="kind")
        self.assertError(self.officer.post(f"{PETITIONS}/{pid}/documents", {"kind": "receipt_notice", "x": 1}),
                         400, "invalid_argument", field="x")
        self.assertUnchanged(pid, before)

    def test_anonymous_petitioners_get_no_notices(self):
        pid = self.register(anonymous=True, petitioners=[])["id"]
        self.act(self.officer, pid, "accept", {"lead_unit_id": self.t0_petition_office["id"]})
        before = self.snapshot(pid)
        self.assertError(self.issue(pid, "receipt_notice", expect=None), 422, "unprocessable", field="kind")
        self.assertUnchanged(pid, before)

    def test_values_are_escaped_in_the_printed_page(self):
        pid = self.register(title="<script>alert(1)</script>")["id"]
        self.act(self.officer, pid, "decline", {"reason": "<img src=x onerror=alert(1)>", "route": "法院"})
        doc = self.issue(pid, "decline_notice").json()
        html = self.officer.get(f"{PETITIONS}/{pid}/documents/{doc['id']}").body.decode("utf-8")
        self.assertNotIn("<script>", html)
        self.assertNotIn("<img", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)

    def test_hidden_petitions_documents_are_404(self):
        pid = self.register()["id"]
        self.act(self.officer, pid, "accept", {"lead_unit_id": self.t0_petition_office["id"]})
        doc = self.issue(pid, "receipt_notice").json()
        outsider = self.c["t1_leader"]
        self.assertError(outsider.get(f"{PETITIONS}/{pid}/documents/{doc['id']}"), 404, "not_found")
        self.assertError(self.issue(pid, "receipt_notice", client=outsider, expect=None), 404, "not_found")
        self.assertError(self.officer.get(f"{PETITIONS}/{pid}/documents/999999"), 404, "not_found")
