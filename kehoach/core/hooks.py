"""Per-app extension points the CLI collects: `status.counts()`, `demo.populate()`, `bench.run()`.

Each app adds what it owns without the core commands knowing its models.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps


def app_modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    """The `<app>.<name>` modules of kehoach's apps, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("kehoach."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.{name}":
                continue
            raise
        yield config.label, module
