"""信访事项导出: GET /api/v1/petitions/export.xlsx against the real binary.

The workbook is read with the standard library only (zipfile + xml.etree): the sheet's
cells are inline strings (libxlsxwriter's constant-memory mode) or, should that change,
shared strings. Checked: the headers, the rows against GET /api/v1/petitions for the same
caller and filter, visibility (another township, the accused unit), no personal data in
any part of the file, 403/400/404 like the list, and the audit record.
"""

import io
import os
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

from test_petitions import HOUSING, PETITIONS, T0_VILLAGE, T1_VILLAGE, PetitionCase, registration

EXPORT = PETITIONS + "/export.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["受理编号", "标题", "信访渠道", "类别", "状态", "问题属地(代码)", "问题分类", "登记时间",
           "下一时限", "主办单位ID", "包案领导ID"]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _column(ref):
    """0-based column of a cell reference ("C7" → 2)."""
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_sheet(data):
    """(rows, parts) of an XLSX file: rows as lists of cell texts ("" when empty), and every
    member of the zip decoded as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    shared = []
    if "xl/sharedStrings.xml" in parts:
        for si in ET.fromstring(parts["xl/sharedStrings.xml"]).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    rows = []
    sheet = ET.fromstring(parts["xl/worksheets/sheet1.xml"])
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = [""] * len(HEADERS)
        for c in row.findall("m:c", NS):
            col = _column(c.get("r"))
            kind = c.get("t")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            elif kind == "s":
                value = shared[int(c.find("m:v", NS).text)]
            else:
                v = c.find("m:v", NS)
                value = v.text if v is not None else ""
            while len(cells) <= col:
                cells.append("")
            cells[col] = value
        rows.append(cells)
    return rows, parts


class ExportTest(PetitionCase):
    extra_users = (("t1_officer", "钱信访", "长春镇信访办", "petition_officer"),)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.setUpPetitions()
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def setUpPetitions(cls):
        """Two low-income grievances and a housing one in 松城街道 (t0), one of them assigned to
        the 民政办; an accusation against the 民政办; a grievance in 长春镇 (t1)."""
        officer = cls.c["t0_officer"]

        def register(client, **over):
            r = client.post(PETITIONS, registration(**over))
            assert r.status == 201, r.body
            return r.json()

        cls.grievance = register(officer)
        cls.assigned = register(officer)
        r = officer.post(f"{PETITIONS}/{cls.assigned['id']}/actions/assign",
                         {"lead_unit_id": cls.t0_civil_unit["id"]})
        assert r.status == 200, r.body
        cls.housing = register(officer, category_code=HOUSING, title="保障房分配不公")
        cls.accusation = register(officer, petition_class="accusation", title="反映民政办优亲厚友",
                                  content="反映某单位在低保审核中优亲厚友。", requests="请求调查处理",
                                  accused=[{"unit_id": cls.t0_civil_unit["id"]}])
        cls.t1_petition = register(cls.c["t1_officer"], division_code=T1_VILLAGE, title="长春镇道路破损")

    # ---- helpers

    def export(self, client, query=""):
        r = client.get(EXPORT + query)
        self.assertEqual(r.status, 200, r.body[:500])
        self.assertEqual(r.header("Content-Type"), XLSX_TYPE)
        rows, parts = read_sheet(r.body)
        self.assertEqual(rows[0], HEADERS)
        self.assertEqual(r.header("X-Export-Rows"), str(len(rows) - 1))
        self.assertEqual(r.header("X-Export-Truncated"), "false")
        return rows[1:], parts, r

    def listed(self, client, query=""):
        """Receipt numbers of every page of GET /api/v1/petitions, newest first."""
        out, before = [], None
        for _ in range(100):
            sep = "&" if "?" in query else "?"
            url = PETITIONS + query + f"{sep}limit=200" + (f"&before={before}" if before else "")
            r = client.get(url)
            self.assertEqual(r.status, 200, f"GET {url}: {r.body!r}")
            body = r.json()
            out += [p["receipt_no"] for p in body["items"]]
            before = body.get("next_before")
            if not before:
                return out
        raise AssertionError("pagination did not end")

    # ---- tests

    def test_rows_are_the_list_with_chinese_headers(self):
        officer = self.c["t0_officer"]
        rows, _, r = self.export(officer)
        receipts = [row[0] for row in rows]
        self.assertEqual(receipts, self.listed(officer))
        for p in (self.grievance, self.assigned, self.housing, self.accusation):
            self.assertIn(p["receipt_no"], receipts)
        # The temporary workbook is gone once sent.
        tmp = os.path.join(self.env.data, "tmp")
        self.assertEqual(os.listdir(tmp) if os.path.isdir(tmp) else [], [])
        # The attachment names: ASCII and RFC 5987 UTF-8.
        disposition = r.header("Content-Disposition")
        self.assertIn('attachment; filename="petitions.xlsx"', disposition)
        self.assertIn("filename*=UTF-8''" + urllib.parse.quote("信访事项.xlsx"), disposition)
        # Columns: labels, codes, dates as spreadsheet serial numbers.
        row = rows[receipts.index(self.housing["receipt_no"])]
        view = self.view(self.housing["id"])
        self.assertEqual(row[1], "保障房分配不公")
        self.assertEqual(row[2], view["channel_label"])
        self.assertEqual(row[3], view["petition_class_label"])
        self.assertEqual(row[4], view["state_label"])
        self.assertEqual(row[5], T0_VILLAGE)
        self.assertEqual(row[6], HOUSING)
        serial = (view["received_at"] + 8 * 3_600_000) / 86_400_000 + 25569
        self.assertAlmostEqual(float(row[7]), serial, places=4)

    def test_filtered_export_matches_the_filtered_list(self):
        officer = self.c["t0_officer"]
        since = self.view(self.housing["id"])["received_at"]
        for query in ("?category=02", "?petition_class=accusation", "?state=registered",
                      f"?division={T0_VILLAGE}&category=01", f"?from={since}", f"?to={since}"):
            with self.subTest(query=query):
                rows, _, _ = self.export(officer, query)
                self.assertEqual([row[0] for row in rows], self.listed(officer, query))
        rows, _, _ = self.export(officer, "?category=02")
        self.assertEqual([row[0] for row in rows], [self.housing["receipt_no"]])

    def test_other_township_sees_only_its_own(self):
        rows, _, _ = self.export(self.c["t1_officer"])
        receipts = [row[0] for row in rows]
        self.assertIn(self.t1_petition["receipt_no"], receipts)
        for p in (self.grievance, self.assigned, self.housing, self.accusation):
            self.assertNotIn(p["receipt_no"], receipts)
        self.assertEqual(receipts, self.listed(self.c["t1_officer"]))
        # And t0's officer does not get t1's petition.
        rows, _, _ = self.export(self.c["t0_officer"])
        self.assertNotIn(self.t1_petition["receipt_no"], [row[0] for row in rows])

    def test_accused_unit_handler_does_not_get_the_accusation(self):
        handler = self.c["t0_civil"]
        rows, parts, _ = self.export(handler)
        receipts = [row[0] for row in rows]
        self.assertIn(self.assigned["receipt_no"], receipts, "control: its assigned petition")
        self.assertNotIn(self.accusation["receipt_no"], receipts)
        self.assertEqual(receipts, self.listed(handler))
        for text in parts.values():
            self.assertNotIn("反映民政办优亲厚友", text)

    def test_no_personal_data_in_any_part(self):
        for name in ("t0_officer", "xp_leader", "xp_officer"):
            with self.subTest(user=name):
                rows, parts, _ = self.export(self.c[name])
                self.assertTrue(rows)
                for part, text in parts.items():
                    self.assertNoPersonalData(text, f"export part {part}")
                    self.assertNotIn("多次询问未获答复", text, "content is not exported")

    def test_403_without_petition_permissions(self):
        for name in ("xp_auditor", "xp_sysadmin", "xp_secadmin"):
            with self.subTest(user=name):
                self.assertError(self.c[name].get(EXPORT), 403, "permission_denied")

    def test_bad_filters_are_refused_like_the_list(self):
        officer = self.c["t0_officer"]
        for query, field in (("?state=bogus", "state"), ("?petition_class=x", "petition_class"),
                             ("?channel=pigeon", "channel"), ("?band=soon", "band"),
                             ("?from=yesterday", "from"), ("?division=12345", "division")):
            with self.subTest(query=query):
                self.assertError(officer.get(EXPORT + query), 400, "invalid_argument", field=field)
                self.assertError(officer.get(PETITIONS + query), 400, "invalid_argument", field=field)
        self.assertError(officer.get(EXPORT + "?division=350902000000"), 404, "not_found", field="division")

    def test_audited_with_filter_and_count(self):
        officer = self.c["t0_officer"]
        rows, _, _ = self.export(officer, "?category=02")
        records = self.auditor.all_items("/api/v1/audit?action=petition.export")
        last = records[-1]
        self.assertEqual((last["action"], last["actor"], last["outcome"]),
                         ("petition.export", "t0_officer", "ok"))
        self.assertEqual(last["detail"]["rows"], len(rows))
        self.assertEqual(last["detail"]["filter"], {"category": "02"})
        self.assertFalse(last["detail"]["truncated"])
        self.assertError(self.c["xp_sysadmin"].get(EXPORT), 403, "permission_denied")
        last = self.auditor.all_items("/api/v1/audit?action=petition.export")[-1]
        self.assertEqual((last["actor"], last["outcome"]), ("xp_sysadmin", "denied"))


if __name__ == "__main__":
    unittest.main()
