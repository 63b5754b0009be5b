"""Bad HTTP input: each case shows the clear error AND that nothing changed.

"Nothing changed" is shown by re-reading the unit list (nation-wide administrator) and
the audit log length (audit administrator) before and after the bad request.
"""

import json
import threading
import unittest

from sixia_harness import (ADMIN_PASSWORD, ADMIN_USER, COUNTY, RELAXED, T0, Client, Env,
                           SixiaTestCase, raw_request, read_raw_response)

UNITS = "/api/v1/units"
JSON = {"Content-Type": "application/json"}


class HttpErrorsTest(SixiaTestCase):
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

    # ---- helpers

    def snapshot(self):
        return {"units": self.admin.units(), "audit": self.auditor.audit_count()}

    def assertUnchanged(self, before):
        after = self.snapshot()
        self.assertEqual(after["audit"], before["audit"], "the audit log grew: something was written")
        self.assertEqual(after["units"], before["units"], "the unit list changed")

    def post_units_raw(self, body, headers=JSON):
        return self.admin.request("POST", UNITS, body=body, headers=headers)

    def valid_unit(self, **over):
        body = {"name": "测试单位", "kind": "department", "division_code": T0}
        body.update(over)
        return body

    def assertServerAlive(self):
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)

    # ---- JSON syntax and size

    def test_malformed_json_is_400_and_writes_nothing(self):
        before = self.snapshot()
        for body in ['{"name": "x", "division_code": ', "{name: 1}", "{'a': 1}", '{"a":1,}', "",
                     '{"name":"x","division_code":"350921001000"} trailing']:
            with self.subTest(body=body):
                r = self.post_units_raw(body)
                self.assertError(r, 400, "invalid_argument", no_field=True)
        self.assertUnchanged(before)
        self.assertServerAlive()

    def test_body_that_is_not_an_object_is_400(self):
        before = self.snapshot()
        for body in ["[]", '"text"', "null", "42", "true"]:
            with self.subTest(body=body):
                self.assertError(self.post_units_raw(body), 400, "invalid_argument")
        self.assertUnchanged(before)

    def test_oversized_body_declared_in_content_length_is_413(self):
        before = self.snapshot()
        head = (f"POST {UNITS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Cookie: {self.admin.cookie}\r\nX-CSRF-Token: {self.admin.csrf}\r\n"
                f"Content-Length: {(1 << 20) + 1}\r\n\r\n").encode()
        with self.server.connect() as s:
            s.sendall(head)  # The server must answer from the head alone.
            r = read_raw_response(s)
        self.assertIsNotNone(r, "connection closed without a response")
        self.assertError(r, 413, "payload_too_large")
        self.assertUnchanged(before)
        self.assertServerAlive()

    def test_oversized_body_sent_in_full_gets_413(self):
        """A client that sends all 1.1 MiB before reading still receives the 413."""
        before = self.snapshot()
        payload = json.dumps(self.valid_unit(name="x" * (1100 * 1024))).encode()
        head = (f"POST {UNITS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Cookie: {self.admin.cookie}\r\nX-CSRF-Token: {self.admin.csrf}\r\n"
                f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
        with self.server.connect() as s:
            send_error = []

            def send():
                try:
                    s.sendall(head + payload)
                except OSError as e:  # The server may close while we are still sending.
                    send_error.append(e)

            t = threading.Thread(target=send)
            t.start()
            try:
                r = read_raw_response(s)
            except ConnectionResetError:
                r = "reset"
            t.join(10)
        self.assertNotEqual(r, "reset",
                            "BUG: the server reset the connection before the client could read the 413 "
                            "(no lingering close after an oversized body)")
        self.assertIsNotNone(r, "connection closed without a response")
        self.assertError(r, 413, "payload_too_large")
        self.assertUnchanged(before)

    def test_oversized_chunked_body_is_413(self):
        before = self.snapshot()
        head = (f"POST {UNITS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Cookie: {self.admin.cookie}\r\nX-CSRF-Token: {self.admin.csrf}\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        chunk = b"x" * 65536
        with self.server.connect() as s:
            s.sendall(head)
            r = None
            try:
                for _ in range(20):  # 1.25 MiB in 64 KiB chunks.
                    s.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            except OSError:
                pass
            try:
                r = read_raw_response(s)
            except ConnectionResetError:
                r = None
        self.assertIsNotNone(r, "no response to an oversized chunked body")
        self.assertError(r, 413, "payload_too_large")
        self.assertUnchanged(before)
        self.assertServerAlive()

    def test_body_just_under_the_limit_is_read_and_validated(self):
        """Boundary: a 1 MiB body is parsed (then rejected for its content, not its size)."""
        before = self.snapshot()
        body = json.dumps(self.valid_unit(name="")).encode()
        body = body[:-1] + b" " * ((1 << 20) - len(body)) + b"}"
        self.assertEqual(len(body), 1 << 20)
        r = self.post_units_raw(body)
        self.assertError(r, 400, "invalid_argument", field="name")
        self.assertUnchanged(before)

    def test_too_deep_json_is_400(self):
        before = self.snapshot()
        for depth in (40, 5000):
            with self.subTest(depth=depth):
                body = '{"name":"x","division_code":"%s","parent_id":%s%s}' % (T0, "[" * depth, "]" * depth)
                r = self.post_units_raw(body)
                err = self.assertError(r, 400, "invalid_argument")
                self.assertIn("deep", err["message"])
        self.assertUnchanged(before)
        self.assertServerAlive()

    def test_moderately_nested_json_is_not_rejected_for_depth(self):
        body = '{"name":"x","division_code":"%s","parent_id":%s%s}' % (T0, "[" * 10, "]" * 10)
        err = self.assertError(self.post_units_raw(body), 400, "invalid_argument", field="parent_id")
        self.assertNotIn("deep", err["message"])

    # ---- Types, fields, encodings

    def test_wrong_types_name_the_field(self):
        before = self.snapshot()
        cases = [
            ({"name": 123}, "name"),
            ({"name": None}, "name"),
            ({"division_code": 350921001000}, "division_code"),
            ({"parent_id": "1"}, "parent_id"),
            ({"parent_id": 1.5}, "parent_id"),
            ({"kind": 5}, "kind"),
            ({"kind": "castle"}, "kind"),
            ({"name": ["a"]}, "name"),
        ]
        for over, field in cases:
            with self.subTest(over=over):
                r = self.admin.post(UNITS, self.valid_unit(**over))
                self.assertError(r, 400, "invalid_argument", field=field)
        self.assertUnchanged(before)

    def test_number_overflow_is_400_not_500(self):
        """JSON numbers beyond double range are malformed input, not a server fault."""
        before = self.snapshot()
        for body in ['{"name":"x","division_code":"%s","parent_id":1e400}' % T0,
                     '{"name":"x","division_code":"%s","parent_id":-1E+999}' % T0]:
            with self.subTest(body=body):
                r = self.post_units_raw(body)
                self.assertNotEqual(r.status, 500, "BUG: a JSON number overflow (1e400) makes the handler "
                                                   "throw json out_of_range.406 and answer 500 internal")
                self.assertError(r, 400, "invalid_argument")
        r = Client(self.server).request("POST", "/api/v1/session", body='{"username":1e400,"password":"x"}',
                                        headers=JSON)
        self.assertNotEqual(r.status, 500, "BUG: number overflow in the login body answers 500")
        self.assertError(r, 400, "invalid_argument")
        self.assertUnchanged(before)

    def test_missing_required_field_is_named(self):
        before = self.snapshot()
        r = self.admin.post(UNITS, {"name": "缺代码"})
        self.assertError(r, 400, "invalid_argument", field="division_code")
        r = self.admin.post(UNITS, {"division_code": T0})
        self.assertError(r, 400, "invalid_argument", field="name")
        self.assertUnchanged(before)

    def test_unknown_field_is_rejected(self):
        before = self.snapshot()
        r = self.admin.post(UNITS, self.valid_unit(colour="red"))
        self.assertError(r, 400, "invalid_argument", field="colour")
        self.assertUnchanged(before)

    def test_content_type_must_be_json(self):
        before = self.snapshot()
        body = json.dumps(self.valid_unit())
        r = self.post_units_raw(body, headers={"Content-Type": "text/plain"})
        self.assertError(r, 400, "invalid_argument", field="Content-Type")
        r = self.post_units_raw(body, headers={"Content-Type": None})
        self.assertError(r, 400, "invalid_argument", field="Content-Type")
        self.assertUnchanged(before)

    def test_invalid_utf8_body_is_400(self):
        before = self.snapshot()
        for bad in [b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe4\xb8", b"\xf4\x90\x80\x80"]:
            with self.subTest(bad=bad):
                body = b'{"name":"' + bad + b'","division_code":"' + T0.encode() + b'"}'
                err = self.assertError(self.post_units_raw(body), 400, "invalid_argument")
                self.assertIn("UTF-8", err["message"])
        self.assertUnchanged(before)

    def test_lone_surrogate_escape_is_400(self):
        before = self.snapshot()
        r = self.post_units_raw('{"name":"a\\ud800b","division_code":"%s"}' % T0)
        self.assertError(r, 400, "invalid_argument")
        self.assertUnchanged(before)

    def test_control_characters_and_bad_lengths_in_names(self):
        before = self.snapshot()
        for name in ["", "a\u0000b", "a\u0001b", "line\nbreak", "x" * 65, "单" * 65]:
            with self.subTest(name=name[:10]):
                r = self.admin.post(UNITS, self.valid_unit(name=name))
                self.assertError(r, 400, "invalid_argument", field="name")
        self.assertUnchanged(before)

    def test_invalid_utf8_in_url_is_400(self):
        before = self.snapshot()
        for path in ["/api/v1/divisions/%FF%FE", "/api/v1/divisions/%C0%AF",
                     f"/api/v1/divisions/{COUNTY}/search?q=%E4%B8",
                     f"/api/v1/divisions/{COUNTY}/search?q=%ED%A0%80",
                     "/api/v1/units/%G1", "/api/v1/units/%4"]:
            with self.subTest(path=path):
                self.assertError(self.admin.get(path), 400, "invalid_argument")
        self.assertUnchanged(before)

    def test_raw_non_utf8_bytes_in_request_target_are_400(self):
        req = (b"GET /api/v1/divisions/\xff\xfe HTTP/1.1\r\nHost: x\r\nCookie: "
               + self.admin.cookie.encode() + b"\r\n\r\n")
        r = raw_request(self.server, req)
        self.assertIsNotNone(r, "connection closed without a response")
        self.assertError(r, 400, "invalid_argument")
        self.assertServerAlive()

    def test_invalid_utf8_write_url_writes_nothing(self):
        before = self.snapshot()
        r = self.admin.request("POST", "/api/v1/units%FF", json_body=self.valid_unit())
        self.assertError(r, 400, "invalid_argument")
        self.assertUnchanged(before)

    # ---- Division codes

    def test_division_that_does_not_exist_is_404_on_read(self):
        for path in ["/api/v1/divisions/350921999000", "/api/v1/divisions/350921999000/children",
                     "/api/v1/divisions/350921999000/path",
                     "/api/v1/divisions/350921999000/search?q=%E9%95%87"]:
            with self.subTest(path=path):
                self.assertError(self.admin.get(path), 404, "not_found")

    def test_unit_in_missing_division_is_422_division_code(self):
        before = self.snapshot()
        r = self.admin.post(UNITS, self.valid_unit(division_code="350921999000"))
        self.assertError(r, 422, "unprocessable", field="division_code")
        self.assertUnchanged(before)

    def test_malformed_division_code_is_400(self):
        before = self.snapshot()
        for code in ["3509", "35092100100x", "3509210010000", "abc", "%20350921001000"]:
            with self.subTest(code=code):
                self.assertError(self.admin.get(f"/api/v1/divisions/{code}"), 400, "invalid_argument")
                r = self.admin.post(UNITS, self.valid_unit(division_code=code))
                self.assertError(r, 400, "invalid_argument", field="division_code")
        self.assertUnchanged(before)

    # ---- Routing

    def test_unknown_route_is_404(self):
        for method, path in [("GET", "/api/v1/nothing"), ("GET", "/api/v1/"), ("GET", "/api/v2/units"),
                             ("POST", "/api/v1/nothing"), ("GET", "/api/v1/units/1/extra"),
                             ("GET", "/api/v1/units/")]:
            with self.subTest(path=path):
                r = self.server.request(method, path)
                self.assertError(r, 404, "not_found")

    def test_wrong_method_is_405_with_allow(self):
        before = self.snapshot()
        for method, path, allowed in [("DELETE", UNITS, {"GET", "POST"}), ("PUT", "/healthz", {"GET"}),
                                      ("POST", "/api/v1/units/1", {"GET", "PATCH"}),
                                      ("GET", "/api/v1/session", {"POST", "DELETE"})]:
            with self.subTest(method=method, path=path):
                r = self.admin.request(method, path)
                self.assertError(r, 405, "method_not_allowed")
                allow = {m.strip() for m in (r.header("Allow") or "").split(",")}
                self.assertEqual(allow, allowed)
        self.assertUnchanged(before)

    def test_bad_path_ids_are_400(self):
        for path in ["/api/v1/units/abc", "/api/v1/units/0", "/api/v1/units/-1", "/api/v1/units/1.5",
                     "/api/v1/units/99999999999999999999", "/api/v1/users/x"]:
            with self.subTest(path=path):
                self.assertError(self.admin.get(path), 400, "invalid_argument", field="id")

    def test_bad_query_parameters_are_400(self):
        for path, field in [(UNITS + "?limit=0", "limit"), (UNITS + "?limit=abc", "limit"),
                            (UNITS + "?limit=501", "limit"), (UNITS + "?after=-1", "after"),
                            ("/api/v1/users?unit_id=abc", "unit_id")]:
            with self.subTest(path=path):
                self.assertError(self.admin.get(path), 400, "invalid_argument", field=field)
        self.assertError(self.auditor.get("/api/v1/audit?limit=0"), 400, "invalid_argument", field="limit")
        self.assertError(self.admin.get(f"/api/v1/divisions/{COUNTY}/search?q="), 400,
                         "invalid_argument", field="q")

    def test_missing_credentials_are_401_and_write_nothing(self):
        before = self.snapshot()
        anon = Client(self.server)
        self.assertError(anon.get(UNITS), 401, "unauthenticated")
        self.assertError(anon.post(UNITS, self.valid_unit()), 401, "unauthenticated")
        self.assertError(anon.get(UNITS, headers={"Cookie": "sixia_session=forged"}), 401, "unauthenticated")
        self.assertError(anon.get(UNITS, headers={"Authorization": "Basic YWRtaW46eA=="}), 401,
                         "unauthenticated")
        self.assertUnchanged(before)

    # ---- HTTP framing

    def test_oversized_header_is_rejected_with_json_error(self):
        req = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n"
        r = raw_request(self.server, req)
        self.assertIsNotNone(r, "connection closed without a response")
        self.assertIn(r.status, (400, 431))
        self.assertIn("error", r.json())
        self.assertServerAlive()

    def test_garbage_request_line_is_400(self):
        r = raw_request(self.server, b"THIS IS NOT HTTP\r\n\r\n")
        self.assertIsNotNone(r, "connection closed without a response")
        self.assertError(r, 400, "invalid_argument")
        self.assertServerAlive()

    def test_head_of_healthz(self):
        r = self.server.request("HEAD", "/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")

    # ---- Directory rules

    def test_duplicate_unit_name_is_409_and_writes_nothing(self):
        r = self.admin.post(UNITS, self.valid_unit(name="重名测试单位"))
        self.assertEqual(r.status, 201, r.body)
        before = self.snapshot()
        r = self.admin.post(UNITS, self.valid_unit(name="重名测试单位"))
        self.assertError(r, 409, "conflict", field="name")
        self.assertUnchanged(before)

    def test_bad_unit_patch_leaves_the_unit_unchanged(self):
        r = self.admin.post(UNITS, self.valid_unit(name="待修改单位"))
        self.assertEqual(r.status, 201, r.body)
        unit = r.json()
        path = f"{UNITS}/{unit['id']}"
        before = self.snapshot()
        cases = [
            ({"parent_id": unit["id"]}, 422, "unprocessable", "parent_id"),
            ({"parent_id": 987654321}, 422, "unprocessable", "parent_id"),
            ({"name": 7}, 400, "invalid_argument", "name"),
            ({"name": ""}, 400, "invalid_argument", "name"),
            ({"disabled": "yes"}, 400, "invalid_argument", "disabled"),
            ({"division_code": COUNTY}, 400, "invalid_argument", "division_code"),
            ({"name": "新名字", "colour": "red"}, 400, "invalid_argument", "colour"),
        ]
        for body, status, code, field in cases:
            with self.subTest(body=body):
                self.assertError(self.admin.patch(path, body), status, code, field=field)
        self.assertEqual(self.admin.get(path).json(), unit)
        self.assertUnchanged(before)
        self.assertError(self.admin.patch(f"{UNITS}/987654321", {"name": "x"}), 404, "not_found")

    def test_bad_user_creation_writes_nothing(self):
        units = self.admin.units()
        unit_id = [u for u in units if u["division_code"] == T0][0]["id"]
        users_before = self.admin.users()
        before = self.snapshot()
        good = {"username": "new.user", "display_name": "新用户", "unit_id": unit_id,
                "password": "Str0ng-Password!"}
        cases = [
            ({"password": "short1A"}, 422, "unprocessable", "password"),
            ({"password": "alllowercaseletters"}, 422, "unprocessable", "password"),
            ({"username": "A"}, 400, "invalid_argument", "username"),
            ({"username": "9abc"}, 400, "invalid_argument", "username"),
            ({"unit_id": 987654321}, 422, "unprocessable", "unit_id"),
            ({"unit_id": "1"}, 400, "invalid_argument", "unit_id"),
            ({"username": "xp_leader"}, 409, "conflict", "username"),
            ({"scopes": ["350921999000"]}, 422, "unprocessable", "scopes"),
            ({"scopes": ["35"]}, 400, "invalid_argument", "scopes"),
            ({"scopes": "350921000000"}, 400, "invalid_argument", "scopes"),
            ({"is_admin": True}, 400, "invalid_argument", "is_admin"),
        ]
        for over, status, code, field in cases:
            with self.subTest(over=over):
                body = dict(good, **over)
                self.assertError(self.admin.post("/api/v1/users", body), status, code, field=field)
        self.assertEqual(self.admin.users(), users_before)
        self.assertUnchanged(before)


if __name__ == "__main__":
    unittest.main()
