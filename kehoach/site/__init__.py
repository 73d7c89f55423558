"""The top floor: wiring across apps (the demo orchestrator, `kehoach status`, `kehoach bench`).

It may import any app; no app imports it. Each app contributes through its own `demo.py`, `status.py` and
`bench.py` modules, collected by `kehoach.core.hooks.app_modules`.
"""
