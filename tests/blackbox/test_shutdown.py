"""Slow clients, SIGTERM with requests in flight, and the one-server-per-folder lock."""

import json
import math
import signal
import socket
import threading
import time
import unittest

from sixia_harness import (DEMO_PASSWORD, RELAXED, T0, Client, Env, SixiaTestCase, read_raw_response,
                           run_cli, wait_closed)


class SlowClientTest(SixiaTestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=dict(RELAXED, http=dict(RELAXED["http"], read_timeout_ms=1000)))
        cls.server = cls.env.start_server()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")

    def test_half_a_header_does_not_block_others_and_is_cut_off(self):
        slow = self.server.connect()
        self.addCleanup(slow.close)
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # No blank line: the head never ends.
        crowd = [self.server.connect() for _ in range(30)]  # More stalled clients than workers.
        for c in crowd:
            self.addCleanup(c.close)
            c.sendall(b"POST /api/v1/session HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
        start = time.monotonic()
        for _ in range(3):
            r = self.server.request("GET", "/healthz", timeout=5)
            self.assertEqual(r.status, 200)
        self.assertLess(time.monotonic() - start, 0.9, "other clients were made to wait")
        closed = wait_closed(slow, 6)
        self.assertIsNotNone(closed, "the slow connection was not closed after the read timeout")
        total = time.monotonic() - start
        self.assertGreater(total, 0.8, "closed before the 1 s read timeout")
        self.assertLess(total, 3.5, "closed long after the 1 s read timeout")

    def test_trickling_bytes_do_not_extend_the_deadline(self):
        slow = self.server.connect()
        self.addCleanup(slow.close)
        start = time.monotonic()
        stop = threading.Event()

        def trickle():
            for b in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"a" * 200:
                if stop.is_set():
                    return
                try:
                    slow.send(bytes([b]))
                except OSError:
                    return
                time.sleep(0.1)

        t = threading.Thread(target=trickle, daemon=True)
        t.start()
        closed = wait_closed(slow, 8)
        stop.set()
        self.assertIsNotNone(closed, "a client trickling one byte per 100 ms kept the connection open")
        self.assertLess(time.monotonic() - start, 3.5)

    def test_half_a_body_writes_nothing_and_is_cut_off(self):
        admin = Client(self.server)
        admin.login("xp_sysadmin")
        units = admin.units()
        body = json.dumps({"name": "半截请求单位", "division_code": T0}).encode()
        slow = self.server.connect()
        self.addCleanup(slow.close)
        slow.sendall(b"POST /api/v1/units HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     + f"Cookie: {admin.cookie}\r\nX-CSRF-Token: {admin.csrf}\r\n".encode()
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:10])
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)
        self.assertIsNotNone(wait_closed(slow, 6), "half a body kept the connection open")
        self.assertEqual(admin.units(), units)

    def test_idle_keep_alive_connection_is_closed(self):
        s = self.server.connect()
        self.addCleanup(s.close)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        r = read_raw_response(s)
        self.assertEqual(r.status, 200)
        self.assertIsNotNone(wait_closed(s, 40), "an idle keep-alive connection was never closed")


class IdleTimeoutTest(SixiaTestCase):
    """http.idle_timeout_ms governs a keep-alive connection between requests."""

    def test_idle_keep_alive_connection_lives_for_the_idle_timeout(self):
        env = Env(config={"http": {"read_timeout_ms": 1000, "idle_timeout_ms": 4000}})
        self.addCleanup(env.close)
        server = env.start_server()
        s = server.connect()
        self.addCleanup(s.close)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(read_raw_response(s).status, 200)
        closed = wait_closed(s, 10)
        self.assertIsNotNone(closed, "the idle connection was never closed")
        self.assertGreater(closed, 3.0, f"BUG: the idle keep-alive connection was closed after {closed:.1f} s: "
                                        "http.idle_timeout_ms (4000) is ignored and read_timeout_ms (1000) "
                                        "is used between requests")
        self.assertLess(closed, 6.0)
        self.stopServer(server)


class SigtermTest(SixiaTestCase):
    def login_request(self):
        body = json.dumps({"username": "xp_leader", "password": DEMO_PASSWORD}).encode()
        return (b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)

    def test_sigterm_answers_requests_in_flight_and_exits_0(self):
        # Few workers, so that most of the queued logins are still waiting at SIGTERM.
        env = Env(config={"http": dict(RELAXED["http"], worker_threads=4)})
        self.addCleanup(env.close)
        server = env.start_server()
        # Logins hash with argon2: measure one, then queue enough to last ~0.5 s on 4 workers.
        t = time.monotonic()
        Client(server).login("xp_leader")
        one = max(time.monotonic() - t, 0.01)
        n = min(64, max(8, math.ceil(0.5 / one) * 4))
        req = self.login_request()
        socks = [server.connect(20) for _ in range(n)]
        results = [None] * n

        def reader(i, s):
            try:
                r = read_raw_response(s, 30)
                results[i] = (time.monotonic(), r)
            except OSError as e:
                results[i] = (time.monotonic(), e)

        for s in socks:
            s.sendall(req)
        time.sleep(0.05)  # Let the server read them all; most are still queued for a worker.
        threads = [threading.Thread(target=reader, args=(i, s)) for i, s in enumerate(socks)]
        for th in threads:
            th.start()
        sent_at = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        for th in threads:
            th.join(40)
        rc = server.proc.wait(30)
        for s in socks:
            s.close()
        self.assertEqual(rc, 0, f"exit code after SIGTERM; log:\n{server.log()[-2000:]}")
        statuses = [r[1].status if hasattr(r[1], "status") else repr(r[1]) for r in results]
        self.assertEqual(statuses, [201] * n,
                         "BUG if 'None': requests read before SIGTERM were dropped (connection closed "
                         "without a response); every request in flight must be answered")
        # Answers read well after the signal (its handling takes a moment) were written after
        # the stop began: they must close their connection.
        late = [r for r in results if r[0] > sent_at + 0.15]
        self.assertTrue(late, "no request was still in flight at SIGTERM; the test proved nothing")
        for _, r in late:
            self.assertEqual((r.header("Connection") or "").lower(), "close")
        self.assertIn("stopping", server.log())
        try:
            with socket.create_connection((server.host, server.port), timeout=2):
                self.fail("the server still accepts connections after exiting")
        except OSError:
            pass

    def test_sigterm_with_an_idle_connection_exits_promptly(self):
        env = Env(config=RELAXED)
        self.addCleanup(env.close)
        server = env.start_server()
        idle = server.connect()
        self.addCleanup(idle.close)
        half = server.connect()
        self.addCleanup(half.close)
        half.sendall(b"GET /healthz HTTP/1.1\r\n")
        time.sleep(0.1)
        start = time.monotonic()
        self.stopServer(server)
        self.assertLess(time.monotonic() - start, 3, "SIGTERM waited for idle connections")

    def test_sigint_also_exits_0(self):
        env = Env()
        self.addCleanup(env.close)
        server = env.start_server()
        server.proc.send_signal(signal.SIGINT)
        self.assertEqual(server.proc.wait(20), 0)


class ServeStartupTest(SixiaTestCase):
    def test_second_server_on_the_same_folder_is_refused(self):
        env = Env()
        self.addCleanup(env.close)
        first = env.start_server()
        r = run_cli("serve", "--data", env.data, "--listen", "127.0.0.1:0", timeout=20)
        self.assertCliError(r, "another sixia server")
        self.assertEqual(first.request("GET", "/healthz").status, 200)
        self.stopServer(first)

    def test_bad_listen_addresses(self):
        env = Env()
        self.addCleanup(env.close)
        for listen, field in [("nonsense", "listen"), ("127.0.0.1:99999", "listen"),
                              ("999.1.1.1:80", "listen"), ("127.0.0.1:abc", "listen")]:
            with self.subTest(listen=listen):
                r = run_cli("serve", "--data", env.data, "--listen", listen, timeout=20)
                self.assertCliError(r, field)

    def test_port_in_use_is_an_error(self):
        env = Env()
        self.addCleanup(env.close)
        first = env.start_server()
        other = Env()
        self.addCleanup(other.close)
        r = run_cli("serve", "--data", other.data, "--listen", f"127.0.0.1:{first.port}", timeout=20)
        self.assertCliError(r, f"127.0.0.1:{first.port}")
        self.stopServer(first)


if __name__ == "__main__":
    unittest.main()
