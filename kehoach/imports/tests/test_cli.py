"""The `kehoach` command as a person runs it: exit statuses, one-line messages, nothing written on bad input.

The commands run in-process (`call_command`, on the test database); one end-to-end test starts the real
`kehoach` process on a fresh home, so the entry point, settings and migrations are covered once."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import SEEDS
from kehoach.plans.choices import PlanStatus
from kehoach.plans.models import Plan

from .scoring import DATA, compare, load

REPO = Path(__file__).resolve().parents[3]


def run(*args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of one command, as the shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def kehoach(*args, home):
    """The real process, as installed: `python -m kehoach …` with its own home and SQLite database."""
    import os

    env = {**os.environ, "KEHOACH_HOME": str(home), "DATABASE_URL": "", "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=REPO)


def _draft_count() -> int:
    return Plan.objects.filter(status=PlanStatus.DRAFT).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.txt", None, "không tìm thấy"),
        ("empty.txt", b"", "rỗng"),
        ("binary.txt", bytes(range(256)) * 40, ""),
        ("notaplan.txt", "Biên bản họp giao ban tuần.\nCác đồng chí dự họp.\n".encode(), ""),
        ("plan.exe", b"MZ\x90\x00", ".exe"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = _draft_count()
    code, out, err = run("import", str(path))
    assert code == 2, out + err
    message = err.strip()
    assert message.count("\n") == 0 and message.startswith("kehoach import:")
    assert expected in message
    assert "Traceback" not in err
    assert _draft_count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_dry_run_json_matches_the_hand_checked_structure(seed):
    code, out, err = run("import", str(seed), "--dry-run", "--json")
    assert code == 0, err
    pct, misses = compare(load(DATA / "seeds" / f"{seed.stem}.json"), json.loads(out))
    assert pct == 100.0, misses
    assert _draft_count() == 0  # a dry run stores nothing


@pytest.mark.django_db
def test_import_publish_then_status_counts_it():
    seed = sorted(SEEDS.glob("*.txt"))[0]
    code, out, err = run("import", str(seed), "--publish")
    assert code == 0, err
    assert "đã ban hành" in out
    status = json.loads(run("status", "--json")[1])
    assert status["plans"] == 1 and status["plans_by_status"]["draft"] == 0
    assert status["tasks"] == Plan.objects.get().tasks.count() > 0


@pytest.mark.slow
def test_demo_twice_then_status(tmp_path):
    """End to end: the installed entry point on a fresh home (migrations, demo data, status)."""
    first = kehoach("demo", "--no-serve", home=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "htqt" in first.stdout and "kehoach2025" in first.stdout
    second = kehoach("demo", "--no-serve", home=tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    status = json.loads(kehoach("status", "--json", home=tmp_path).stdout)
    assert status["plans"] == 2 and status["tasks"] == 45
    assert status["users"] >= 6 and status["partners"] >= 15
    # Bad input through the real process: exit status 2 and one line on stderr.
    bad = kehoach("import", str(tmp_path / "missing.txt"), home=tmp_path)
    assert bad.returncode == 2 and bad.stderr.strip().startswith("kehoach import:")
