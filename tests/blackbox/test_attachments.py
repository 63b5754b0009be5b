"""Attachments of a petition over HTTP: images and PDF checked by content, stored by content
hash in the data folder, downloadable by those who see the petition; every refused upload
changes nothing (no row, no file, no audit record)."""

import os
import urllib.parse

from sixia_harness import RELAXED
from test_petitions import PETITIONS, PetitionCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
PDF = b"%PDF-1.4\n% synthetic test document\n%%EOF\n"
UPLOAD_LIMIT = 4096  # Small, so that the size limit is cheap to test.


class AttachmentTest(PetitionCase):
    config = {"http": dict(RELAXED["http"], upload_limit=UPLOAD_LIMIT)}

    def upload(self, pid, data, content_type="image/png", name="现场照片.png", client=None):
        headers = {"Content-Type": content_type}
        if name is not None:
            headers["X-File-Name"] = urllib.parse.quote(name)
        return (client or self.officer).request("POST", f"{PETITIONS}/{pid}/attachments", body=data,
                                                headers=headers)

    def blob_files(self):
        root = os.path.join(self.env.data, "attachments")
        out = []
        for d, _, files in os.walk(root):
            out += [os.path.join(d, f) for f in files]
        return sorted(out)

    def test_png_and_pdf_are_stored_by_content_and_downloadable(self):
        pid = self.register()["id"]
        r = self.upload(pid, PNG)
        self.assertEqual(r.status, 201, r.body)
        a = r.json()
        self.assertEqual((a["name"], a["content_type"], a["size"]), ("现场照片.png", "image/png", len(PNG)))
        self.assertEqual(len(a["sm3"]), 64)
        self.assertIn(os.path.join(self.env.data, "attachments", a["sm3"][:2], a["sm3"]), self.blob_files())
        r = self.upload(pid, PDF, "application/pdf", "证明材料.pdf")
        self.assertEqual(r.status, 201, r.body)
        listed = self.view(pid)["attachments"]
        self.assertEqual([x["name"] for x in listed], ["现场照片.png", "证明材料.pdf"])
        got = self.officer.get(f"{PETITIONS}/{pid}/attachments/{a['id']}")
        self.assertEqual(got.status, 200)
        self.assertEqual(got.body, PNG)
        self.assertEqual(got.header("Content-Type"), "image/png")
        self.assertIn("attachment; filename*=UTF-8''", got.header("Content-Disposition"))
        self.assertEqual(got.header("Cache-Control"), "no-store")
        # The same bytes twice are one file.
        before = self.blob_files()
        self.assertEqual(self.upload(pid, PNG, name="again.png").status, 201)
        self.assertEqual(self.blob_files(), before)

    def test_forbidden_types_are_refused_and_change_nothing(self):
        pid = self.register()["id"]
        before, files = self.snapshot(pid), self.blob_files()
        for data, ctype in [(b"<html><script>alert(1)</script></html>", "text/html"),
                            (b"MZ\x90\x00 a program pretending", "image/png"),
                            (PDF, "image/jpeg"),
                            (PNG, "application/octet-stream")]:
            with self.subTest(ctype=ctype, head=data[:8]):
                self.assertError(self.upload(pid, data, ctype), 422, "unprocessable", field="content_type")
        self.assertUnchanged(pid, before)
        self.assertEqual(self.blob_files(), files)

    def test_oversized_upload_is_413_and_changes_nothing(self):
        pid = self.register()["id"]
        before, files = self.snapshot(pid), self.blob_files()
        big = PNG + b"\x00" * (UPLOAD_LIMIT + 1 - len(PNG))
        r = self.upload(pid, big)
        self.assertEqual(r.status, 413, r.body)
        self.assertEqual(r.json()["error"]["code"], "payload_too_large")
        self.assertUnchanged(pid, before)
        self.assertEqual(self.blob_files(), files)
        # Exactly at the limit is accepted; an ordinary JSON request keeps its own limit.
        self.assertEqual(self.upload(pid, PNG + b"\x00" * (UPLOAD_LIMIT - len(PNG))).status, 201)

    def test_bad_names_are_400_and_names_never_travel_in_the_url(self):
        pid = self.register()["id"]
        before = self.snapshot(pid)
        self.assertError(self.upload(pid, PNG, name=None), 400, "invalid_argument", field="name")
        self.assertError(self.upload(pid, PNG, name="../../etc/passwd"), 400, "invalid_argument", field="name")
        self.assertError(self.upload(pid, PNG, name=""), 400, "invalid_argument", field="name")
        self.assertUnchanged(pid, before)

    def test_hidden_petitions_and_their_files_are_404(self):
        pid = self.register()["id"]
        a = self.upload(pid, PNG).json()
        outsider = self.c["t1_leader"]  # Another township.
        self.assertError(self.upload(pid, PNG, client=outsider), 404, "not_found")
        self.assertError(outsider.get(f"{PETITIONS}/{pid}/attachments/{a['id']}"), 404, "not_found")
        self.assertError(self.officer.get(f"{PETITIONS}/{pid}/attachments/999999"), 404, "not_found")
        # 三员 hold no petition permission.
        self.assertError(self.c["xp_sysadmin"].get(f"{PETITIONS}/{pid}/attachments/{a['id']}"), 403,
                         "permission_denied")

    def test_upload_is_audited_without_the_name(self):
        pid = self.register()["id"]
        self.upload(pid, PNG, name="张测试身份证.png")
        records = self.auditor.get("/api/v1/audit?action=petition.attach&limit=500").json()["items"]
        mine = [r for r in records if r["object"] == f"petition:{pid}"]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("张测试", str(mine[0]))
