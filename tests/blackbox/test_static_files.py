"""`sixia serve` serves the built web app: files, SPA fallback, cache headers, precompressed
siblings, ETags, path safety, and the "not built" page, while the API stays as it was."""

import gzip
import os
import unittest

from sixia_harness import Env, SixiaTestCase, new_tmp

INDEX = (b"<!doctype html><html><head><script type=module src=/assets/app-abc12345.js></script>"
         b"</head><body><div id=app></div></body></html>")
APP_JS = b"console.log('sixia web app');\n" * 20
APP_BR = b"BROTLI-BYTES-STAND-IN"  # The server never decodes: any bytes will do.
SECRET = b"SECRET-MARKER-do-not-serve"
HASHED = "public, max-age=31536000, immutable"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def make_web_root():
    """<base>/web like web/dist, and beside it files that must never be served."""
    base = new_tmp("web")
    web = os.path.join(base, "web")
    write(os.path.join(web, "index.html"), INDEX)
    write(os.path.join(web, "assets", "app-abc12345.js"), APP_JS)
    write(os.path.join(web, "assets", "app-abc12345.js.br"), APP_BR)
    write(os.path.join(web, "assets", "app-abc12345.js.gz"), gzip.compress(APP_JS))
    write(os.path.join(web, "assets", "style-Xy12ab34.css"), b"body{margin:0}")
    write(os.path.join(web, "logo.svg"), b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(os.path.join(web, "favicon.ico"), b"\x00\x00\x01\x00")
    write(os.path.join(web, "robots.txt"), b"User-agent: *\n")
    write(os.path.join(web, ".env"), SECRET)
    write(os.path.join(base, "config.json"), SECRET)
    write(os.path.join(base, "secret.txt"), SECRET)
    os.symlink(os.path.join(base, "secret.txt"), os.path.join(web, "leak.txt"))
    os.symlink(base, os.path.join(web, "up"))
    return web


class StaticFilesTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.web = make_web_root()
        cls.env = Env(config={"http": {"web_root": cls.web}})
        cls.server = cls.env.start_server()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def get(self, path, **headers):
        return self.server.request("GET", path, headers=headers)

    def assertIndex(self, r):
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body, INDEX)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "no-cache")

    def test_startup_log_names_the_web_root(self):
        self.assertIn("web interface: serving " + self.web, self.server.log())

    def test_content_types(self):
        for path, ctype in [("/", "text/html; charset=utf-8"),
                            ("/index.html", "text/html; charset=utf-8"),
                            ("/assets/app-abc12345.js", "text/javascript; charset=utf-8"),
                            ("/assets/style-Xy12ab34.css", "text/css; charset=utf-8"),
                            ("/logo.svg", "image/svg+xml"),
                            ("/favicon.ico", "image/x-icon"),
                            ("/robots.txt", "text/plain; charset=utf-8")]:
            with self.subTest(path=path):
                r = self.get(path)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("Content-Type"), ctype)
                self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")

    def test_html_carries_a_self_only_content_security_policy(self):
        csp = self.get("/").header("Content-Security-Policy") or ""
        for part in ["default-src 'self'", "script-src 'self'", "connect-src 'self'",
                     "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
                     "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]:
            self.assertIn(part, csp)
        self.assertNotIn("http", csp, "no CDN origins")

    def test_spa_routes_fall_back_to_index_html(self):
        for path in ["/", "/petitions/12", "/login", "/petitions/12/edit?tab=history"]:
            with self.subTest(path=path):
                self.assertIndex(self.get(path))

    def test_missing_file_with_an_extension_is_404_not_index_html(self):
        for path in ["/assets/nope.js", "/nope.css", "/assets/app-00000000.js"]:
            with self.subTest(path=path):
                self.assertError(self.get(path), 404, "not_found")

    def test_hashed_assets_are_immutable_and_the_rest_revalidated(self):
        self.assertEqual(self.get("/assets/app-abc12345.js").header("Cache-Control"), HASHED)
        self.assertEqual(self.get("/assets/style-Xy12ab34.css").header("Cache-Control"), HASHED)
        for path in ["/", "/index.html", "/login", "/favicon.ico", "/robots.txt"]:
            with self.subTest(path=path):
                self.assertEqual(self.get(path).header("Cache-Control"), "no-cache")

    def test_precompressed_siblings_are_negotiated(self):
        r = self.get("/assets/app-abc12345.js", **{"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Encoding"), "br")
        self.assertEqual(r.body, APP_BR)
        self.assertEqual(r.header("Vary"), "Accept-Encoding")
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), HASHED)

        r = self.get("/assets/app-abc12345.js", **{"Accept-Encoding": "gzip"})
        self.assertEqual(r.header("Content-Encoding"), "gzip")
        self.assertEqual(gzip.decompress(r.body), APP_JS)
        self.assertEqual(r.header("Vary"), "Accept-Encoding")

        for ae in [None, "identity", "br;q=0, gzip;q=0"]:
            with self.subTest(accept_encoding=ae):
                r = self.get("/assets/app-abc12345.js", **({"Accept-Encoding": ae} if ae else {}))
                self.assertIsNone(r.header("Content-Encoding"))
                self.assertEqual(r.body, APP_JS)
                self.assertEqual(r.header("Vary"), "Accept-Encoding")

        # No sibling: identity even when br is accepted.
        r = self.get("/assets/style-Xy12ab34.css", **{"Accept-Encoding": "br, gzip"})
        self.assertIsNone(r.header("Content-Encoding"))
        self.assertEqual(r.body, b"body{margin:0}")

    def test_etag_revalidation_answers_304(self):
        for path, ae in [("/assets/app-abc12345.js", None), ("/assets/app-abc12345.js", "br"),
                         ("/", None), ("/login", None)]:
            with self.subTest(path=path, accept_encoding=ae):
                h = {"Accept-Encoding": ae} if ae else {}
                first = self.get(path, **h)
                etag = first.header("ETag")
                self.assertTrue(etag, first)
                again = self.get(path, **h, **{"If-None-Match": etag})
                self.assertEqual(again.status, 304, again)
                self.assertEqual(again.body, b"")
                self.assertEqual(again.header("ETag"), etag)
                self.assertEqual(again.header("Cache-Control"), first.header("Cache-Control"))
                other = self.get(path, **h, **{"If-None-Match": 'W/"something-else"'})
                self.assertEqual(other.status, 200)
        plain = self.get("/assets/app-abc12345.js").header("ETag")
        br = self.get("/assets/app-abc12345.js", **{"Accept-Encoding": "br"}).header("ETag")
        self.assertNotEqual(plain, br, "each encoding is its own representation")

    def test_head_has_headers_and_length_but_no_body(self):
        r = self.server.request("HEAD", "/assets/app-abc12345.js")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), HASHED)
        self.assertEqual(r.header("Content-Length"), str(len(APP_JS)))
        self.assertTrue(r.header("ETag"))
        r = self.server.request("HEAD", "/petitions/12")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")

    def test_head_then_get_on_one_connection(self):
        with self.server.connect() as s:
            s.sendall(b"HEAD /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            buf = b""
            while b"\r\n\r\n" not in buf:
                chunk = s.recv(65536)
                self.assertTrue(chunk, "connection closed after HEAD")
                buf += chunk
            head, rest = buf.split(b"\r\n\r\n", 1)
            self.assertIn(b"200 OK", head)
            self.assertEqual(rest, b"", "HEAD must not carry content")
            s.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            buf = b""
            while not buf.endswith(b"User-agent: *\n"):
                chunk = s.recv(65536)
                self.assertTrue(chunk, f"connection closed; got {buf!r}")
                buf += chunk
            self.assertTrue(buf.startswith(b"HTTP/1.1 200"), buf)

    def test_path_traversal_never_escapes_the_root(self):
        for path in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fconfig.json",
                     "/assets/../../config.json", "/..%2fsecret.txt", "/..%5c..%5cconfig.json",
                     "/%2e%2e%2fsecret.txt", "/index.html%00.js", "/assets/%2e%2e/%2e%2e/secret.txt",
                     "/leak.txt", "/up/secret.txt", "/up/config.json", "/.env", "/%2eenv",
                     "/assets/%252e%252e/%252e%252e/secret.txt"]:
            with self.subTest(path=path):
                r = self.get(path)
                self.assertIn(r.status, (400, 404), r)
                self.assertNotIn(SECRET, r.body)
                self.assertNotIn(b"root:", r.body)
                self.assertIn("application/json", r.header("Content-Type") or "")

    def test_directories_are_never_listed(self):
        for path in ["/assets", "/assets/"]:
            with self.subTest(path=path):
                self.assertIndex(self.get(path))  # An app route, not a listing.

    def test_api_routes_are_unaffected(self):
        r = self.get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertEqual(r.header("Cache-Control"), "no-store")
        r = self.get("/api/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertIn("application/json", r.header("Content-Type"))
        self.assertTrue(r.json()["openapi"].startswith("3."))
        for path in ["/api/v1/nope", "/api/v1/assets/app-abc12345.js", "/api", "/api/"]:
            with self.subTest(path=path):
                r = self.get(path)
                self.assertError(r, 404, "not_found")
                self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertError(self.server.request("GET", "/api/v1/units"), 401, "unauthenticated")
        # Writes to app paths are not the web app's business: the router answers.
        self.assertError(self.server.request("POST", "/login", body=b"{}",
                                             headers={"Content-Type": "application/json"}), 404, "not_found")
        self.assertTrue(self.server.running())


class NotBuiltTest(SixiaTestCase):
    """SIXIA_WEB_ROOT names a folder with no index.html: / says so, the API works."""

    @classmethod
    def setUpClass(cls):
        cls.web = new_tmp("empty-web")
        cls.env = Env()
        saved = os.environ.get("SIXIA_WEB_ROOT")
        os.environ["SIXIA_WEB_ROOT"] = cls.web
        try:
            cls.server = cls.env.start_server()
        finally:
            if saved is None:
                del os.environ["SIXIA_WEB_ROOT"]
            else:
                os.environ["SIXIA_WEB_ROOT"] = saved

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_root_shows_the_not_built_page(self):
        r = self.server.request("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertIn("make build", r.text)
        self.assertIn("尚未构建", r.text)
        self.assertIn("not built", r.text)
        self.assertNotIn(self.web, r.text, "no server paths to clients")

    def test_startup_log_says_no_web_root_was_found(self):
        log = self.server.log()
        self.assertIn("web interface: no index.html in " + self.web, log)

    def test_api_keeps_working(self):
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)
        r = self.server.request("GET", "/api/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertError(self.server.request("GET", "/api/v1/nope"), 404, "not_found")
        self.assertError(self.server.request("GET", "/assets/app-abc12345.js"), 404, "not_found")


if __name__ == "__main__":
    unittest.main()
