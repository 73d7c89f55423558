"""The `kehoach` command as a person runs it: exit statuses, one-line messages, nothing written on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS

from .scoring import DATA, compare, load

REPO = Path(__file__).resolve().parents[3]


def kehoach(*args, home, env_extra=None):
    import os

    env = {**os.environ, "KEHOACH_HOME": str(home), "DATABASE_URL": "", "PYTHONPATH": str(REPO)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=REPO)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    path = tmp_path_factory.mktemp("home")
    result = kehoach("migrate", home=path)
    assert result.returncode == 0, result.stderr
    return path


def _plan_count(home) -> int:
    result = kehoach("status", "--json", home=home)
    return json.loads(result.stdout)["plans_by_status"]["draft"]


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
def test_bad_input_exits_2_with_one_line_and_writes_nothing(home, tmp_path, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = _plan_count(home)
    result = kehoach("import", str(path), home=home)
    assert result.returncode == 2, result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.count("\n") == 0 and message.startswith("kehoach import:")
    assert expected in message
    assert "Traceback" not in result.stderr
    assert _plan_count(home) == before


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_dry_run_json_matches_the_hand_checked_structure(home, seed):
    result = kehoach("import", str(seed), "--dry-run", "--json", home=home)
    assert result.returncode == 0, result.stderr
    pct, misses = compare(load(DATA / "seeds" / f"{seed.stem}.json"), json.loads(result.stdout))
    assert pct == 100.0, misses
    assert _plan_count(home) == 0  # a dry run stores nothing


def test_demo_twice_then_status(tmp_path):
    first = kehoach("demo", "--no-serve", home=tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "htqt" in first.stdout and "kehoach2025" in first.stdout
    second = kehoach("demo", "--no-serve", home=tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    status = json.loads(kehoach("status", "--json", home=tmp_path).stdout)
    assert status["plans"] == 2 and status["tasks"] == 45
    assert status["users"] >= 6 and status["partners"] >= 15
