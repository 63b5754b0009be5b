"""Health check, the OpenAPI document, and headers every response carries."""

import unittest

from sixia_harness import ADMIN_PASSWORD, ADMIN_USER, Client, Env, SixiaTestCase


class MetaTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env()
        cls.server = cls.env.start_server()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_healthz(self):
        r = self.server.request("GET", "/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json(), {"status": "ok"})

    def test_openapi_document_lists_the_routes(self):
        r = self.server.request("GET", "/api/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertIn("application/json", r.header("Content-Type"))
        doc = r.json()
        self.assertTrue(doc["openapi"].startswith("3."))
        paths = doc["paths"]
        for p in ["/api/v1/session", "/api/v1/me", "/api/v1/units", "/api/v1/units/{id}", "/api/v1/users",
                  "/api/v1/users/{id}/grants", "/api/v1/roles", "/api/v1/audit", "/api/v1/audit/verify",
                  "/api/v1/divisions/{code}/children"]:
            self.assertIn(p, paths)

    def test_every_response_carries_safety_headers(self):
        admin = Client(self.server)
        admin.login(ADMIN_USER, ADMIN_PASSWORD)
        for r in [self.server.request("GET", "/healthz"), self.server.request("GET", "/nope"),
                  admin.get("/api/v1/units"), admin.get("/api/v1/units/abc")]:
            with self.subTest(status=r.status):
                self.assertEqual(r.header("Cache-Control"), "no-store")
                self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
                self.assertEqual(r.header("Content-Type"), "application/json; charset=utf-8")


if __name__ == "__main__":
    unittest.main()
