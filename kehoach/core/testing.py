"""Helpers for tests that need tools a user's machine may lack (chromium, LibreOffice).

On a user's machine they skip with a reason; in CI (KEHOACH_REQUIRE_BROWSER / KEHOACH_REQUIRE_RENDER set)
a missing tool fails the run instead, so those tests can never silently not run there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _missing(reason: str, env: str) -> None:
    if os.environ.get(env):
        pytest.fail(f"{reason} (required here because {env} is set)")
    pytest.skip(reason)


def require_browser() -> None:
    try:
        # Here, not at the top: Playwright is an optional test tool; its absence is what this checks.
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright for Python is not installed", "KEHOACH_REQUIRE_BROWSER")
    if not Path(CHROMIUM).exists():
        _missing("Debian's chromium is not installed (apt-get install chromium fonts-liberation)",
                 "KEHOACH_REQUIRE_BROWSER")


def require_soffice() -> str:
    path = shutil.which("soffice")
    if not path:
        _missing("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)", "KEHOACH_REQUIRE_RENDER")
    return path


def require_pdftoppm() -> str:
    path = shutil.which("pdftoppm")
    if not path:
        _missing("poppler-utils is not installed (apt-get install poppler-utils)", "KEHOACH_REQUIRE_RENDER")
    return path


def artifacts_dir() -> Path:
    """Where browser screenshots and rendered pages go (git-ignored)."""
    path = Path(__file__).resolve().parents[2] / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
