"""The production server killed with SIGKILL ten times while 20 clients submit and approve reports.

`kehoach serve` (gunicorn + job worker) on a separate installation filled by `kehoach demo --no-serve`. Each
client thread owns one unit's report and walks it round the workflow over the API: the focal point saves the
draft (summary and every entry's results carry one marker, so a torn write would show), the head approves,
the focal point submits, the coordinator returns it, and again. A request that gets no answer is not
acknowledged; the client re-reads the report and carries on from whatever state it is in. Afterwards every
acknowledged write is there and whole, SQLite's integrity check says ok and `kehoach check-data` is clean.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import pytest

from kehoach.core.testing import descendants, free_port, pid_alive

pytestmark = pytest.mark.slow

CLIENTS = 20
KILLS = 10

SETUP = f"""
import json
from rest_framework.authtoken.models import Token
from kehoach.accounts.models import User
from kehoach.reporting.models import UnitReport
# The open period's reports (the demo also has last year's period, closed: nobody may write there).
reports = list(UnitReport.objects.filter(period__state="open").select_related("unit").order_by("id")[:{CLIENTS}])
coordinator = User.objects.get(username="htqt")
out = {{"coordinator": Token.objects.get_or_create(user=coordinator)[0].key, "reports": []}}
for n, report in enumerate(reports):
    focal = User.objects.create_user(f"crash_focal_{{n}}", password=None, role="focal_point", unit=report.unit)
    head = User.objects.create_user(f"crash_head_{{n}}", password=None, role="unit_head", unit=report.unit)
    out["reports"].append({{"id": report.pk, "focal": Token.objects.create(user=focal).key,
                           "head": Token.objects.create(user=head).key}})
print(json.dumps(out))
"""


@dataclass
class Ledger:
    """What the server acknowledged (answered 200 to)."""

    saves: list[tuple[int, str, int]] = field(default_factory=list)  # (report, marker, version after)
    transitions: list[tuple[int, str]] = field(default_factory=list)  # (report, verb)
    unanswered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Api:
    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, token: str, body: dict | None = None):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Token {token}",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None


NETWORK_ERRORS = (OSError, http.client.HTTPException)


def next_step(api: Api, report: dict, coordinator: str, serial: int, rng):
    """What the report's state asks for next: (verb, token, path, body), or None to look again."""
    status, data = api.call("GET", f"/api/reporting/reports/{report['id']}/", report["focal"])
    if status != 200:
        return None
    base = f"/api/reporting/reports/{report['id']}"
    if data["state"] in ("draft", "returned"):
        status, entries = api.call("GET", f"/api/reporting/entries/?report={report['id']}&page_size=200",
                                   report["focal"])
        if status != 200:
            return None
        marker = f"r{report['id']}-s{serial}-{rng.randrange(10**6)}"
        return "save", report["focal"], f"{base}/save/", {"version": data["version"], "summary": marker, "entries": {
            str(e["id"]): {"status": "in_progress", "percent": 50, "results": marker} for e in entries["results"]}}
    if data["state"] == "approved":
        return "submit", report["focal"], f"{base}/submit/", {}
    if data["state"] == "submitted":
        return "return", coordinator, f"{base}/return/", {"reason": f"Bổ sung số liệu {serial}"}
    return "reopen", coordinator, f"{base}/reopen/", {"reason": "Mở lại để cập nhật"}


def client(api: Api, ledger: Ledger, report: dict, coordinator: str, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    serial = 0
    while not stop.is_set():
        serial += 1
        try:
            step = next_step(api, report, coordinator, serial, rng)
        except NETWORK_ERRORS:
            step = None
        if step is None:
            time.sleep(0.2)
            continue
        steps = [step]
        if step[0] == "save":  # the head approves right after
            steps.append(("approve", report["head"], step[2].replace("/save/", "/approve/"), {}))
        for verb, token, path, body in steps:
            try:
                status, answer = api.call("POST", path, token, body)
            except NETWORK_ERRORS:  # no answer: not acknowledged, whatever the server did
                with ledger.lock:
                    ledger.unanswered += 1
                break
            if status != 200:
                break
            with ledger.lock:
                if verb == "save":
                    ledger.saves.append((report["id"], body["summary"], answer["version"]))
                else:
                    ledger.transitions.append((report["id"], verb))


def wait_healthy(port: int, process, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "kehoach serve exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise AssertionError("the server did not come up")


def kill_all(process) -> None:
    """SIGKILL the whole server at once (serve, gunicorn's master and workers, the job worker)."""
    pids = [process.pid, *descendants(process.pid)]
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
    deadline = time.monotonic() + 20
    while any(pid_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_twenty_clients_and_ten_kill_nines_lose_no_acknowledged_write(installation):
    t0 = time.monotonic()
    installation.prepare("demo")
    print(f"demo {time.monotonic() - t0:.1f}s")
    setup = json.loads(installation.python(SETUP).stdout)
    assert len(setup["reports"]) == CLIENTS
    port = free_port()
    env = {"KEHOACH_API_RATE_USER": "100000/minute"}
    api, ledger, stop = Api(f"http://127.0.0.1:{port}"), Ledger(), threading.Event()
    rng = random.Random(15)
    server = installation.spawn("serve", "--port", str(port), "--workers", "2", env=env,
                                stdout=open(installation.home / "serve.log", "ab"), stderr=open(
                                    installation.home / "serve.err", "ab"))
    threads = [threading.Thread(target=client, args=(api, ledger, report, setup["coordinator"], stop, n),
                                daemon=True) for n, report in enumerate(setup["reports"])]
    try:
        wait_healthy(port, server)
        for thread in threads:
            thread.start()
        for _kill in range(KILLS):
            time.sleep(rng.uniform(0.5, 3.0))
            kill_all(server)
            server = installation.spawn("serve", "--port", str(port), "--workers", "2", env=env,
                                        stdout=open(installation.home / "serve.log", "ab"),
                                        stderr=open(installation.home / "serve.err", "ab"))
            t1 = time.monotonic()
            wait_healthy(port, server)
            print(f"restart {time.monotonic() - t1:.1f}s")
        time.sleep(2)
        t2 = time.monotonic()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except Exception:  # noqa: BLE001
                kill_all(server)

    print(f"stop {time.monotonic() - t2:.1f}s total {time.monotonic() - t0:.1f}s")
    acknowledged = len(ledger.saves) + len(ledger.transitions)
    print(f"acknowledged writes: {acknowledged} ({len(ledger.saves)} saves, {len(ledger.transitions)} transitions),"
          f" unanswered: {ledger.unanswered}, kills: {KILLS}")
    assert len(ledger.saves) >= CLIENTS and len(ledger.transitions) >= CLIENTS  # the clients got work done

    if not installation.is_postgres:
        assert installation.query("PRAGMA integrity_check") == [("ok",)]
    check = installation.run("check-data", check=False)
    assert check.returncode == 0, check.stdout

    # Every acknowledged save is in the audit trail, whole (it is written in the same transaction).
    logged = {}
    for object_id, after in installation.query(
            "SELECT object_id, after FROM core_auditentry WHERE action = %s", ("reporting.report_save",)):
        after = json.loads(after) if isinstance(after, str) else after
        logged.setdefault(int(object_id), set()).add((after or {}).get("summary"))
    lost = [(report, marker) for report, marker, _ in ledger.saves if marker not in logged.get(report, set())]
    assert lost == []

    # Each report is whole: its summary and every entry's results carry the same save's marker, and it is at
    # least as new as its last acknowledged save.
    for report in setup["reports"]:
        (summary, version), = installation.query("SELECT summary, version FROM reporting_unitreport WHERE id=%s",
                                                 (report["id"],))
        results = {row[0] for row in installation.query(
            "SELECT results FROM reporting_taskreportentry WHERE report_id=%s", (report["id"],))}
        acked = [(marker, v) for r, marker, v in ledger.saves if r == report["id"]]
        if acked:
            assert results <= {summary}, (report["id"], summary, results)
            last_marker, last_version = acked[-1]
            assert version >= last_version
            if version == last_version:
                assert summary == last_marker

    # Every acknowledged transition is recorded (at least as many as were acknowledged, per report and kind).
    to_state = {"approve": "approved", "submit": "submitted", "return": "returned", "reopen": "returned"}
    recorded = {}
    for report_id, state, count in installation.query(
            "SELECT report_id, to_state, count(*) FROM reporting_reporttransition GROUP BY report_id, to_state"):
        recorded[(report_id, state)] = count
    wanted = {}
    for report_id, verb in ledger.transitions:
        wanted[(report_id, to_state[verb])] = wanted.get((report_id, to_state[verb]), 0) + 1
    assert {key: n for key, n in wanted.items() if recorded.get(key, 0) < n} == {}
