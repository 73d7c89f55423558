"""The demo, crawled as each demo account (and its history pages read for codes): in English no Vietnamese UI text, in Vietnamese no English UI text
(what people typed or imported — plan and task texts, names — is content and excepted). The demo's own output
is Vietnamese and honest about --no-serve."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

VIETNAMESE = re.compile(r"[ăâđêôơưạảãàáậầấẩẫắằặẳẵẹẻẽèéệềếểễịỉĩìíọỏõòóộồốổỗợờớởỡụủũùúựừứửữỵỷỹỳý]", re.I)
ENGLISH = re.compile(r"\b(the|and|of|Save|Cancel|Submit|Search|Delete|Edit|Status|Download|Next|Previous|Home|"
                     r"Page|Filter|Reports?|Plans?|Tasks?|Units?|Budget|Documents?|Sign in|None|True|False)\b")
# Same in both languages: the language switch names each language in itself.
BOTH = {"Tiếng Việt", "English"}
SKIP = re.compile(r"^/(static|admin|api|i18n)/|/accounts/logout|\.(docx|xlsx|pdf|json|csv|ics|atom)$|download|source")
PAGES_PER_ACCOUNT = 30


def _content() -> tuple[set[str], list[str]]:
    """Every text stored in kehoach's tables, people's names and the titles built from them: what the crawl
    treats as content. Returned as a set (exact matches) and a list, longest first (for parts of a line)."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("kehoach"):
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for row in model.objects.values_list(*names) if names else []:
            for value in row:
                found.add(re.sub(r"\s+", " ", value or "").strip())
                for part in re.split(r"[\n;]+", value or ""):
                    if part.strip():
                        found.add(part.strip())
    from kehoach.accounts.models import User
    from kehoach.plans.models import Plan, Task

    found |= {u.get_full_name() for u in User.objects.all()} | {str(u) for u in User.objects.all()}
    found |= {p.full_title for p in Plan.objects.all()}
    found |= {f"{ref}. {title}" for ref, title in Task.objects.values_list("ref", "title")}
    found |= {str(task) for task in Task.objects.all()}
    found = {re.sub(r"\s+", " ", c).strip() for c in found}
    return found, sorted((c for c in found if len(c) >= 2), key=len, reverse=True)


def _strip_content(text: str, content: list[str]) -> str:
    # First, before shorter texts are cut out of it: a truncated title ("…") is the start of a content text, maybe after a separator or a task number.
    pieces = text.split("…")
    for index, piece in enumerate(pieces[:-1]):
        starts = [0] + [m.end() for m in re.finditer(r"\s", piece)]
        for start in starts:
            bare = re.sub(r"^\s*\d+\.\s*", "", piece[start:]).strip()
            if len(bare) >= 6 and any(c.startswith(bare) for c in content):
                pieces[index] = piece[:start]
                break
    text = " ".join(pieces)
    for value in content:  # longest first, so a short name does not break a title it is part of
        if value in text:
            text = text.replace(value, " ")
    return text


def _vietnamese_words(text: str) -> list[str]:
    """Words of two letters or more with Vietnamese letters (a lone `Ý`, Italy, is a name)."""
    return [w for w in re.findall(r"\w+", text) if len(w) >= 2 and VIETNAMESE.search(w)]


def _texts(page: str) -> list[str]:
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    texts = re.findall(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"', page)
    texts += re.sub(r"<[^>]+>", "\n", page).split("\n")
    return [html.unescape(re.sub(r"\s+", " ", t)).strip() for t in texts if t.strip()]


def _crawl(username: str, language: str, content: tuple[set[str], list[str]]) -> dict[str, str]:
    from kehoach.accounts.models import User

    client = Client()
    client.cookies["django_language"] = language
    client.force_login(User.objects.get(username=username))
    queue, shapes, wrong = ["/", "/cong-khai/"], set(), {}
    while queue and len(shapes) < PAGES_PER_ACCOUNT:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        if shape in shapes:
            continue
        shapes.add(shape)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        for text in _texts(body):
            if text in BOTH or text in content[0]:
                continue
            if language == "en":
                leak = _vietnamese_words(text) and _vietnamese_words(_strip_content(text, content[1]))
            else:
                leak = ENGLISH.search(text) and not VIETNAMESE.search(text) \
                    and ENGLISH.search(_strip_content(text, content[1]))
            if leak:
                wrong.setdefault(text[:100], url)
        queue += [h for h in re.findall(r'href="(/[^"#?]*)"', body) if not SKIP.search(h)]
    return wrong


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_speaks_one_language_at_a_time(settings):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "sẵn sàng tại" not in text and "kehoach serve" in text  # nothing listens under --no-serve
    assert "/cong-khai/" in text  # the public page the demo opted in
    for word in ("accepted", "submitted", "returned", "approved", "documents:", "amendments:", "unitplans:"):
        assert not re.search(rf"\b{re.escape(word)}\b", text), word

    content = _content()
    problems = {}
    for username in ("lanhdao", "htqt", "khtc", "daumoi_dsvh", "truong_dsvh", "xem"):
        for language in ("en", "vi"):
            for text, url in _crawl(username, language, content).items():
                problems.setdefault(f"{language} {text}", f"{username} {url}")
    assert not problems, "\n".join(f"{k}  ({v})" for k, v in problems.items())
    # The history of what the demo did reads as the UI: labels, names, local times; never codes.
    codes = _history_codes()
    assert not codes, "\n".join(codes)


RAW = [
    re.compile(r"\b[a-z_]+\.[a-z_]+\b(?![./])"),  # action codes, app.model
    re.compile(r"\b\w+_id\b"), re.compile(r"\bis_archived\b"), re.compile(r"\bsystem\b"), re.compile(r"ip=None"),
    re.compile(r"\b(in_progress|not_started)\b"),
    re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),  # ISO timestamps
    re.compile(r"(\d\d:\d\d) \1"),  # a time printed twice
]
# State codes are English words: only a fault on the Vietnamese pages.
RAW_VI = [re.compile(r"\b(draft|submitted|accepted|returned|approved|forwarded|rejected|adjustment)\b")]


def _history_pages() -> list[str]:
    from django.urls import reverse

    from kehoach.amendments.models import AmendmentProposal
    from kehoach.budgets.models import BudgetLine
    from kehoach.cooperation.models import Activity
    from kehoach.plans.models import Plan
    from kehoach.reporting.models import UnitReport
    from kehoach.unitplans.models import UnitYearPlan

    pages = [reverse("amendments:audit_log")]
    pages += [reverse("plans:plan_audit", args=[p.pk]) for p in Plan.objects.all()]
    pages += [p.get_absolute_url() for p in AmendmentProposal.objects.all()]
    pages += [p.get_absolute_url() for p in UnitYearPlan.objects.all()]
    pages += [reverse("budgets:line_detail", args=[b.pk]) for b in BudgetLine.objects.all()[:3]]
    pages += [a.get_absolute_url() for a in Activity.objects.all()[:3]]
    pages += [r.get_absolute_url() for r in UnitReport.objects.exclude(state__in=["draft", "approved"])]
    return pages


def _history_codes() -> list[str]:
    """Codes the history pages must not show, read as the coordinator in both languages."""
    from kehoach.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="htqt"))
    problems = []
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        for url in _history_pages():
            response = client.get(url)
            assert response.status_code == 200, url
            text = " ".join(_texts(response.content.decode()))
            patterns = RAW + (RAW_VI if language == "vi" else [])
            problems += [f"{language} {url}: {m.group(0)!r}" for p in patterns if (m := p.search(text))]
    return problems
