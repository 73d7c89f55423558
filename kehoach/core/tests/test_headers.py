"""Security headers: CSP without inline script or style, Permissions-Policy, no-store for signed-in pages and
the API, HSTS and HTTPS redirects behind a proxy, the API schema behind sign-in, safe start-up settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

KEHOACH = Path(__file__).resolve().parents[2]

# The README's production settings (Deploying on PostgreSQL).
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://kehoach:secret@db.invalid:5432/kehoach",
    "SECRET_KEY": "k3h0@ch-" + "x9Qz!vT2#" * 6,
    "ALLOWED_HOSTS": "kehoach.example.gov.vn",
    "BEHIND_PROXY": "true", "SECURE_COOKIES": "true",
    "CSRF_TRUSTED_ORIGINS": "https://kehoach.example.gov.vn",
}


def kehoach(*args: str, env: dict, home: Path):
    # DJANGO_ALLOW_ASYNC_UNSAFE is the test suite's own (for Playwright), not a deployment's.
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True, timeout=120,
                          env={**clean, "KEHOACH_HOME": str(home), "DJANGO_SETTINGS_MODULE": "kehoach.settings",
                               **env})


def test_csp_forbids_inline_script_and_style(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(reverse("plans:plan_list"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=|<style\b", re.I)


def test_no_template_has_what_the_csp_would_block():
    offenders = []
    for template in KEHOACH.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for name, pattern in (("inline script", INLINE_SCRIPT), ("on* handler", INLINE_HANDLER),
                              ("inline style", INLINE_STYLE)):
            if pattern.search(text):
                offenders.append(f"{template.relative_to(KEHOACH)}: {name}")
    assert offenders == []


def test_signed_in_pages_and_the_api_are_not_cached(client, personas):
    login_page = client.get(reverse("accounts:login"))
    assert login_page["Permissions-Policy"].startswith("accelerometer=()") and "camera=()" in login_page[
        "Permissions-Policy"]
    client.force_login(personas.focal_a)
    for url in (reverse("plans:plan_list"), reverse("accounts:profile"), "/api/plans/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url


def test_api_schema_and_docs_need_sign_in(client, personas):
    assert client.get("/api/schema/").status_code in (401, 403)
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith(reverse("accounts:login"))
    client.force_login(personas.viewer)
    assert client.get("/api/schema/").status_code == 200
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"<script>" not in page.content and b"<style>" not in page.content


PROBE = """
import django; django.setup()
from django.test import Client
c = Client()
plain = c.get("/accounts/login/", HTTP_HOST="kehoach.example.gov.vn")
health = c.get("/healthz", HTTP_HOST="kehoach.example.gov.vn")
tls = c.get("/accounts/login/", HTTP_HOST="kehoach.example.gov.vn", HTTP_X_FORWARDED_PROTO="https")
print(plain.status_code, plain.get("Location"))
print(health.status_code)
print(tls.status_code, tls.get("Strict-Transport-Security"))
"""


def test_behind_a_proxy_http_redirects_to_https_and_hsts_is_sent(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "", "KEHOACH_TESTING": ""}
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                            env={**clean, **env, "KEHOACH_HOME": str(tmp_path),
                                 "DJANGO_SETTINGS_MODULE": "kehoach.settings"})
    assert result.returncode == 0, result.stderr
    plain, health, tls = result.stdout.strip().splitlines()
    assert plain == "301 https://kehoach.example.gov.vn/accounts/login/"
    assert health.startswith(("200", "503"))  # load balancers may check over plain HTTP
    assert tls == "200 max-age=31536000; includeSubDomains; preload"


def test_debug_with_a_production_database_refuses_to_start(tmp_path):
    result = kehoach("check", env={**PRODUCTION_ENV, "DEBUG": "true"}, home=tmp_path)
    assert result.returncode != 0 and "DEBUG=true" in result.stderr
    assert kehoach("check", env={"DEBUG": "true"}, home=tmp_path).returncode == 0  # SQLite development is fine


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_readme_production_settings(tmp_path):
    result = kehoach("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, home=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
