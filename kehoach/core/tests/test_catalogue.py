"""Vietnamese and English stay complete: no empty or fuzzy catalogue entry, no template text outside
{% translate %} / {% blocktranslate %}, and numbers written the Vietnamese way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import formats, translation

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Words that are the same in both languages (format names, the product's name, currency and date patterns).
ALLOWED_WORDS = {"kehoach", "CSV", "XLSX", "JSON", "DOCX", "PDF", "API", "Atom", "iCal", "VND", "dd/mm/yyyy",
                 "nbsp", "English", "Tiếng", "Việt", "OK"}
# Attributes a reader hears or sees.
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-confirm")


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgstr (all forms) and flags; obsolete entries left out."""
    entries, current, key = [], None, None

    def start():
        return {"flags": set(), "msgstr": {}, "line": 0}

    current = start()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            if "msgid" in current:
                entries.append(current)
            current, key = start(), None
            continue
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#,"):
            current["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key[0] == "msgstr":
                current["msgstr"][key[1]] += value
            else:
                current[key[0]] += value
        else:
            word, _sep, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if word.startswith("msgstr"):
                index = int(word[7:-1]) if "[" in word else 0
                current["msgstr"][index], key = value, ("msgstr", index)
            else:
                current[word], key = value, (word, None)
                current["line"] = current["line"] or number
    if "msgid" in current:
        entries.append(current)
    return [e for e in entries if not e.get("obsolete")]


def test_catalogue_has_no_empty_or_fuzzy_entries():
    problems = []
    for entry in read_po(CATALOGUE):
        if not entry["msgid"]:
            continue  # the header
        if "fuzzy" in entry["flags"]:
            problems.append(f"line {entry['line']}: fuzzy: {entry['msgid'][:60]}")
        elif not all(entry["msgstr"].values()):
            problems.append(f"line {entry['line']}: empty: {entry['msgid'][:60]}")
    assert not problems, "\n".join(problems)


def test_catalogue_has_no_duplicate_entries():
    seen, duplicates = set(), []
    for entry in read_po(CATALOGUE):
        key = (entry.get("msgctxt"), entry["msgid"])
        if key in seen:
            duplicates.append(entry["msgid"][:60])
        seen.add(key)
    assert not duplicates, duplicates


def untranslated_template_text(source: str) -> list[str]:
    """Text a reader sees that is not inside {% translate %} / {% blocktranslate %} (nor a variable)."""
    s = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    s = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", " ", s, flags=re.S)
    s = re.sub(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", " ", s, flags=re.S)
    s = re.sub(r"<!--.*?-->", " ", s, flags=re.S)
    s = re.sub(r"<(script|style)\b.*?</\1>", " ", s, flags=re.S | re.I)
    s = re.sub(r"{%.*?%}", " ", s, flags=re.S)
    s = re.sub(r"{{.*?}}", " ", s, flags=re.S)
    texts = []
    for tag in re.findall(r"<[^>]*>", s):
        for attribute in VISIBLE_ATTRIBUTES:
            texts += re.findall(rf'\b{attribute}="([^"]*)"', tag)
    texts += re.sub(r"<[^>]*>", "\n", s).split("\n")
    found = []
    for text in texts:
        words = re.findall(r"[^\W\d_][^\s(),.:;·×=]*", text)
        if [w for w in words if w not in ALLOWED_WORDS and len(w) > 1]:
            found.append(re.sub(r"\s+", " ", text).strip())
    return found


def test_template_scanner_finds_bare_text():
    assert untranslated_template_text("<p>Lưu nháp</p>") == ["Lưu nháp"]
    assert untranslated_template_text('<nav aria-label="breadcrumb"></nav>') == ["breadcrumb"]
    assert untranslated_template_text("<p>{% translate 'Lưu' %} {{ x }} · CSV</p>") == []
    assert untranslated_template_text("{% blocktranslate %}Có {{ n }} dòng{% endblocktranslate %}") == []


def test_every_template_string_is_translatable():
    problems = []
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        if "drf_spectacular" in path.parts:
            continue
        for text in untranslated_template_text(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(PACKAGE)}: {text[:80]}")
    assert not problems, "\n".join(problems)


def test_numbers_are_written_the_vietnamese_way():
    with translation.override("vi"):
        assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == "1.234,5"
    with translation.override("en"):
        assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == "1,234.5"
