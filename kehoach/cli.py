"""The `kehoach` command: Django's management commands under the project's settings."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line

#: Command names as the README spells them -> Django's module names.
ALIASES = {"check-data": "check_data"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # `kehoach seed-scale` runs the `seed_scale` command
    execute_from_command_line(["kehoach", *args])


if __name__ == "__main__":
    main()
