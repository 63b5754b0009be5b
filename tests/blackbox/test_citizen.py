"""Citizens online (网上信访) over HTTP against the real binary: /api/v1/public/*.

A citizen, without an account, submits a petition and gets a receipt number and a query
code; follows it; staff accept, assign, sign, decide and deliver it (demo users, as in
test_petitions.py); the citizen sees the decision, rates it once and asks for a 复查
within its window. A wrong code and an unknown receipt number get byte-identical 404s;
bad input is 400/422 naming the field and writes nothing (staff list and audit length
unchanged); the per-address throttling answers 429 with Retry-After.

Only synthetic people (test_petitions.new_person: made-up names, computed ID numbers).
"""

import json
import re
import unittest

import test_petitions as tp
from sixia_harness import Env, SixiaTestCase
from test_petitions import (DAY_MS, DECISION, LOW_INCOME, PETITIONS, T0_VILLAGE, PetitionCase,
                            _all_petition_ids, new_person, wrong_check)

PUBLIC = "/api/v1/public/petitions"
CODE_RE = r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$"
VIEW_KEYS = {"receipt_no", "title", "petition_class", "petition_class_label", "state", "state_label",
             "received_at", "received_on", "anonymous", "handling_unit", "timeline", "opinions",
             "latest_rating", "can_rate", "can_request_review", "review_request_until",
             "can_request_re_review", "re_review_request_until"}

# Public requests from 127.0.0.1 must not be throttled here (ThrottleTest tests that).
UNTHROTTLED = {"http": {"login_burst": 10000, "login_per_minute": 10000,
                        "public_burst": 10000, "public_per_minute": 10000,
                        "public_failure_burst": 10000, "public_failure_per_minute": 10000}}


def submission(person=None, **over):
    """A valid online submission; `over` replaces fields."""
    person = person or new_person()
    body = {
        "petition_class": "grievance",
        "title": "低保金被停发",
        "content": "本人低保金自今年五月起被停发，多次询问未获答复。",
        "requests": "请求恢复发放低保金并说明停发原因",
        "category_code": LOW_INCOME,
        "division_code": T0_VILLAGE,
        "petitioner": person.json(),
    }
    body.update(over)
    return body


class CitizenCase(PetitionCase):
    logins = ("t0_officer", "t0_civil", "xp_officer", "xp_auditor")
    config = UNTHROTTLED

    def public(self, path, body, **kw):
        """A POST without any credentials (a citizen's browser)."""
        return self.server.request("POST", PUBLIC + path, json_body=body, **kw)

    def submit(self, **over):
        r = self.public("", submission(**over))
        self.assertEqual(r.status, 201, r.body)
        return r.json()

    def lookup(self, created, expect=200):
        r = self.public("/lookup", {"receipt_no": created["receipt_no"], "query_code": created["query_code"]})
        self.assertEqual(r.status, expect, r.body)
        return r.json()

    def staff_id(self, receipt_no):
        for pid in _all_petition_ids(self, self.c["xp_officer"]):
            if self.view(pid, self.c["xp_officer"])["receipt_no"] == receipt_no:
                return pid
        raise AssertionError(f"staff do not find {receipt_no}")

    def deliver(self, pid):
        self.to_handling(pid)
        self.act(self.handler, pid, "issue_decision", DECISION)
        self.act(self.officer, pid, "deliver")

    def nothing_written_snapshot(self):
        return sorted(_all_petition_ids(self, self.c["xp_officer"])), self.auditor.audit_count()


class CitizenTest(CitizenCase):
    def test_submit_follow_rate_and_request_a_review(self):
        count0 = self.auditor.audit_count()
        alice = new_person()

        # A citizen submits online and gets a receipt number and a query code, nothing else.
        r = self.public("", submission(alice))
        self.assertEqual(r.status, 201, r.body)
        created = r.json()
        self.assertEqual(set(created), {"receipt_no", "query_code"})
        self.assertRegex(created["receipt_no"], r"^XF350921\d{4}\d{6}$")
        self.assertRegex(created["query_code"], CODE_RE)
        self.assertNoPersonalData(r.text)

        # They follow it (the code typed loosely: lower case, spaces).
        v = self.lookup(created)
        self.assertEqual(set(v), VIEW_KEYS)
        self.assertEqual((v["receipt_no"], v["state"], v["state_label"], v["title"]),
                         (created["receipt_no"], "registered", "登记", "低保金被停发"))
        self.assertEqual((v["petition_class"], v["petition_class_label"]), ("grievance", "申诉求决"))
        self.assertRegex(v["received_on"], r"^\d{4}-\d{2}-\d{2}$")
        self.assertEqual([s["type"] for s in v["timeline"]], ["register"])
        self.assertEqual((v["handling_unit"], v["opinions"], v["latest_rating"]), (None, [], None))
        self.assertEqual((v["can_rate"], v["can_request_review"], v["review_request_until"]),
                         (False, False, None))
        loose = " " + created["query_code"].lower().replace("-", " ") + " "
        r = self.public("/lookup", {"receipt_no": created["receipt_no"].lower(), "query_code": loose})
        self.assertEqual(r.status, 200, r.body)
        self.assertNoPersonalData(r.text)

        # Staff see an online petition registered by nobody, and work it to delivery.
        pid = self.staff_id(created["receipt_no"])
        sv = self.view(pid)
        self.assertEqual((sv["channel"], sv["state"]), ("online", "registered"))
        self.assertIsNone(sv["events"][0]["actor_user_id"])
        self.assertEqual(sv["petitioners"][0]["name"], alice.name[0] + "***")
        self.assertNotIn("query_code", sv)
        self.deliver(pid)

        # The citizen sees the decision and what they may do, and no staff.
        r = self.public("/lookup", {"receipt_no": created["receipt_no"], "query_code": created["query_code"]})
        self.assertEqual(r.status, 200, r.body)
        v = r.json()
        self.assertEqual((v["state"], v["state_label"]), ("delivered", "已送达"))
        self.assertEqual(v["handling_unit"], "松城街道民政办")
        self.assertEqual([s["type"] for s in v["timeline"]],
                         ["register", "accept", "assign", "sign", "issue_decision", "deliver"])
        self.assertTrue(all(s["label"] and re.match(r"^\d{4}-\d{2}-\d{2}$", s["on"]) for s in v["timeline"]))
        self.assertEqual(len(v["opinions"]), 1)
        op = v["opinions"][0]
        self.assertEqual((op["type"], op["title"], op["outcome"], op["outcome_label"]),
                         ("issue_decision", "信访事项处理意见书", "support", "支持"))
        for k in ("request", "facts", "reasons", "legal_basis", "document_number"):
            self.assertEqual(op[k], DECISION[k], k)
        self.assertIsInstance(op["delivered_at"], int)
        self.assertTrue(v["can_rate"])
        self.assertTrue(v["can_request_review"])
        sv = self.view(pid)
        window = {c["clock"]: c for c in sv["clocks"]}["review_request"]
        self.assertEqual(v["review_request_until"], window["due_at"])
        self.assertFalse(v["can_request_re_review"])
        self.assertNotIn("actor", r.text)
        self.assertNotIn("user_id", r.text)
        for u in self.users:  # No staff name, login or id anywhere.
            self.assertNotIn(u["display_name"], r.text)
            self.assertNotIn(u["username"], r.text)

        # The citizen rates it; staff see the rating, recorded without an actor.
        key = {"receipt_no": created["receipt_no"], "query_code": created["query_code"]}
        r = self.public("/rate", dict(key, resolution="partly_solved", satisfaction="basically_satisfied"))
        self.assertEqual(r.status, 200, r.body)
        v = r.json()
        self.assertEqual(v["latest_rating"], {"resolution": "partly_solved", "resolution_label": "部分解决",
                                              "satisfaction": "basically_satisfied",
                                              "satisfaction_label": "基本满意"})
        self.assertFalse(v["can_rate"])
        self.assertTrue(v["can_request_review"])
        sv = self.view(pid)
        self.assertEqual(sv["latest_rating"], {"resolution": "partly_solved",
                                               "satisfaction": "basically_satisfied"})
        self.assertEqual(sv["events"][-1]["type"], "rate")
        self.assertIsNone(sv["events"][-1]["actor_user_id"])

        # A second rating of the same result is 409 in Chinese and changes nothing.
        before = self.snapshot(pid)
        r = self.public("/rate", dict(key, resolution="solved", satisfaction="satisfied"))
        err = self.assertError(r, 409, "conflict")
        self.assertIn("已经评价", err["message_zh"])
        self.assertUnchanged(pid, before)

        # A 复查 within the window is recorded; a second one is refused with the rule.
        r = self.public("/request-review", dict(key, reason="对低保金停发原因的认定有异议"))
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual((r.json()["state"], r.json()["can_request_review"]), ("review_requested", False))
        sv = self.view(pid)
        self.assertEqual(sv["state"], "review_requested")
        self.assertEqual((sv["events"][-1]["type"], sv["events"][-1]["reason"]),
                         ("request_review", "对低保金停发原因的认定有异议"))
        before = self.snapshot(pid)
        err = self.assertError(self.public("/request-review", key), 422, "unprocessable",
                               field="review_requested_at")
        self.assertIn("复查", err["message_zh"])
        self.assertUnchanged(pid, before)

        # The audit log names the citizen for their own steps, with no personal data.
        records = self.auditor.audit_records()
        mine = [a for a in records[count0:] if a["object"] == f"petition:{pid}"]
        self.assertEqual([(a["action"], a["actor"]) for a in mine],
                         [("petition.register", "citizen"), ("petition.accept", "t0_officer"),
                          ("petition.assign", "t0_officer"), ("petition.sign", "t0_civil"),
                          ("petition.issue_decision", "t0_civil"), ("petition.deliver", "t0_officer"),
                          ("petition.rate", "citizen"), ("petition.request_review", "citizen")])
        self.assertEqual(mine[0]["detail"]["channel"], "online")
        self.assertNoPersonalData(json.dumps(records, ensure_ascii=False), where="audit record")
        # Nothing personal nor the code ever travelled in a URL.
        for method, path, status, headers, body in self.server.transcript:
            self.assertNoPersonalData(path, where="URL")
            self.assertNotIn(created["query_code"], path)
            self.assertNotIn(created["receipt_no"], path)

    def test_wrong_code_and_unknown_receipt_number_get_identical_404s(self):
        created = self.submit()
        other = self.submit()
        code = created["query_code"]
        wrong = ("0" if code[0] != "0" else "1") + code[1:]
        unknown_receipt = created["receipt_no"][:-6] + "999999"
        before = self.nothing_written_snapshot()
        for path, extra in (("/lookup", {}), ("/rate", {"resolution": "solved", "satisfaction": "satisfied"}),
                            ("/request-review", {}), ("/request-re-review", {})):
            with self.subTest(path=path):
                bodies = []
                for receipt, c in ((created["receipt_no"], wrong), (unknown_receipt, code),
                                   (created["receipt_no"], other["query_code"]),
                                   ("XF-not-a-number", code)):
                    r = self.public(path, dict({"receipt_no": receipt, "query_code": c}, **extra))
                    self.assertError(r, 404, "not_found", no_field=True)
                    bodies.append(r.body)
                self.assertEqual(len(set(bodies)), 1, f"the 404s differ: {bodies}")
                self.assertNotIn(created["receipt_no"].encode(), bodies[0])
        self.assertEqual(self.nothing_written_snapshot(), before)

    def test_bad_input_is_400_or_422_naming_the_field_and_writes_nothing(self):
        created = self.submit()
        key = {"receipt_no": created["receipt_no"], "query_code": created["query_code"]}
        bob = new_person()
        bad_id = dict(bob.json(), id_number=wrong_check(bob.id_number))
        cases = [
            ("", submission(title=""), 400, "title"),
            ("", {k: v for k, v in submission().items() if k != "title"}, 400, "title"),
            ("", submission(petitioner=bad_id), 400, "petitioner.id_number"),
            ("", submission(petitioner=dict(bob.json(), phone="12345")), 400, "petitioner.phone"),
            ("", submission(petitioner=dict(bob.json(), age=30)), 400, "petitioner.age"),
            ("", submission(channel="visit"), 400, "channel"),
            ("", submission(petitioner=None), 400, "petitioner"),
            ("", submission(anonymous=True), 400, "petitioner"),
            ("", submission(petition_class="complaint"), 400, "petition_class"),
            ("", submission(division_code="350921001000"), 422, "division_code"),  # A township.
            ("", submission(division_code="350921001099"), 422, "division_code"),  # No such village.
            ("", submission(category_code="09.09.09"), 422, "category_code"),
            ("/lookup", {"query_code": key["query_code"]}, 400, "receipt_no"),
            ("/lookup", {"receipt_no": key["receipt_no"]}, 400, "query_code"),
            ("/lookup", dict(key, receipt_no=""), 400, "receipt_no"),
            ("/lookup", dict(key, query_code="   "), 400, "query_code"),
            ("/lookup", dict(key, id=1), 400, "id"),
            ("/rate", dict(key, resolution="solved"), 400, "satisfaction"),
            ("/rate", dict(key, resolution="fixed", satisfaction="satisfied"), 400, "resolution"),
            ("/request-review", dict(key, reason=7), 400, "reason"),
        ]
        before = self.nothing_written_snapshot()
        for path, body, status, field in cases:
            with self.subTest(path=path, field=field, body=body):
                r = self.public(path, body)
                err = self.assertError(r, status, "invalid_argument" if status == 400 else "unprocessable",
                                       field=field)
                self.assertNotIn(bob.id_number[:17], err["message"] + err["message_zh"])
        # Not JSON at all.
        r = self.server.request("POST", PUBLIC, body="title=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertError(r, 400, "invalid_argument")
        r = self.server.request("POST", PUBLIC + "/lookup", body='{"receipt_no": ', headers={"Content-Type": "application/json"})
        self.assertError(r, 400, "invalid_argument")
        self.assertEqual(self.nothing_written_snapshot(), before)
        # Nothing to rate or review yet: 409, nothing written.
        err = self.assertError(self.public("/rate", dict(key, resolution="solved", satisfaction="satisfied")),
                               409, "conflict")
        self.assertIn("登记", err["message_zh"])
        self.assertError(self.public("/request-review", key), 409, "conflict")
        self.assertEqual(self.nothing_written_snapshot(), before)
        # Only POST: a receipt number never goes into a URL.
        self.assertEqual(self.server.request("GET", PUBLIC + "/lookup").status, 405)

    def test_anonymous_submission_is_followed_by_receipt_number_and_code(self):
        created = self.submit(petitioner=None, anonymous=True)
        v = self.lookup(created)
        self.assertTrue(v["anonymous"])
        self.assertEqual(v["state"], "registered")
        pid = self.staff_id(created["receipt_no"])
        self.assertEqual(self.view(pid)["petitioners"], [])

    def test_review_request_after_the_window_is_refused(self):
        created = self.submit()
        pid = self.staff_id(created["receipt_no"])
        self.deliver(pid)
        key = {"receipt_no": created["receipt_no"], "query_code": created["query_code"]}
        tp.ReviewWindowTest.shift_history(self, pid, 31 * DAY_MS)
        v = self.lookup(created)
        self.assertEqual(v["state"], "delivered")
        self.assertFalse(v["can_request_review"])
        self.assertIsInstance(v["review_request_until"], int, "the passed deadline stays shown")
        before = self.snapshot(pid)
        err = self.assertError(self.public("/request-review", key), 422, "unprocessable",
                               field="review_request_until")
        self.assertIn("第三十五条", err["message_zh"])
        self.assertUnchanged(pid, before)


class ThrottleTest(SixiaTestCase):
    """Small buckets: 5 public requests, 2 wrong receipt numbers or codes, 1 a minute."""

    @classmethod
    def setUpClass(cls):
        cls.env = Env(config={"http": {"public_burst": 5, "public_per_minute": 1,
                                       "public_failure_burst": 2, "public_failure_per_minute": 1}})
        cls.server = cls.env.start_server()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def post(self, path, body):
        return self.server.request("POST", PUBLIC + path, json_body=body)

    @staticmethod
    def submission(**over):
        body = submission(**over)
        body.pop("category_code")  # No category tree in this data folder.
        return body

    def test_wrong_codes_then_all_public_requests_get_429_with_retry_after(self):
        # 1: a submission.
        r = self.post("", self.submission())
        self.assertEqual(r.status, 201, r.body)
        created = r.json()
        code = created["query_code"]
        wrong = ("0" if code[0] != "0" else "1") + code[1:]
        # 2, 3: two wrong guesses use up the failures.
        self.assertError(self.post("/lookup", {"receipt_no": created["receipt_no"], "query_code": wrong}),
                         404, "not_found")
        self.assertError(self.post("/lookup", {"receipt_no": created["receipt_no"][:-6] + "999999", "query_code": code}),
                         404, "not_found")
        # 4: now even the right code is not checked.
        r = self.post("/lookup", {"receipt_no": created["receipt_no"], "query_code": code})
        err = self.assertError(r, 429, "too_many_requests")
        self.assertIn("错误次数过多", err["message_zh"])
        self.assertEqual(r.header("Retry-After"), "60")
        # 5: a bad submission still takes its token (400).
        self.assertError(self.post("", self.submission(title="")), 400, "invalid_argument", field="title")
        # 6, 7: the public bucket is empty: 429 before the body is even read.
        for body in (self.submission(), "{not json"):
            r = self.server.request("POST", PUBLIC, body=json.dumps(body, ensure_ascii=False)
                                    if isinstance(body, dict) else body,
                                    headers={"Content-Type": "application/json"})
            err = self.assertError(r, 429, "too_many_requests")
            self.assertIn("请求过于频繁", err["message_zh"])
            self.assertEqual(r.header("Retry-After"), "60")
        # Staff endpoints are not throttled by it.
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)


if __name__ == "__main__":
    unittest.main()
