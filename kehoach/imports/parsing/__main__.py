"""python -m kehoach.imports.parsing FILE [--registry-file names.txt] [--full]: print the parsed plan as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import ImportRejected, UnitRegistry, parse_document


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kehoach.imports.parsing", description=__doc__)
    ap.add_argument("file")
    ap.add_argument("--registry-file", help="known unit names, one per line")
    ap.add_argument("--full", action="store_true", help="print to_dict() (with flags and source lines)")
    args = ap.parse_args(argv)
    registry = None
    if args.registry_file:
        names = Path(args.registry_file).read_text(encoding="utf-8").splitlines()
        registry = UnitRegistry([n for n in names if n.strip()])
    path = Path(args.file)
    try:
        plan = parse_document(path.read_bytes(), path.name, registry=registry)
    except ImportRejected as exc:
        print(f"{exc.code}: {exc.message}", file=sys.stderr)
        return 2
    json.dump(plan.to_dict() if args.full else plan.to_gold(), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
