"""`kehoach bench --http`: the production server on a filled database (`kehoach seed-scale`), measured over HTTP
as signed-in users (a real login through the form, the session cookie), like a browser and like the Redmine peer's
scripts: a new connection per request, timed from sending to the last byte of the body.

For every page: p50 / p95 / max, the response size and the SQL statements the server ran (the `X-Query-Count`
header, added by a middleware installed only when KEHOACH_COUNT_QUERIES is set, as here). For each list, its raw
floor: the same rows by one hand-written SQL query, rendered as a bare table by a bench-only view in the same server.
With `--peer URL` each kehoach request is followed by the equivalent Redmine request, so both see the same load.
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.db import connection
from django.http import HttpResponse
from django.utils.html import escape

# ----------------------------------------------------------------------------- raw floors (server side)

FLOORS = {
    # name: (SQL, number of columns shown); %(x)s parameters come from the query string.
    "tasks": "SELECT t.id, p.number, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
             "JOIN plans_plan p ON p.id = t.plan_id AND p.current_version_id = t.version_id "
             "WHERE t.is_archived = %(false)s ORDER BY t.plan_id DESC, t.position, t.id LIMIT 25 OFFSET %(offset)s",
    "tasks_deadline": "SELECT t.id, p.number, t.ref, t.title, t.timeframe_end, t.progress FROM plans_task t "
                      "JOIN plans_plan p ON p.id = t.plan_id AND p.current_version_id = t.version_id "
                      "WHERE t.is_archived = %(false)s AND t.progress <> 'completed' "
                      "ORDER BY t.timeframe_end IS NULL, t.timeframe_end, t.id LIMIT 25",
    "tasks_search": "SELECT t.id, p.number, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
                    "JOIN plans_plan p ON p.id = t.plan_id AND p.current_version_id = t.version_id "
                    "WHERE t.is_archived = %(false)s AND t.search_text LIKE %(like)s "
                    "ORDER BY t.plan_id DESC, t.position, t.id LIMIT 25",
    "plan_tasks": "SELECT t.id, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
                  "WHERE t.version_id = %(version)s AND t.is_archived = %(false)s "
                  "ORDER BY t.position, t.id LIMIT 25 OFFSET %(offset)s",
    "plan_tasks_lead": "SELECT t.id, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
                       "WHERE t.version_id = %(version)s AND t.is_archived = %(false)s AND t.id IN "
                       "(SELECT task_id FROM plans_taskassignment WHERE organization_id = %(unit)s AND role = 'lead') "
                       "ORDER BY t.position, t.id LIMIT 25",
    "plan_tasks_status": "SELECT t.id, t.ref, t.title, t.timeframe_end, t.progress FROM plans_task t "
                         "WHERE t.version_id = %(version)s AND t.is_archived = %(false)s AND t.progress = %(status)s "
                         "ORDER BY t.timeframe_end IS NULL, t.timeframe_end, t.id LIMIT 25",
    "plans": "SELECT p.id, p.number, p.title, p.period_start, p.period_end, p.status FROM plans_plan p "
             "ORDER BY p.issued_on DESC, p.id DESC LIMIT 25",
    "unit_tasks": "SELECT t.id, p.number, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
                  "JOIN plans_plan p ON p.id = t.plan_id AND p.current_version_id = t.version_id "
                  "WHERE t.is_archived = %(false)s AND t.id IN (SELECT task_id FROM plans_taskassignment "
                  "WHERE organization_id = %(unit)s AND role = 'lead') ORDER BY t.plan_id DESC, t.position LIMIT 25",
    "api_tasks": "SELECT t.id, t.plan_id, t.ref, t.title, t.timeframe_raw, t.progress FROM plans_task t "
                 "JOIN plans_plan p ON p.id = t.plan_id AND p.current_version_id = t.version_id "
                 "ORDER BY t.plan_id DESC, t.position, t.id LIMIT 100",
    "dashboard": "SELECT r.id, o.name, r.state, r.first_submitted_at FROM reporting_unitreport r "
                 "JOIN organizations_organization o ON o.id = r.unit_id WHERE r.period_id = %(period)s "
                 "ORDER BY o.position, o.name, r.id LIMIT 50",
    "overview": "SELECT t.plan_id, COUNT(*), SUM(CASE WHEN t.progress = 'completed' THEN 1 ELSE 0 END), "
                "AVG(t.progress_percent) FROM plans_task t JOIN plans_plan p ON p.id = t.plan_id "
                "AND p.current_version_id = t.version_id WHERE p.id IN (SELECT id FROM plans_plan "
                "WHERE status = 'published' ORDER BY issued_on DESC, id DESC LIMIT 25) GROUP BY t.plan_id",
}


def floor_view(request, name: str):
    """A list's rows by one hand-written query, as a bare HTML table (bench only: see kehoach/urls.py)."""
    sql = FLOORS.get(name)
    if sql is None:
        return HttpResponse(status=404)
    g = request.GET
    params = {"false": False, "offset": int(g.get("offset", 0)), "version": int(g.get("version", 0)),
              "unit": int(g.get("unit", 0)), "period": int(g.get("period", 0)), "status": g.get("status", ""),
              "like": f"%{g.get('q', '')}%"}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    return HttpResponse(f"<!doctype html><table>{body}</table>")


# ----------------------------------------------------------------------------- the client

class Session:
    """A cookie session opened through a login form (kehoach's or Redmine's)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: dict | None = None, files: dict | None = None,
                headers: dict | None = None) -> tuple[float, int, bytes, dict]:
        body, hdrs = None, {"Referer": self.base + "/", **(headers or {})}
        if files:
            boundary = "----kehoachbench"
            parts = []
            for k, v in (data or {}).items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
            for k, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{filename}"\r\n'
                             f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            hdrs["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=hdrs)
        started = time.perf_counter()
        try:
            resp = self.opener.open(req, timeout=600)
        except urllib.error.HTTPError as exc:
            resp = exc
        content = resp.read()
        ms = (time.perf_counter() - started) * 1000
        return ms, resp.status, content, dict(resp.headers)

    def login_kehoach(self, username: str, password: str) -> Session:
        self.request("GET", "/accounts/login/")
        _ms, status, _b, headers = self.request("POST", "/accounts/login/", {
            "username": username, "password": password, "csrfmiddlewaretoken": self.csrf()})
        if status != 302:
            raise SystemExit(f"login as {username} failed (HTTP {status})")
        return self

    def login_redmine(self, username: str, password: str) -> Session:
        _ms, _s, html, _h = self.request("GET", "/login")
        token = re.search(rb'name="authenticity_token" value="([^"]+)"', html).group(1).decode()
        self.request("POST", "/login", {"authenticity_token": token, "username": username, "password": password})
        return self


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)]


# ----------------------------------------------------------------------------- server

def free_port(start: int) -> int:
    for port in range(start, start + 30):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port in {start}-{start + 29}")


class Server:
    """`kehoach serve` (gunicorn, default worker count, job worker beside it) with query counting on."""

    def __init__(self, port: int, env: dict):
        self.port, self.env = port, env
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        env = {**os.environ, **self.env, "KEHOACH_COUNT_QUERIES": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "kehoach", "serve", "--port", str(self.port)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(240):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise SystemExit("the server did not start")

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker (children of the master)."""
        out = subprocess.run(["ps", "-o", "pid=,ppid=,rss=,args=", "-e"], capture_output=True, text=True).stdout
        rows = [line.split(None, 3) for line in out.splitlines()]
        masters = {r[0] for r in rows if len(r) == 4 and "gunicorn" in r[3] and r[1] != "1"
                   and r[1] in {str(self.proc.pid)} | {x[0] for x in rows if x[1] == str(self.proc.pid)}}
        return [round(int(r[2]) / 1024, 1) for r in rows if len(r) == 4 and r[1] in masters and "gunicorn" in r[3]]

    def __exit__(self, *exc):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


# ----------------------------------------------------------------------------- what is measured

@dataclass
class Page:
    name: str
    path: str | None = None
    user: str = "coordinator"
    floor: str | None = None  # FLOORS name + query string
    peer: str | None = None  # Redmine path (with the peer data it belongs to)
    peer_data: str = ""
    method: str = "GET"
    action: object = None  # callable(session, i) -> (ms, status, bytes, queries) for writes
    kind: str = "list"


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: int = 0
    errors: int = 0

    def summary(self) -> dict:
        if not self.times:
            return {"errors": self.errors}
        return {"p50": round(statistics.median(self.times), 1), "p95": round(pct(self.times, 95), 1),
                "max": round(max(self.times), 1), "queries": max(self.queries) if self.queries else None,
                "bytes": self.size, "errors": self.errors, "n": len(self.times)}


def targets() -> dict:
    """Ids of the objects the pages show, read from the database the server uses."""
    from django.db.models import Count

    from kehoach.organizations.models import Organization
    from kehoach.plans.models import Plan, Task, TaskAssignment
    from kehoach.reporting.models import ReportingPeriod, UnitReport

    plans = list(Plan.objects.filter(status="published").annotate(n=Count("tasks")).order_by("id")
                 .values_list("id", "current_version_id", "n"))
    big = max(plans, key=lambda p: p[2])
    typical = [p for p in plans if p[0] != big[0]]
    plan = typical[min(6, len(typical) - 1)]  # Redmine's plan-7
    task = Task.objects.filter(version_id=plan[1]).order_by("position")[150:151].get() if plan[2] > 150 else \
        Task.objects.filter(version_id=plan[1]).first()
    lead = TaskAssignment.objects.filter(task__version_id=plan[1], role="lead").values("organization_id") \
        .annotate(n=Count("id")).order_by("-n")[0]["organization_id"]
    busiest = TaskAssignment.objects.filter(role="lead").values("organization_id").annotate(n=Count("id")) \
        .order_by("-n")[0]["organization_id"]
    period = ReportingPeriod.objects.filter(plan_id=big[0], state="open").order_by("-year").first()
    drafts = UnitReport.objects.filter(period__state="open", state="draft").annotate(n=Count("entries"))
    draft = drafts.filter(n__gte=3, n__lte=30).order_by("id").first() or drafts.filter(n__gte=1).order_by("id").first()
    approved = list(UnitReport.objects.filter(period__state="open", state="approved").annotate(n=Count("entries"))
                    .filter(n__lte=30).order_by("id").values_list("id", "unit_id")[:200])
    return {"plan": plan[0], "plan_version": plan[1], "big": big[0], "big_version": big[1], "task": task.pk,
            "lead": lead, "busiest": busiest, "period": period.pk if period else None,
            "draft_report": draft.pk if draft else None, "draft_unit": draft.unit_id if draft else None,
            "approved": approved, "busiest_name": Organization.objects.get(pk=busiest).name}


def pages(t: dict) -> list[Page]:
    q = urllib.parse.quote
    return [
        Page("task list across plans", "/plans/tasks/", floor="tasks?offset=0", peer="/issues", peer_data="200x300"),
        Page("open tasks by deadline", "/plans/tasks/?progress=open&sort=deadline", floor="tasks_deadline",
             peer="/issues?set_filter=1&status_id=o&sort=due_date", peer_data="200x300"),
        Page("deep page (page 100)", "/plans/tasks/?page=100", floor="tasks?offset=2475", peer="/issues?page=100",
             peer_data="200x300"),
        Page("search without diacritics", "/plans/tasks/?q=hop+tac", floor="tasks_search?q=hop+tac",
             peer="/issues?set_filter=1&f[]=subject&op[subject]=~&v[subject][]=" + q("hợp tác"), peer_data="200x300"),
        Page("one plan's tasks", f"/plans/{t['plan']}/", floor=f"plan_tasks?version={t['plan_version']}",
             peer="/projects/plan-7/issues", peer_data="200x300"),
        Page("one plan filtered by lead unit", f"/plans/{t['plan']}/?lead={t['lead']}",
             floor=f"plan_tasks_lead?version={t['plan_version']}&unit={t['lead']}",
             peer="/projects/plan-7/issues?set_filter=1&f[]=assigned_to_id&op[assigned_to_id]=%3D"
                  "&v[assigned_to_id][]=10", peer_data="200x300"),
        Page("one task", f"/plans/tasks/{t['task']}/", peer="/issues/31337", peer_data="200x300", kind="page"),
        Page("API, 100 tasks", "/api/tasks/?page_size=100", floor="api_tasks", peer="/issues.json?limit=100",
             peer_data="200x300"),
        Page("plans list", "/plans/", floor="plans", peer="/projects", peer_data="200x300"),
        Page("the busiest unit's page", f"/organizations/{t['busiest']}/", floor=f"unit_tasks?unit={t['busiest']}"),
        Page("the plan of 60,000 tasks", f"/plans/{t['big']}/", floor=f"plan_tasks?version={t['big_version']}",
             peer="/projects/plan/issues", peer_data="60000"),
        Page("that plan filtered by status", f"/plans/{t['big']}/?progress=in_progress&sort=deadline",
             floor=f"plan_tasks_status?version={t['big_version']}&status=in_progress",
             peer="/projects/plan/issues?set_filter=1&f[]=status_id&op[status_id]=%3D&v[status_id][]=2"
                  "&sort=due_date", peer_data="60000"),
        Page("that plan, page 100", f"/plans/{t['big']}/?page=100",
             floor=f"plan_tasks?version={t['big_version']}&offset=2475", peer="/projects/plan/issues?page=100",
             peer_data="60000"),
        Page("dashboard, period of 3,000 units", f"/reporting/periods/{t['period']}/",
             floor=f"dashboard?period={t['period']}"),
        Page("that period's history across years", f"/reporting/periods/{t['period']}/history/", kind="page"),
        Page("leadership overview", "/reporting/overview/", user="leadership", floor="overview"),
        Page("a unit's report form", f"/reporting/reports/{t['draft_report']}/", user="unit", kind="page"),
        Page("saving a report", user="unit", action="save", kind="write"),
        Page("submitting a report", user="unit", action="submit", kind="write"),
        Page("import of a 300-task plan", action="import", kind="job"),
        Page("consolidated report, 500 tasks x 200 units", action="consolidated", kind="job"),
    ]


# ----------------------------------------------------------------------------- running

class Bench:
    def __init__(self, base: str, t: dict, *, password: str, n: int, warm: int, peer: str | None,
                 peer_data: str, peer_key: str, peer_password: str, stream):
        self.base, self.t, self.password, self.n, self.warm = base, t, password, n, warm
        self.peer, self.peer_data, self.peer_key, self.peer_password = peer, peer_data, peer_key, peer_password
        self.stream = stream
        self.sessions: dict[str, Session] = {}

    def session(self, who: str) -> Session:
        if who not in self.sessions:
            username = {"coordinator": "scale_htqt", "leadership": "scale_lanhdao"}.get(who, who)
            if who == "unit":
                username = _unit_user(self.t["draft_unit"], "focal_point")
            self.sessions[who] = Session(self.base).login_kehoach(username, self.password)
        return self.sessions[who]

    def get(self, session: Session, path: str, result: Result, timed: bool) -> None:
        ms, status, body, headers = session.request("GET", path)
        if status != 200:
            result.errors += 1
            self.stream.write(f"  {path}: HTTP {status}\n")
            return
        if timed:
            result.times.append(ms)
            if headers.get("X-Query-Count"):
                result.queries.append(int(headers["X-Query-Count"]))
            result.size = len(body)

    def peer_session(self) -> Session:
        if "peer" not in self.sessions:
            self.sessions["peer"] = Session(self.peer).login_redmine("admin", self.peer_password)
        return self.sessions["peer"]

    def run_page(self, page: Page) -> dict:
        out: dict = {"kind": page.kind}
        mine, floor, peer = Result(), Result(), Result()
        with_peer = bool(self.peer and page.peer and page.peer_data == self.peer_data)
        if page.action:
            out["kehoach"] = getattr(self, f"do_{page.action}")(mine).summary()
            return out
        session = self.session(page.user)
        # Redmine's API through its key, its pages through a fresh session per page (its own script does so).
        peer_session = Session(self.peer).login_redmine("admin", self.peer_password) if with_peer else None
        for i in range(self.warm + self.n):
            timed = i >= self.warm
            self.get(session, page.path, mine, timed)
            if page.floor:
                self.get(session, "/__bench/floor/" + page.floor.replace("?", "/?", 1) if "?" in page.floor
                         else f"/__bench/floor/{page.floor}/", floor, timed)
            if with_peer:
                path = page.peer + (("&" if "?" in page.peer else "?") + "key=" + self.peer_key
                                    if page.peer.startswith("/issues.json") else "")
                self.get(peer_session, path, peer, timed)
        out["kehoach"] = mine.summary()
        if page.floor:
            out["floor"] = floor.summary()
        if with_peer:
            out["redmine"] = peer.summary()
        return out

    # --- writes and jobs: each timed once per repetition, on fresh objects where the write cannot repeat

    def do_save(self, result: Result) -> Result:
        from kehoach.reporting.models import UnitReport

        session, report_id = self.session("unit"), self.t["draft_report"]
        entries = list(UnitReport.objects.get(pk=report_id).entries.values_list("id", flat=True))
        for i in range(self.warm + self.n):
            version = UnitReport.objects.get(pk=report_id).version
            data = {"version": version, "summary": f"Tóm tắt lần {i}", "csrfmiddlewaretoken": session.csrf()}
            for entry_id in entries:
                data[f"e-{entry_id}-results"] = f"Kết quả lần {i}"
                data[f"e-{entry_id}-percent"] = str(i % 100)
            ms, status, _body, headers = session.request("POST", f"/reporting/reports/{report_id}/save/", data,
                                                         headers={"HX-Request": "true"})
            self._record(result, i, ms, status, headers)
        return result

    def do_submit(self, result: Result) -> Result:
        from kehoach.reporting.models import UnitReport

        reports = self.t["approved"]
        for i, (report_id, unit_id) in enumerate(reports[: self.warm + self.n]):
            session = Session(self.base).login_kehoach(_unit_user(unit_id, "focal_point"), self.password)
            version = UnitReport.objects.get(pk=report_id).version
            ms, status, _b, headers = session.request("POST", f"/reporting/reports/{report_id}/submit/", {
                "version": version, "csrfmiddlewaretoken": session.csrf()})
            ok = status == 302 and UnitReport.objects.get(pk=report_id).state == "submitted"
            self._record(result, i, ms, 302 if ok else 500, headers)
        return result

    def do_import(self, result: Result) -> Result:
        from kehoach.imports.bench import synthetic_docx
        from kehoach.imports.models import ImportJob

        session = self.session("coordinator")
        for i in range(min(self.n, 10) + 1):
            data = synthetic_docx(300, edition=i + 1)  # a new document each time: a re-import would store nothing
            started = time.perf_counter()
            _ms, status, _b, headers = session.request("POST", "/imports/", {"csrfmiddlewaretoken": session.csrf()},
                                                       files={"file": (f"ke-hoach-300-{i}.docx", data)})
            job_id = int(re.search(r"/jobs/(\d+)/", headers.get("Location", "")).group(1)) if status == 302 else 0
            done = _wait(lambda job_id=job_id: ImportJob.objects.filter(pk=job_id, status__in=["done", "failed"]).exists())
            ms = (time.perf_counter() - started) * 1000
            self._record(result, i, ms, 200 if done and ImportJob.objects.get(pk=job_id).status == "done" else 500,
                         headers, warm=1)
        return result

    def do_consolidated(self, result: Result) -> Result:
        from kehoach.documents.models import GeneratedDocument

        period_id, session = _consolidation_period(), self.session("coordinator")
        for i in range(min(self.n, 10) + 1):
            started = time.perf_counter()
            _ms, status, _b, headers = session.request(
                "POST", f"/documents/period/{period_id}/consolidated/",
                {"csrfmiddlewaretoken": session.csrf(), "generate": "1", "difficulties": "Kinh phí còn hạn chế.",
                 "proposals": "Đề nghị bố trí kinh phí.", "grouping": "group"})
            match = re.search(r"/documents/(\d+)/", headers.get("Location", ""))
            doc_id = int(match.group(1)) if match else 0
            done = _wait(lambda doc_id=doc_id: GeneratedDocument.objects.filter(
                pk=doc_id, status__in=["done", "failed"]).exists())
            ms = (time.perf_counter() - started) * 1000
            ok = done and GeneratedDocument.objects.get(pk=doc_id).status == "done"
            self._record(result, i, ms, 200 if ok else 500, headers, warm=1)
        return result

    def _record(self, result: Result, i: int, ms: float, status: int, headers: dict, warm: int | None = None):
        if status >= 400:
            result.errors += 1
            return
        if i >= (self.warm if warm is None else warm):
            result.times.append(ms)
            if headers.get("X-Query-Count"):
                result.queries.append(int(headers["X-Query-Count"]))


def _unit_user(unit_id: int, role: str) -> str:
    from kehoach.accounts.models import User

    return User.objects.filter(unit_id=unit_id, role=role).order_by("id").values_list("username", flat=True)[0]


def _wait(done, seconds: float = 300) -> bool:
    from django.db import close_old_connections

    deadline = time.time() + seconds
    while time.time() < deadline:
        close_old_connections()
        if done():
            return True
        time.sleep(0.05)
    return False


def _consolidation_period() -> int:
    """A published plan of 500 tasks led by 200 units with a period of accepted reports (made once, kept)."""
    from django.db import transaction

    from kehoach.accounts.models import User
    from kehoach.documents.bench import _period_with_reports
    from kehoach.plans.models import Plan, Task
    from kehoach.plans.services import plan_create_from_parsed, plan_publish
    from kehoach.reporting.models import ReportingPeriod

    title = "Kế hoạch thử báo cáo tổng hợp 500 nhiệm vụ"
    existing = ReportingPeriod.objects.filter(plan__title=title).first()
    if existing:
        return existing.pk
    units = [f"Đơn vị thử số {i:03d}, Khối văn hóa" for i in range(1, 201)]
    rows = [{"group": f"{'I' * (1 + i % 3)}. Nhóm nhiệm vụ {1 + i % 3}", "ref": str(i),
             "title": f"Nhiệm vụ thử số {i} về hợp tác quốc tế trong lĩnh vực văn hóa, thể thao và du lịch",
             "lead": [units[i % 200]], "coordinating": [units[(i + 7) % 200]], "products": ["Báo cáo"],
             "timeframe": {"raw": "Thường xuyên", "kind": "continuous"}} for i in range(1, 501)]
    actor = User.objects.get(username="scale_htqt")
    with transaction.atomic():
        plan = plan_create_from_parsed(parsed={"document": {"title": title, "coordinator": "Cục Hợp tác quốc tế"},
                                               "tasks": rows}, actor=actor)
        plan = plan_publish(plan=plan, actor=actor, create_unknown=True)
        Plan.objects.filter(pk=plan.pk).update(issued_on="2019-01-01")  # out of the first pages of lists
        tasks = list(Task.objects.filter(version_id=plan.current_version_id).order_by("position"))
        return _period_with_reports(plan, tasks).pk


def mixed_load(base: str, t: dict, password: str, concurrent: int, seconds: float, think: float = 0.0) -> dict:
    """`concurrent` signed-in users, each looping over the read pages for `seconds`. With `think`, a user reads
    each page before the next (a random 0.5–1.5 × `think` seconds, the same for every run); without, they ask
    back to back, which measures the server saturated, not people using it."""
    reads = [p for p in pages(t) if p.path and p.user == "coordinator" and "60,000" not in p.name]
    times, errors, lock = [], [0], threading.Lock()
    sessions = [Session(base).login_kehoach("scale_htqt", password) for _ in range(concurrent)]
    stop = time.time() + seconds  # after the logins (a password hash each)

    def user(k: int):
        i, pause = k, random.Random(k)
        while time.time() < stop:
            page = reads[i % len(reads)]
            i += 1
            try:
                ms, status, _b, _h = sessions[k].request("GET", page.path)
            except OSError:
                status, ms = 599, 0
            with lock:
                if status == 200:
                    times.append(ms)
                else:
                    errors[0] += 1
            if think:
                time.sleep(min(think * pause.uniform(0.5, 1.5), max(0.0, stop - time.time())))

    threads = [threading.Thread(target=user, args=(k,)) for k in range(concurrent)]
    started = time.time()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.time() - started
    return {"users": concurrent, "think_s": think, "seconds": round(elapsed, 1), "requests": len(times),
            "errors": errors[0],
            "req_per_s": round(len(times) / elapsed, 1),
            "p50": round(statistics.median(times), 1) if times else None,
            "p95": round(pct(times, 95), 1) if times else None}


def run(*, port: int, n: int, warm: int, only: list[str], peer: str | None, peer_data: str, peer_key_file: str,
        peer_password: str, concurrent: int, seconds: float, stream, think: float = 0.0) -> dict:
    from kehoach.site.seed_scale import PASSWORD

    # Stopped from outside (kill): leave through the context managers, which stop the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)  # targets() reads the current schema
    t = targets()
    _consolidation_period()
    load = os.getloadavg()
    peer_key = open(peer_key_file).read().strip() if peer and peer_key_file else ""
    out = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "database": connection.vendor,
           "n": n, "warm": warm, "loadavg_before": [round(x, 2) for x in load], "targets": {
               k: v for k, v in t.items() if k != "approved"}, "pages": {}}
    with Server(port, {}) as server:
        bench = Bench(server.base, t, password=PASSWORD, n=n, warm=warm, peer=peer, peer_data=peer_data,
                      peer_key=peer_key, peer_password=peer_password, stream=stream)
        for page in pages(t):
            if only and not any(o.lower() in page.name.lower() for o in only):
                continue
            stream.write(f"{page.name}…\n")
            out["pages"][page.name] = bench.run_page(page)
        if concurrent:
            stream.write(f"mixed load: {concurrent} users, {seconds} s, think {think} s…\n")
            out["mixed"] = mixed_load(server.base, t, PASSWORD, concurrent, seconds, think)
        out["worker_rss_mb"] = server.worker_rss_mb()
    out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


def table(result: dict) -> str:
    def cell(d: dict | None) -> str:
        if not d or "p50" not in d:
            return "—" if not d else f"errors {d.get('errors')}"
        return f"{d['p50']:,.0f} / {d['p95']:,.0f}"

    lines = [f"kehoach bench --http on {result['database']}, {result['warm']} warm-up + {result['n']} timed, "
             f"load {result['loadavg_before']} → {result['loadavg_after']}",
             "| page | Redmine p50/p95 ms | kehoach p50/p95 ms | max | queries | KB | raw floor | ×floor | ×Redmine |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, r in result["pages"].items():
        k, f, p = r.get("kehoach", {}), r.get("floor"), r.get("redmine")
        ratio_floor = f"{k['p50'] / f['p50']:.1f}" if f and "p50" in f and "p50" in k else ""
        ratio_peer = f"{k['p50'] / p['p50']:.2f}" if p and "p50" in p and "p50" in k else ""
        lines.append(f"| {name} | {cell(p)} | {cell(k)} | {k.get('max', '')} | {k.get('queries', '')} | "
                     f"{round(k.get('bytes', 0) / 1024) if k.get('bytes') else ''} | {cell(f)} | {ratio_floor} | "
                     f"{ratio_peer} |")
    if "mixed" in result:
        m = result["mixed"]
        lines.append(f"\nmixed load: {m['users']} users {m['seconds']} s, think {m.get('think_s', 0)} s: "
                     f"{m['req_per_s']} req/s, {m['errors']} errors, "
                     f"p50 {m['p50']} ms, p95 {m['p95']} ms")
    lines.append(f"worker RSS after the run (MB): {result['worker_rss_mb']}")
    return "\n".join(lines)


def main(options: dict, stdout, stderr) -> None:
    result = run(port=free_port(options["port"]), n=options["n"], warm=options["warm"], only=options["only"] or [],
                 peer=options["peer"], peer_data=options["peer_data"], peer_key_file=options["peer_key_file"],
                 peer_password=options["peer_password"], concurrent=options["concurrent"],
                 seconds=options["seconds"], stream=stderr, think=options["think"])
    if options["json_out"]:
        with open(options["json_out"], "w") as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1)
    stdout.write(table(result) + "\n")


def combine(out_dir: str) -> str:
    """One markdown table from the phases `scripts/bench_vs_redmine.sh` wrote: Redmine beside kehoach on
    SQLite and on PostgreSQL, with the ratios to Redmine and to the raw floor."""
    from pathlib import Path

    def load(name):
        path = Path(out_dir) / f"{name}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def cell(d):
        return f"{d['p50']:,.0f} / {d['p95']:,.0f}" if d and "p50" in d else "—"

    def ratio(a, b):
        return f"{a['p50'] / b['p50']:.2f}" if a and b and "p50" in a and "p50" in b and b["p50"] else ""

    phases = {db: [load(f"{db}-200x300"), load(f"{db}-60000")] for db in ("sqlite", "pg")}
    names = []
    for runs in phases.values():
        for run in runs:
            for name in (run or {}).get("pages", {}):
                if name not in names:
                    names.append(name)
    lines = ["| page | Redmine | kehoach SQLite | ×Redmine | ×floor | queries | kehoach PostgreSQL | ×Redmine "
             "| ×floor | queries |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name in names:
        row, peer = [name], None
        cells = []
        for db in ("sqlite", "pg"):
            # The big plan's pages come from the phase measured beside Redmine's one-project instance.
            runs = [r for r in phases[db] if r and name in r["pages"]]
            page = runs[-1]["pages"][name] if runs else {}
            mine, floor = page.get("kehoach"), page.get("floor")
            peer = peer or page.get("redmine")
            cells.append([cell(mine), ratio(mine, page.get("redmine")), ratio(mine, floor),
                          str((mine or {}).get("queries") or "")])
        row.append(cell(peer))
        for c in cells:
            row.extend(c)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
