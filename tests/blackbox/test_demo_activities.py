"""Black-box tests: `sixia demo --petitions N` fills a realistic year of 霞浦县 activities (issue 4).

Besides the petitions, reception days, outreach events and links (test_cli.py,
test_field_sessions.py, test_linkage.py), the demo replays through the real services:
  * a field office session (现场办公) about every month of the past year, at townships and
    villages of the division tree it finds, with leaders and departments present and 3–8
    issues each, ending in every way: solved on the spot (action, evidence), assigned (unit,
    person, deadline: mostly closed on time, one closed late, one still open past its
    deadline, some still open within it), turned into a petition (a real petition, channel
    field_session) and declined (with the reason);
  * two research projects (a county stay-in 蹲点 project and a township unannounced 四不两直
    one) with their visits, and the ledger drawn from their findings: problems (source
    research, the visits named) → responsibilities (unit and person) → tasks (fix_now /
    institutional, deadlines; some done with evidence, one open past its deadline) →
    outcomes (evidence, verifier) under done tasks; a problem from a field-session issue and
    one from a cluster of petitions;
  * two members' research reports and the county's consolidated report, whose figures are
    counted from the records (no placeholders, no figure differing from the records);
  * and the supervisor's flags list the assignment closed late.

The harness's division tree is small (src: sixia_harness.SMALL_ROWS): three townships of
霞浦县 with five villages; the demo picks its places from whatever tree it finds.
Users (src/app/demo_data.cc): xp_officer (petition_officer, county), xp_supervisor (督查).
"""

import datetime
import re

from sixia_harness import COUNTY, Client, Env, SixiaTestCase, query

SESSIONS = "/api/v1/field-sessions"
PROJECTS = "/api/v1/research-projects"
ITEMS = "/api/v1/ledger-items"
REPORTS = "/api/v1/research-reports"
PETITIONS = "/api/v1/petitions"
FLAGS = "/api/v1/supervision/flags"

CHINA = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.timedelta(days=1)
ENDS = {"solved_on_spot", "assigned", "petition", "declined"}
SERVICE_ITEMS = {"subsistence_allowance", "rural_pension", "medical_remote_claim", "straw_burning",
                 "household_registration", "land_contract", "housing_safety", "employment"}


def today_cn():
    return datetime.datetime.now(CHINA).date()


def day_of_ms(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, CHINA).date()


class DemoActivitiesTest(SixiaTestCase):
    """`sixia demo --petitions 20` and what the API shows of the year it replayed."""

    @classmethod
    def setUpClass(cls):
        cls.env = Env()
        try:
            r = cls.env.cli("demo", "--petitions", "20")
            if r.returncode != 0:
                raise AssertionError(f"demo --petitions: {r.stdout}\n{r.stderr}")
            cls.demo_out = r.stdout
            cls.server = cls.env.start_server()
            cls.officer = Client(cls.server)
            cls.officer.login("xp_officer")
            cls.supervisor = Client(cls.server)
            cls.supervisor.login("xp_supervisor")
        except Exception:
            cls.env.close()
            raise
        cls.today = today_cn()
        cls.year = query(division=COUNTY, **{"from": (cls.today - 365 * DAY).isoformat(),
                                             "to": cls.today.isoformat()})

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    # ---- what the command printed

    def printed(self):
        f = re.search(r"field sessions: (\d+) sessions, (\d+) issues \((\d+) solved on the spot, (\d+) assigned, "
                      r"(\d+) to petitions, (\d+) declined; (\d+) closed late, (\d+) open past the deadline\)",
                      self.demo_out)
        r = re.search(r"research: (\d+) projects, (\d+) visits, (\d+) ledger items, (\d+) reports", self.demo_out)
        self.assertIsNotNone(f, self.demo_out)
        self.assertIsNotNone(r, self.demo_out)
        keys = ("sessions", "issues", "solved", "assigned", "petition", "declined", "late", "overdue")
        out = dict(zip(keys, map(int, f.groups())))
        out.update(zip(("projects", "visits", "items", "reports"), map(int, r.groups())))
        return out

    def sessions(self):
        rows = self.officer.all_before_id(SESSIONS + self.year)
        out = []
        for row in rows:
            r = self.officer.get(f"{SESSIONS}/{row['id']}")
            self.assertEqual(r.status, 200, r)
            out.append(r.json())
        return out

    def all_items(self, count):
        """Every ledger item, read one by one (ids from 1; the demo printed how many there are)."""
        items, missing = {}, 0
        for i in range(1, count + 50):
            r = self.officer.get(f"{ITEMS}/{i}")
            if r.status == 404:
                missing += 1
                if len(items) == count:
                    break
                continue
            self.assertEqual(r.status, 200, r)
            items[i] = r.json()
        self.assertEqual(len(items), count, "every ledger item the demo counted can be read")
        return items

    def test_the_demo_prints_what_it_added(self):
        p = self.printed()
        self.assertGreaterEqual(p["sessions"], 10)
        self.assertEqual(p["issues"], p["solved"] + p["assigned"] + p["petition"] + p["declined"])
        self.assertGreaterEqual(p["issues"], 3 * p["sessions"])
        self.assertLessEqual(p["issues"], 8 * p["sessions"])
        for key in ("solved", "assigned", "petition", "declined", "late", "overdue"):
            self.assertGreaterEqual(p[key], 1, key)
        self.assertEqual(p["projects"], 2)
        self.assertGreaterEqual(p["visits"], 6)
        self.assertEqual(p["reports"], 3)

    # ---- field sessions

    def test_field_sessions_of_the_past_year_end_in_every_way(self):
        p = self.printed()
        sessions = self.sessions()
        # Given about one session a month over the past year, at more than one place
        self.assertEqual(len(sessions), p["sessions"])
        months = {s["held_on"][:7] for s in sessions}
        self.assertGreaterEqual(len(months), 10, months)
        self.assertGreaterEqual(len({s["division_code"] for s in sessions}), 2)
        issues = []
        for s in sessions:
            self.assertTrue(s["leader_user_ids"] and s["unit_ids"], s)
            self.assertTrue(3 <= len(s["issues"]) <= 8, s)
            self.assertEqual(s["summary"]["pending"], 0)
            issues += s["issues"]
        self.assertEqual(len(issues), p["issues"])
        # Then every end occurs, each with what it needs
        self.assertEqual({i["end"] for i in issues}, ENDS)
        for i in issues:
            self.assertRegex(i["raised_by"], r"^.\*+$", "who raised an issue is shown masked")
            self.assertTrue(set(i["service_items"]) <= SERVICE_ITEMS, i)
            if i["end"] == "solved_on_spot":
                self.assertTrue(i["action"] and i["evidence"] and i["solved_by"], i)
            elif i["end"] == "assigned":
                self.assertTrue(i["unit_id"] and i["person_user_id"] and i["deadline"], i)
            elif i["end"] == "declined":
                self.assertTrue(i["reason"], i)
        self.assertTrue(any(i["service_items"] for i in issues), "some issues are tagged with service items")
        # The petitions exist, registered from a field session
        petitions = [i for i in issues if i["end"] == "petition"]
        self.assertEqual(len(petitions), p["petition"])
        for i in petitions:
            r = self.officer.get(f"{PETITIONS}/{i['petition_id']}")
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["channel"], "field_session")
        # Assignments: closed on time, closed late, open past the deadline, open within it
        assigned = [i for i in issues if i["end"] == "assigned"]
        self.assertEqual(len(assigned), p["assigned"])
        late = [i for i in assigned if i["closed_at"] and day_of_ms(i["closed_at"]).isoformat() > i["deadline"]]
        on_time = [i for i in assigned if i["closed_at"] and day_of_ms(i["closed_at"]).isoformat() <= i["deadline"]]
        open_overdue = [i for i in assigned if not i["closed_at"] and i["deadline"] < self.today.isoformat()]
        open_in_time = [i for i in assigned if not i["closed_at"] and i["deadline"] >= self.today.isoformat()]
        self.assertGreater(len(on_time), len(late) + len(open_overdue), "most are closed on time")
        self.assertEqual(len(late), p["late"])
        self.assertEqual(len(open_overdue), p["overdue"])
        self.assertGreaterEqual(len(open_in_time), 1)
        self.assertTrue(all(i["evidence"] for i in late + on_time))
        # And the sessions' summaries count them as overdue
        self.assertEqual(sum(s["summary"]["overdue"] for s in sessions), len(late) + len(open_overdue))
        self.assertEqual(sum(s["summary"]["to_petition"] for s in sessions), p["petition"])

    # ---- research and the ledger

    def test_two_research_projects_trace_their_findings_to_outcomes(self):
        projects = self.officer.all_before_id(PROJECTS + self.year)
        self.assertEqual(len(projects), 2)
        self.assertEqual({x["method"] for x in projects}, {"stay_in", "unannounced"})
        self.assertEqual(sorted(len(x["division_code"].rstrip("0")) > 6 for x in projects), [False, True],
                         "a county project and a township project")
        overdue = 0
        for row in projects:
            # Given the project with its visits inside its period and at its places
            r = self.officer.get(f"{PROJECTS}/{row['id']}")
            self.assertEqual(r.status, 200, r)
            pr = r.json()
            self.assertTrue(pr["starts_on"] >= (self.today - 365 * DAY).isoformat() and pr["ends_on"] < self.today.isoformat())
            self.assertTrue(3 <= len(pr["visits"]) <= 5, pr["visits"])
            visit_ids = {v["id"] for v in pr["visits"]}
            for v in pr["visits"]:
                self.assertTrue(pr["starts_on"] <= v["visited_on"] <= pr["ends_on"], v)
                self.assertTrue(any(v["division_code"].startswith(pl.rstrip("0")) for pl in pr["places"]), v)
                self.assertTrue(v["people_met"] > 0 and v["met_whom"] and v["findings"], v)
            self.assertEqual(pr["figures"]["visits"], len(pr["visits"]))
            # Then its problems come from its visits and carry their progress
            self.assertGreaterEqual(len(pr["problems"]), 2)
            for problem in pr["problems"]:
                self.assertEqual(problem["source"], "research")
                self.assertTrue(problem["source_ids"] and set(problem["source_ids"]) <= visit_ids, problem)
                self.assertGreater(problem["progress"]["tasks"], 0)
                overdue += problem["progress"]["overdue"]
                self.assert_traced(problem["id"])
        self.assertGreaterEqual(overdue, 1, "a task is open past its deadline")

    def assert_traced(self, problem_id):
        """problem → responsibility → task → outcome, forward from the problem and back from the outcome."""
        r = self.officer.get(f"{ITEMS}/{problem_id}")
        self.assertEqual(r.status, 200, r)
        item = r.json()
        self.assertEqual(item["kind"], "problem")
        self.assertEqual(item["ancestors"], [])
        by_id = {x["id"]: x for x in item["subtree"]}
        responsibilities = [x for x in item["subtree"] if x["kind"] == "responsibility"]
        self.assertTrue(responsibilities)
        for x in responsibilities:
            self.assertEqual(x["parent_id"], problem_id)
            self.assertTrue(x["unit_id"] and x["person_user_id"], x)
        tasks = [x for x in item["subtree"] if x["kind"] == "task"]
        self.assertEqual(item["progress"]["tasks"], len(tasks))
        for t in tasks:
            self.assertEqual(by_id[t["parent_id"]]["kind"], "responsibility")
            self.assertTrue(t["deadline"] and t["person_user_id"] and t["task_kind"] in ("fix_now", "institutional"), t)
            if t["status"] == "done":
                self.assertGreaterEqual(len(t["evidence"]), 10, t)
        outcomes = [x for x in item["subtree"] if x["kind"] == "outcome"]
        self.assertTrue(outcomes, "a done task of every problem has its outcome")
        for o in outcomes:
            self.assertEqual(by_id[o["parent_id"]]["status"], "done")
            self.assertTrue(o["evidence"] and o["verified_by"], o)
            back = self.officer.get(f"{ITEMS}/{o['id']}").json()
            self.assertEqual([a["kind"] for a in back["ancestors"]], ["problem", "responsibility", "task"])
            self.assertEqual(back["ancestors"][0]["id"], problem_id)

    def test_problems_from_a_field_session_issue_and_from_petitions(self):
        p = self.printed()
        items = self.all_items(p["items"])
        problems = [x for x in items.values() if x["kind"] == "problem"]
        self.assertEqual({x["source"] for x in problems}, {"research", "field_session", "petitions"})
        # The field-session problem names one issue of a session of the year
        issue_ids = {i["id"] for s in self.sessions() for i in s["issues"]}
        fs = [x for x in problems if x["source"] == "field_session"]
        self.assertEqual(len(fs), 1)
        self.assertEqual(len(fs[0]["source_ids"]), 1)
        self.assertIn(fs[0]["source_ids"][0], issue_ids)
        self.assertIsNone(fs[0]["project_id"])
        self.assert_traced(fs[0]["id"])
        # The petitions problem names 2–3 petitions, each a real one
        pe = [x for x in problems if x["source"] == "petitions"]
        self.assertEqual(len(pe), 1)
        self.assertTrue(2 <= len(pe[0]["source_ids"]) <= 3, pe[0])
        for pid in pe[0]["source_ids"]:
            self.assertEqual(self.officer.get(f"{PETITIONS}/{pid}").status, 200)
        self.assert_traced(pe[0]["id"])

    # ---- reports

    def test_the_consolidated_report_is_counted_from_the_records(self):
        reports = self.officer.all_before_id(REPORTS + self.year)
        self.assertEqual(len(reports), self.printed()["reports"])
        consolidated = [x for x in reports if x["consolidated"]]
        members = [x for x in reports if not x["consolidated"]]
        self.assertEqual(len(consolidated), 1)
        self.assertEqual(len(members), 2)
        self.assertEqual(len({m["author_user_id"] for m in members}), 2, "two members wrote them")
        self.assertTrue(all(m["project_id"] for m in members))
        c = self.officer.get(f"{REPORTS}/{consolidated[0]['id']}").json()
        self.assertEqual(sorted(c["member_ids"]), sorted(m["id"] for m in members))
        self.assertEqual(c["check"]["placeholders"], [], c["check"])
        self.assertEqual(c["check"]["mismatches"], [], c["check"])
        self.assertNotIn("{{", c["body"])
        self.assertEqual(c["figures"]["projects"], 2)
        self.assertEqual(c["figures"]["visits"], self.printed()["visits"])
        for m in members:
            full = self.officer.get(f"{REPORTS}/{m['id']}").json()
            self.assertEqual(full["check"]["placeholders"], [])
            self.assertEqual(full["check"]["mismatches"], [])
            self.assertIn(f"{full['figures']['visits']}次", full["body"], "the figures are filled in")

    # ---- supervision

    def test_the_supervisor_sees_the_assignment_closed_late(self):
        late = [i for s in self.sessions() for i in s["issues"]
                if i["end"] == "assigned" and i["closed_at"]
                and day_of_ms(i["closed_at"]).isoformat() > i["deadline"]]
        self.assertGreaterEqual(len(late), 1)
        r = self.supervisor.get(FLAGS + self.year)
        self.assertEqual(r.status, 200, r)
        f = r.json()
        flagged = {x["id"] for x in f["assignments_closed_late"]["items"]}
        self.assertTrue({i["id"] for i in late} <= flagged, (late, flagged))
        self.assertGreaterEqual(f["tasks_closed_late"]["count"], 1)
        self.assertEqual(f["problems_without_responsible"]["count"], 0, "every demo problem has its responsible")
        self.assertEqual(f["reports"]["count"], 0, "no demo report holds placeholders or wrong figures")


if __name__ == "__main__":
    import unittest
    unittest.main()
