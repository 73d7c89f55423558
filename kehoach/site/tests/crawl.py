"""Find every distinct page a user can reach, for the accessibility and phone crawl.

A page is one URL pattern of the resolver (``plans:task_detail``), visited once per user with real ids. Pages
are found by following the links of the pages the user sees (starting at the menu), then any pattern still
unvisited gets its ids filled from a visited address with the same prefix (``/reporting/reports/12/`` gives
``/reporting/reports/12/history/``). New pages are so crawled without editing this list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Not pages for people, or not ours to style: the admin and the API (scripts, Swagger's own UI).
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/healthz", "/__bench/")
# Downloads (documents, exports, calendar feeds) are not HTML pages.
DOWNLOAD = re.compile(r"\.(docx|xlsx|xls|csv|ics|json|pdf|zip|txt|xml|atom|odt|png|svg)$|/download/?$")
MAX_FETCHES = 400  # per user; a guard against an endless filter/pagination space


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _local_path(href: str) -> str | None:
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES) or DOWNLOAD.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _view_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def patterns() -> list[tuple[str, str]]:
    """(view name, route with converters) of every named page in the resolver, outside the skipped areas."""
    found: list[tuple[str, str]] = []

    def walk(resolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry, route, ns)
            elif isinstance(entry, URLPattern) and entry.name:
                found.append((namespace + entry.name, "/" + route.lstrip("^").rstrip("$")))

    walk(get_resolver(), "", "")
    return [(name, route) for name, route in found
            if not route.startswith(SKIP_PREFIXES) and not DOWNLOAD.search(route.split("<")[0] + route[-6:])]


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # view name -> path (first one found)
    skipped: dict[str, str] = field(default_factory=dict)  # view name -> why (status, not HTML)
    unreached: list[str] = field(default_factory=list)


def discover(client: Client, starts: list[str]) -> Crawl:
    """Breadth-first over the links this client's pages show; one page per view name."""
    crawl = Crawl()
    queue = list(starts)
    seen_names: set[str] = set()
    fetched = 0
    while queue and fetched < MAX_FETCHES:
        path = queue.pop(0)
        name = _view_name(path)
        if name is None or name in seen_names:
            continue
        seen_names.add(name)
        fetched += 1
        _fetch(client, name, path, crawl, queue)
    # Patterns no link led to: ids borrowed from a visited address under the same prefix.
    for name, route in patterns():
        if name in seen_names:
            continue
        path = _fill(route, crawl.pages.values())
        if path is None:
            crawl.unreached.append(name)
            continue
        seen_names.add(name)
        _fetch(client, name, path, crawl, [])
    return crawl


def _fetch(client: Client, name: str, path: str, crawl: Crawl, queue: list[str]) -> None:
    response = client.get(path, HTTP_HOST="127.0.0.1")
    kind = response.get("Content-Type", "")
    if response.status_code in (301, 302) and _local_path(response["Location"]):
        queue.insert(0, _local_path(response["Location"]))  # a start page that sends on (/ -> /plans/)
    if response.status_code != 200 or not kind.startswith("text/html"):
        crawl.skipped[name] = f"{response.status_code} {kind.split(';')[0]}"
        return
    html = response.content.decode("utf-8", "replace")
    if "<html" not in html[:400]:  # an htmx fragment, not a page
        crawl.skipped[name] = "fragment"
        return
    crawl.pages[name] = path
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        local = _local_path(href)
        if local:
            queue.append(local)


CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _fill(route: str, visited) -> str | None:
    """``/reporting/reports/<int:pk>/history/`` -> ``/reporting/reports/12/history/`` from a visited
    ``/reporting/reports/12/…``; only when every converter gets its value that way."""
    pieces = CONVERTER.split(route)
    if len(pieces) == 1:
        return route
    regex = ""
    for index, piece in enumerate(pieces):
        kind = index % 3
        if kind == 0:
            regex += re.escape(piece)
        elif kind == 1:
            converter = piece or "str"
            regex += r"(\d+)" if converter == "int" else r"([^/]+)"
        # kind == 2: the keyword's name
    # The visited address only has to match the route up to its last converter.
    last = route.rfind(">") + 1
    head_regex = regex[: len(regex) - len(re.escape(route[last:]))] if route[last:] else regex
    for path in visited:
        match = re.match(head_regex, urlsplit(path).path)
        if match:
            values = iter(match.groups())
            return CONVERTER.sub(lambda _m, values=values: next(values), route)
    return None
