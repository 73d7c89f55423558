"""How long the plan page takes with a large plan (300 tasks), in a throw-away transaction."""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kehoach.accounts.models import User
from kehoach.organizations.services import registry_load
from kehoach.plans.services import plan_create_from_parsed, plan_publish


def plan_page(n_tasks: int = 300) -> dict:
    units = ["Cục Hợp tác quốc tế", "Cục Di sản văn hóa", "Cục Điện ảnh", "Vụ Kế hoạch, Tài chính"]
    rows = [{"ref": str(i), "title": f"Nhiệm vụ thử số {i} về hợp tác quốc tế", "lead": [units[i % 4]],
             "coordinating": [units[(i + 1) % 4], "Các đơn vị liên quan"], "products": ["Báo cáo", "Sự kiện"],
             "timeframe": {"raw": "Thường xuyên", "kind": "continuous"}} for i in range(1, n_tasks + 1)]
    figures = {}
    with transaction.atomic():
        registry_load()
        started = time.perf_counter()
        plan = plan_create_from_parsed(parsed={"document": {"title": "Kế hoạch thử"}, "tasks": rows}, actor=None)
        plan = plan_publish(plan=plan, actor=None, create_unknown=True)
        figures["store_s"] = round(time.perf_counter() - started, 3)
        user = User.objects.create(username="bench-viewer", role="viewer")
        client = Client()
        client.force_login(user)
        client.get(plan.get_absolute_url(), HTTP_HOST="127.0.0.1")
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(plan.get_absolute_url(), HTTP_HOST="127.0.0.1")
                timings.append(time.perf_counter() - started)
        assert response.status_code == 200
        figures.update({"tasks": n_tasks, "page_median_s": round(sorted(timings)[2], 3), "queries": len(queries)})
        transaction.set_rollback(True)
    return figures


BENCHMARKS = {"plan_page_300": plan_page}
