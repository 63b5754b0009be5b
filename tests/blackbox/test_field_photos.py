"""Photos of field-session issues (现场照片) over HTTP against the real binary.

POST /api/v1/field-sessions/{id}/issues/{issue_id}/photos (the raw image is the body) and
GET …/photos/{photo_id}: JPEG, PNG and WebP checked by content, stored by content hash in the
data folder (as petition attachments are), at most nine per issue, listed in the issue's
"photos"; readable by those who see the session. Every refused upload changes nothing (no row,
no file, no audit record). Users and divisions: see test_field_sessions.py.
"""

import os
import struct
import zlib

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, RELAXED, Client, Env, SixiaTestCase,
                           find_user, login_clients)
from test_field_sessions import SESSIONS, T0_V1, T1_V2, today_cn

UPLOAD_LIMIT = 4096  # Small, so that the size limit is cheap to test.


def png(seed=0):
    """A valid 1×1 RGB PNG whose colour depends on `seed` (so each seed is a new file)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixel = bytes([0, seed % 256, (seed // 256) % 256, 200])  # Filter byte + RGB.
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(pixel)) + chunk(b"IEND", b""))


# Synthetic JPEG and WebP: only their magic bytes matter to the server.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(32)) + b"\xff\xd9"
WEBP_BODY = b"VP8L" + struct.pack("<I", 6) + b"\x2f\x00\x00\x00\x00\x00"
WEBP = b"RIFF" + struct.pack("<I", 4 + len(WEBP_BODY)) + b"WEBP" + WEBP_BODY
PDF = b"%PDF-1.4\n% synthetic test document\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
HTML = b"<html><script>alert(1)</script></html>"


class FieldPhotoTest(SixiaTestCase):
    logins = ("xp_officer", "t0_officer", "xp_viewer", "xp_civil", "xp_auditor", "xp_leader")

    @classmethod
    def setUpClass(cls):
        cls.env = Env(config={"http": dict(RELAXED["http"], upload_limit=UPLOAD_LIMIT)})
        try:
            cls.server = cls.env.start_server()
            admin = Client(cls.server)
            admin.login(ADMIN_USER, ADMIN_PASSWORD)
            cls.c = login_clients(cls.server, cls.logins)
            cls.officer = cls.c["xp_officer"]
            cls.auditor = cls.c["xp_auditor"]
            cls.leader_id = find_user(admin.users(), "xp_leader")["id"]
        except Exception:
            cls.env.close()
            raise

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    # ---- helpers

    def session(self, division_code=T0_V1):
        body = {"division_code": division_code, "venue": "龙津社区党群服务中心", "held_on": today_cn().isoformat(),
                "topic": "民生诉求现场办公", "leader_user_ids": [self.leader_id], "unit_ids": []}
        r = self.officer.post(SESSIONS, body)
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def issue(self, sid, content="村道路灯损坏，夜间出行不便"):
        r = self.officer.post(f"{SESSIONS}/{sid}/issues", {"content": content, "raised_by": "欧阳明远"})
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def upload(self, sid, iid, data, content_type="image/png", client=None):
        return (client or self.officer).request("POST", f"{SESSIONS}/{sid}/issues/{iid}/photos", body=data,
                                                headers={"Content-Type": content_type})

    def uploaded(self, sid, iid, data, content_type="image/png"):
        r = self.upload(sid, iid, data, content_type)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def photo_url(self, sid, iid, pid):
        return f"{SESSIONS}/{sid}/issues/{iid}/photos/{pid}"

    def photos_of(self, sid, iid, client=None):
        r = (client or self.officer).get(f"{SESSIONS}/{sid}")
        self.assertEqual(r.status, 200, r)
        return next(i for i in r.json()["issues"] if i["id"] == iid)["photos"]

    def blob_files(self):
        root = os.path.join(self.env.data, "attachments")
        out = []
        for d, _, files in os.walk(root):
            out += [os.path.join(d, f) for f in files if not f.startswith(".")]
        return sorted(out)

    def snapshot(self, sid):
        """What a refused upload must leave unchanged: the session, the files, the audit log."""
        r = self.officer.get(f"{SESSIONS}/{sid}")
        self.assertEqual(r.status, 200, r)
        return r.json(), self.blob_files(), self.auditor.audit_count()

    # -----------------------------------------------------------------------------------

    def test_a_photo_is_stored_by_content_read_back_and_shown_on_the_issue(self):
        sid = self.session()
        iid = self.issue(sid)
        files = self.blob_files()
        # When a PNG is uploaded
        data = png(1)
        r = self.upload(sid, iid, data)
        # Then it is 201 with exactly these fields
        self.assertEqual(r.status, 201, r)
        p = r.json()
        self.assertEqual(set(p), {"id", "issue_id", "content_type", "size", "created_at"})
        self.assertEqual((p["issue_id"], p["content_type"], p["size"]), (iid, "image/png", len(data)))
        self.assertIsInstance(p["id"], int)
        self.assertIsInstance(p["created_at"], int)
        # And one file more lies in the data folder, holding the bytes
        added = sorted(set(self.blob_files()) - set(files))
        self.assertEqual(len(added), 1, added)
        with open(added[0], "rb") as f:
            self.assertEqual(f.read(), data)
        # And it reads back byte for byte, shown inline, cached privately, never sniffed
        for who in ("xp_officer", "xp_viewer"):  # field_session.manage; activity.read alone
            with self.subTest(who):
                got = self.c[who].get(self.photo_url(sid, iid, p["id"]))
                self.assertEqual(got.status, 200, got)
                self.assertEqual(got.body, data)
                self.assertEqual(got.header("Content-Type"), "image/png")
                self.assertEqual(got.header("Content-Disposition"), "inline")
                self.assertEqual(got.header("X-Content-Type-Options"), "nosniff")
                self.assertRegex(got.header("Cache-Control"), r"^private, max-age=\d+$")
        # And the issue lists it, for managers and readers alike
        listed = [{"id": p["id"], "content_type": "image/png", "size": len(data)}]
        self.assertEqual(self.photos_of(sid, iid), listed)
        self.assertEqual(self.photos_of(sid, iid, self.c["xp_viewer"]), listed)
        # JPEG and WebP are photos too; the same bytes twice are one file
        j = self.uploaded(sid, iid, JPEG, "image/jpeg")
        w = self.uploaded(sid, iid, WEBP, "image/webp")
        self.assertEqual((j["content_type"], w["content_type"]), ("image/jpeg", "image/webp"))
        self.assertEqual(self.officer.get(self.photo_url(sid, iid, w["id"])).body, WEBP)
        before = self.blob_files()
        again = self.uploaded(sid, iid, data)
        self.assertEqual(self.blob_files(), before)
        self.assertEqual([x["id"] for x in self.photos_of(sid, iid)], [p["id"], j["id"], w["id"], again["id"]])
        # And the issue as ended (solved on the spot) still shows its photos
        r = self.officer.post(f"{SESSIONS}/{sid}/issues/{iid}/resolve",
                              {"end": "solved_on_spot", "action": "当场联系供电所修复"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["photos"], self.photos_of(sid, iid))
        # A new issue has none
        other = self.issue(sid, "河道垃圾清理")
        self.assertEqual(self.photos_of(sid, other), [])

    def test_other_types_are_refused_and_nothing_is_stored(self):
        sid = self.session()
        iid = self.issue(sid)
        before = self.snapshot(sid)
        for data, ctype in [(b"just some text", "text/plain"),
                            (HTML, "text/html"),
                            (SVG, "image/svg+xml"),
                            (SVG, "image/png"),                # SVG pretending to be PNG
                            (PDF, "application/pdf"),          # A petition may attach it; a photo is not
                            (PDF, "image/jpeg"),
                            (b"MZ\x90\x00 a program pretending", "image/png"),
                            (png(2), "image/jpeg"),            # The declaration must be true
                            (png(3), "application/octet-stream")]:
            with self.subTest(ctype=ctype, head=data[:8]):
                self.assertError(self.upload(sid, iid, data, ctype), 422, "unprocessable", field="content_type")
        self.assertError(self.upload(sid, iid, b"", "image/png"), 400, "invalid_argument", field="file")
        self.assertEqual(self.snapshot(sid), before, "a refused upload must change nothing")

    def test_too_large_is_413_and_nothing_is_stored(self):
        sid = self.session()
        iid = self.issue(sid)
        before = self.snapshot(sid)
        head = png(4)
        r = self.upload(sid, iid, head + b"\x00" * (UPLOAD_LIMIT + 1 - len(head)))
        self.assertEqual(r.status, 413, r)
        self.assertEqual(r.json()["error"]["code"], "payload_too_large")
        self.assertEqual(self.snapshot(sid), before)
        # Exactly at the limit is accepted (the photo route gets the upload limit, not the JSON one)
        self.assertEqual(self.upload(sid, iid, head + b"\x00" * (UPLOAD_LIMIT - len(head))).status, 201)

    def test_a_tenth_photo_is_refused(self):
        sid = self.session()
        iid = self.issue(sid)
        ids = [self.uploaded(sid, iid, png(100 + n))["id"] for n in range(9)]
        self.assertEqual([p["id"] for p in self.photos_of(sid, iid)], ids)
        before = self.snapshot(sid)
        self.assertError(self.upload(sid, iid, png(200)), 422, "unprocessable", field="photos")
        self.assertEqual(self.snapshot(sid), before, "the tenth photo leaves no row, file or record")
        # Another issue of the session has its own nine
        self.uploaded(sid, self.issue(sid, "另一个问题"), png(200))

    def test_access_scope_and_ownership(self):
        # Given a session in 长春镇 with a photo, and one in 龙津社区 with a photo
        sid = self.session(T1_V2)
        iid = self.issue(sid)
        pid = self.uploaded(sid, iid, png(300))["id"]
        sid0 = self.session()
        iid0 = self.issue(sid0)
        pid0 = self.uploaded(sid0, iid0, png(301))["id"]
        # Then the 松城街道 officer (field_session.manage, out of scope) gets 404 both ways
        before = self.snapshot(sid)
        t0 = self.c["t0_officer"]
        self.assertError(self.upload(sid, iid, png(302), client=t0), 404, "not_found")
        self.assertError(t0.get(self.photo_url(sid, iid, pid)), 404, "not_found")
        # And without field_session.manage an upload is 403 (a reader) …
        self.assertError(self.upload(sid, iid, png(303), client=self.c["xp_viewer"]), 403, "permission_denied")
        # … and without any activity permission reading is 403 too
        self.assertError(self.upload(sid, iid, png(304), client=self.c["xp_civil"]), 403, "permission_denied")
        self.assertError(self.c["xp_civil"].get(self.photo_url(sid, iid, pid)), 403, "permission_denied")
        self.assertEqual(self.snapshot(sid), before)
        # And a photo is found only under its own issue of its own session
        other = self.issue(sid, "另一个问题")
        for url in (self.photo_url(sid, other, pid),     # Another issue of the session
                    self.photo_url(sid, iid, pid0),      # A photo of another session's issue
                    self.photo_url(sid0, iid, pid),      # The issue under another session
                    self.photo_url(sid, iid, 999999)):   # No such photo
            with self.subTest(url):
                self.assertError(self.officer.get(url), 404, "not_found")
        # An upload to an issue of another session is 404 and stores nothing
        before0 = self.snapshot(sid0)
        self.assertError(self.upload(sid0, iid, png(305)), 404, "not_found")
        self.assertEqual(self.snapshot(sid0), before0)

    def test_upload_is_audited_without_personal_data(self):
        sid = self.session()
        iid = self.issue(sid)
        n0 = self.auditor.audit_count()
        p = self.uploaded(sid, iid, png(400))
        self.assertEqual(self.auditor.audit_count(), n0 + 1)
        records = self.auditor.get("/api/v1/audit?action=field_session.photo&limit=500").json()["items"]
        mine = [r for r in records if r["object"] == f"field_session:{sid}"]
        self.assertEqual(len(mine), 1, mine)
        self.assertEqual((mine[0]["actor"], mine[0]["outcome"]), ("xp_officer", "ok"))
        self.assertIn(str(p["id"]), str(mine[0]))
        self.assertNotIn("欧阳明远", str(mine[0]))

    def test_a_photo_taken_by_mistake_comes_off_a_pending_issue_only(self):
        sid = self.session()
        iid = self.issue(sid)
        keep = self.uploaded(sid, iid, png(500))["id"]
        wrong = self.uploaded(sid, iid, png(501))["id"]
        # Bad requests change nothing: a reader (403), out of scope (404), the wrong issue or
        # photo (404), a malformed id (400).
        far = self.session(T1_V2)  # 长春镇: outside the 松城街道 officer's scope.
        far_issue = self.issue(far)
        far_photo = self.uploaded(far, far_issue, png(502))["id"]
        far_before = self.snapshot(far)
        self.assertError(self.c["t0_officer"].delete(self.photo_url(far, far_issue, far_photo)), 404, "not_found")
        self.assertEqual(self.snapshot(far), far_before)
        other = self.issue(sid, "另一个问题")
        before = self.snapshot(sid)
        self.assertError(self.c["xp_viewer"].delete(self.photo_url(sid, iid, wrong)), 403, "permission_denied")
        for url in (self.photo_url(sid, other, wrong), self.photo_url(sid, iid, 999999)):
            with self.subTest(url):
                self.assertError(self.officer.delete(url), 404, "not_found")
        self.assertError(self.officer.delete(f"{SESSIONS}/{sid}/issues/{iid}/photos/abc"), 400, "invalid_argument")
        self.assertEqual(self.snapshot(sid), before)
        # The officer takes the wrong one off: 204, gone from the issue, audited.
        n0 = self.auditor.audit_count()
        r = self.officer.delete(self.photo_url(sid, iid, wrong))
        self.assertEqual(r.status, 204, r)
        self.assertEqual([p["id"] for p in self.photos_of(sid, iid)], [keep])
        self.assertError(self.officer.get(self.photo_url(sid, iid, wrong)), 404, "not_found")
        self.assertError(self.officer.delete(self.photo_url(sid, iid, wrong)), 404, "not_found")
        records = self.auditor.get("/api/v1/audit?action=field_session.photo_remove&limit=500").json()["items"]
        self.assertIn(str(wrong), str([r for r in records if r["object"] == f"field_session:{sid}"]))
        self.assertEqual(self.auditor.audit_count(), n0 + 1)
        # Once the issue is solved on the spot its photos are its record: 422, nothing changes.
        r = self.officer.post(f"{SESSIONS}/{sid}/issues/{iid}/resolve",
                              {"end": "solved_on_spot", "action": "当场联系供电所更换灯泡", "evidence": "现场照片"})
        self.assertEqual(r.status, 200, r)
        before = self.snapshot(sid)
        self.assertError(self.officer.delete(self.photo_url(sid, iid, keep)), 422, "unprocessable", field="photo_id")
        self.assertEqual(self.snapshot(sid), before)


if __name__ == "__main__":
    import unittest
    unittest.main()
