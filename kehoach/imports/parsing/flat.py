"""Task tables in flattened text (PDF text dumps, plain .txt): find them and rebuild their cells.

A text dump of a table loses the column positions: each cell's lines come out one after another, and
lines of neighbouring cells that share a baseline are glued into one line. So a row is a stream of words
that runs through the columns left to right, and the job is to cut that stream into cells. We score every
way of cutting it (dynamic programming over the allowed cut points) with what each column's text should
look like (a unit list, a timeframe, short product names …) and with word pairs the document itself uses
("văn hóa", "thực hiện"), which tell whether a line break falls inside one cell or between two.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from kehoach.core.text import fold

from .columns import find_roles, is_task_header
from .textutil import clean
from .timeframe import parse_timeframe
from .units import (
    STRONG_PREFIXES,
    UnitRegistry,
    inner_unit_breaks,
    split_products,
    split_units,
    starts_unit,
    unit_prefix,
)

_ROW_START = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+(.*))?$")
_ROMAN_GROUP = re.compile(r"^([IVXLC]{1,6}|[A-ZĐ])\s*[.)]\s+\S")
_YEAR_GROUP = re.compile(r"^(năm|giai đoạn|nhóm|phần|phụ lục)\s+\S+", re.I)
_GENERIC_GROUP = re.compile(r"^(các|những)\s+(hoạt động|nhiệm vụ|chương trình|đề án|sự kiện)\b", re.I)
_TABLE_END = re.compile(
    r"^(ghi chú|lưu ý|chú thích|nơi nhận)\s*:|^[IVX]+\.\s*(TỔ CHỨC THỰC HIỆN|KINH PHÍ|MỤC ĐÍCH|"
    r"MỤC TIÊU|YÊU CẦU|CHẾ ĐỘ BÁO CÁO|ĐIỀU KHOẢN|HIỆU LỰC|TRÁCH NHIỆM)",
    re.I,
)
_RULE = re.compile(r"^[\s_\-–—=*.…]*$")
_PAGE_NO = re.compile(r"^(?:trang\s+)?[-–]?\s*\d{1,3}\s*[-–]?$", re.I)
# Words a cell does not end on: a line that stops on one goes on in the next line of the same cell.
_FUNCTION_WORDS = set(
    "và của các với cho về trong tại theo để thuộc từ hoặc những được là có đến trên nhằm gắn như một vào giữa bằng".split()
)
# How timeframe cells begin (folded), for wording the timeframe parser does not know.
_TIME_WORDS = set(
    "theo truoc sau dinh tu trong den nam thang quy giai hang khi hoan cham dau cuoi giua nua ngay moi tuy lien "
    "thuong 6".split()
)
# What an empty cell costs, by column: a task always has a title, usually a lead and a timeframe.
_EMPTY_COST = dict(title=12.0, lead=3.0, coordinating=2.0, products=2.0, timeframe=4.0, partners=2.0)
_EMPTY_COST.update(funding=2.0, note=0.5)
_JOIN = 0.8
_MAX_CELL_WORDS = 45
_MAX_ROW_WORDS = 1000


@dataclass
class RawRow:
    group: str | None
    ref: str
    segments: list[list[str]] = field(default_factory=lambda: [[]])
    source_lines: list[str] = field(default_factory=list)


@dataclass
class TextTable:
    roles: list[str]
    rows: list[RawRow]
    start: int
    end: int
    intro: str | None = None  # the numbered heading just above the header ("a) Nhiệm vụ về …")


_INTRO = re.compile(r"^([a-zđ]\)|\d{1,2}(?:\.\d{1,2})*\.|[IVX]{1,5}\.)\s+\S")


def _is_intro(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    upper = letters and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
    return bool(_INTRO.match(line)) and not upper and len(line.split()) <= 30


def _next_nonempty(lines: list[str], j: int) -> int | None:
    while j < len(lines):
        if lines[j].strip() and not _RULE.match(lines[j].strip()):
            return j
        j += 1
    return None


def _intro_before(lines: list[str], i: int) -> str | None:
    k = i - 1
    while k >= 0 and k >= i - 4 and not lines[k].strip():
        k -= 1
    return clean(lines[k]) if k >= 0 and _is_intro(clean(lines[k])) else None


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return re.sub(r"[^\w]+", "", word.lower())


def case_counts(lines: list[str]) -> tuple[Counter, Counter]:
    """How often each word is written lower-case / capitalised inside sentences."""
    lower: Counter = Counter()
    upper: Counter = Counter()
    for line in lines:
        words = line.split()
        for prev, w in pairwise(words):
            if prev[-1:] in ".:;!?" or not w[:1].isalpha():
                continue
            (upper if w[:1].isupper() else lower)[_word_key(w)] += 1
    return lower, upper


def bigram_counts(lines: list[str]) -> Counter:
    """Adjacent word pairs within lines: the document's own vocabulary of words that belong together."""
    counts: Counter = Counter()
    for line in lines:
        words = [_word_key(w) for w in line.split()]
        for a, b in pairwise(words):
            if a and b:
                counts[a, b] += 1
    return counts


# ---------------------------------------------------------------- finding tables and rows


def _header_at(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """If a task-table header starts at line i, its roles and the index after it."""
    first = lines[i].strip()
    words = fold(first).split()
    if not words or words[0] not in {"tt", "stt"}:
        return None
    text, j = first, i + 1
    while j < len(lines) and j - i <= 12:
        nxt = lines[j].strip()
        if not nxt:
            j += 1
            continue
        if len(nxt.split()) > 5 or _ROW_START.match(nxt) or _is_group_start(nxt):
            break
        text, j = f"{text} {nxt}", j + 1
    roles = [r for _, r in find_roles(text)]
    if not is_task_header(roles):
        return None
    # Back off trailing lines that add no role (they are the first row's text, not heading).
    while j > i + 1:
        shorter = " ".join(x.strip() for x in lines[i : j - 1] if x.strip())
        if [r for _, r in find_roles(shorter)] == roles:
            j -= 1
        else:
            break
    return roles, j


def _is_group_start(line: str) -> bool:
    # Headings start with a capital; "các nhiệm vụ …" in lower case is a cell's wrapped text.
    return line[:1].isupper() and bool(
        _ROMAN_GROUP.match(line) or _YEAR_GROUP.match(line) or _GENERIC_GROUP.match(line)
    )


def _ref_ok(ref: str, prev: str | None) -> bool:
    parts = [int(p) for p in ref.split(".")]
    if prev is None:
        return len(parts) == 1 or parts[-1] == 1
    pp = [int(p) for p in prev.split(".")]
    candidates = [pp + [1]]
    for k in range(len(pp)):
        candidates.append(pp[:k] + [pp[k] + 1])
    return parts in candidates


def _next_row_ref(lines: list[str], j: int, limit: int = 6) -> str | None:
    seen = 0
    while j < len(lines) and seen < limit:
        s = lines[j].strip()
        j += 1
        if not s or _RULE.match(s):
            continue
        seen += 1
        m = _ROW_START.match(s)
        if m:
            return m[1]
    return None


def find_text_tables(lines: list[str]) -> list[TextTable]:
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        head = _header_at(lines, i)
        if head is None:
            i += 1
            continue
        roles, j = head
        intro = _intro_before(lines, i)
        table, i = _read_rows(lines, i, j, roles)
        table.intro = intro
        if table.rows:
            tables.append(table)
    return tables


def _read_rows(lines: list[str], start: int, j: int, roles: list[str]) -> tuple[TextTable, int]:
    header_key = fold(lines[start])
    rows: list[RawRow] = []
    group: str | None = None
    prev_ref: str | None = None
    current: RawRow | None = None
    n = len(lines)
    while j < n:
        raw = lines[j]
        s = raw.strip()
        if not s or _RULE.match(s):
            j += 1
            continue
        if _TABLE_END.match(s):
            break
        row_start = _ROW_START.match(s)
        if _is_intro(s) and not (row_start and _ref_ok(row_start[1], prev_ref)):
            nxt = _next_nonempty(lines, j + 1)
            if nxt is not None and _header_at(lines, nxt):
                break  # the heading that introduces the next table
        if fold(s) == header_key or _header_at(lines, j):
            head = _header_at(lines, j)
            j = head[1] if head else j + 1
            if current is not None and current.segments[-1]:
                current.segments.append([])
            continue
        m = _ROW_START.match(s)
        if m and _ref_ok(m[1], prev_ref):
            current = RawRow(group=group, ref=m[1], source_lines=[s])
            if m[2]:
                current.segments[0].append(m[2])
            rows.append(current)
            prev_ref = m[1]
            j += 1
            continue
        if _is_group_start(s) and not m:
            block, k = [s], j + 1
            while k < n and not _ROW_START.match(lines[k].strip()) and len(block) < 4:
                t = lines[k].strip()
                if t and not _RULE.match(t):
                    block.append(t)
                k += 1
            nxt = _next_row_ref(lines, k, 1)
            restart = nxt is not None and (nxt.split(".")[0] == "1" or current is None)
            if len(block) <= 3 and (restart or (_ROMAN_GROUP.match(s) and nxt is not None)):
                group = clean(" ".join(block))
                prev_ref, current, j = None, None, k
                continue
            if _ROMAN_GROUP.match(s) and nxt is None:
                break  # a numbered prose section after the table
        if _PAGE_NO.match(s) and not (m and _ref_ok(m[1], prev_ref)):
            j += 1
            continue
        if current is not None:
            current.segments[-1].append(s)
            current.source_lines.append(s)
        j += 1
    return TextTable(roles=roles, rows=rows, start=start, end=j), j


# ---------------------------------------------------------------- cutting a row into cells


class _RowSplitter:
    def __init__(
        self,
        roles: list[str],
        bigrams: Counter,
        registry: UnitRegistry | None,
        cases: tuple[Counter, Counter] | None = None,
    ):
        self.roles = roles
        self.lower, self.upper = cases or (Counter(), Counter())
        self.bigrams = bigrams
        self.registry = registry
        self._scores: dict[tuple[str, str, bool], float] = {}
        self.open_end = False  # more segments follow: a cell may still go on after a page break
        self.local: Counter = Counter()
        self.widths: dict[str, float] = {}  # longest plausible line per column, learnt on a first pass
        self.fill: dict[str, float] = {}  # how full a wrapped line of the column usually is

    def bigram(self, a: str, b: str) -> float:
        # The row's own glued lines must not vouch for themselves ("hóa Bỉ ứng" is three cells).
        pair = (_word_key(a), _word_key(b))
        c = self.bigrams.get(pair, 0) - self.local.get(pair, 0)
        return min(3.0, math.log1p(c))

    def text_score(self, role: str, text: str) -> float:
        key = (role, text, self.open_end)
        if key not in self._scores:
            self._scores[key] = self._text_score(role, text)
        return self._scores[key]

    def _text_score(self, role: str, text: str) -> float:
        words = text.split()
        s = 0.0
        if not self.open_end and (text[-1] in ",;/-–(" or words[-1].lower() in _FUNCTION_WORDS):
            s -= 3.0
        if role in ("lead", "coordinating", "note"):
            units = split_units(text, self.registry)
            unitish = 0.0
            for u in units:
                if self.registry is not None and self.registry.match(u):
                    unitish += 1.5
                elif starts_unit(u, self.registry) and len(u.split()) >= 2:
                    unitish += 0.5
                else:
                    unitish -= 3.0
                if len(u.split()) > 16:
                    unitish -= 2.0
            # A second name glued on without a separator is how a cut in the wrong place looks.
            unitish -= 3.0 * inner_unit_breaks(text)
            if role != "note":
                s += unitish
            elif unitish > 0 and not re.search(r"[.:]\s|^[-–+•]", text):
                s += 0.5 * len(units)  # a notes column that names the responsible units
        elif role == "timeframe":
            kind = parse_timeframe(text)["kind"]
            if kind == "continuous" and len(words) > 4:
                kind = "other"  # "Thường xuyên …" swallowing the next cell's words
            if kind not in (None, "other"):
                s += 3.0
            elif fold(words[0]) in _TIME_WORDS or re.search(r"\b(19|20)\d{2}\b", text):
                s -= 1.0
            else:
                s -= 5.0
            if len(words) > 10:
                s -= 3.0
        elif role in ("products", "partners", "funding"):
            if len(words) <= 8 and parse_timeframe(text)["kind"] not in (None, "other"):
                s -= 4.0
            if role == "partners":
                # Partner names are proper names; a run of lower-case words is someone else's prose.
                for piece in re.split(r",\s*(?=[A-ZĐÀ-Ỹ])", text):
                    if unit_prefix(piece) not in ("các", "những"):
                        lower = sum(1 for w in piece.split() if w[:1].islower())
                        s -= 0.7 * max(0, lower - 2)
            if role == "products":
                for p in split_products(text):
                    if len(p.split()) > 6:
                        s -= 2.0
                if unit_prefix(text) in STRONG_PREFIXES - {"các"} and text[:1].isupper() and len(words) > 1:
                    s -= 2.0
        elif role == "title" and len(words) < 2:
            s -= 2.0
        bullets = re.findall(r"(?:^|\s)[-–•+]\s", text)
        if bullets and not re.match(r"[-–•+]\s", text):
            s -= 1.5  # a bulleted cell starts with its first bullet
        return s

    def split_fragments(self, segments: list[list[str]]) -> list[list[str]]:
        """Each column's lines for one row; later segments (after page breaks) add to the first's cells."""
        segments = [seg for seg in segments if seg]
        self.local = bigram_counts([line for seg in segments for line in seg])
        cells: list[list[str]] = [[] for _ in self.roles]
        for n, seg in enumerate(segments):
            self.open_end = n < len(segments) - 1
            if n == 0:
                cells = self._best_with_tail(seg)
            else:
                _, cells = self._dp(seg, cells, fresh=False)
        return cells

    def _best_with_tail(self, seg: list[str]) -> list[list[str]]:
        score, cells = self._dp(seg, [[] for _ in self.roles], fresh=True)
        tail = seg[-1].split()
        # The bottom line of a row can hold the last words of several taller cells ("hóa Bỉ ứng").
        if len(seg) > 2 and 1 <= len(tail) <= 4 and tail[0][:1].islower():
            base, base_cells = self._dp(seg[:-1], [[] for _ in self.roles], fresh=True)
            best_extra, best_cells = None, None
            for assignment in self._tail_assignments(tail, base_cells):
                extra = 0.0
                new = [list(c) for c in base_cells]
                for col, frag in assignment:
                    # Words of the bottom line stay together only when the document pairs them.
                    ws = frag.split()
                    extra += sum(_JOIN * self.bigram(a, b) - 0.5 for a, b in pairwise(ws))
                    extra -= self._width_cost(self.roles[col], [frag])
                    prev = " ".join(new[col])
                    join = self.bigram(prev.split()[-1], frag.split()[0])
                    # An unpaired word goes to a names column more readily when it is capitalised.
                    names = (
                        self.roles[col] in ("partners", "lead", "coordinating", "note") and frag[:1].isupper()
                    )
                    extra += _JOIN * join if join else (-0.3 if names else -0.5)
                    extra -= self.text_score(self.roles[col], prev)
                    new[col].append(frag)
                    extra += self.text_score(self.roles[col], " ".join(new[col]))
                if best_extra is None or extra > best_extra:
                    best_extra, best_cells = extra, new
            if best_cells is not None and base + best_extra > score + 0.3:
                return best_cells
        return cells

    def _tail_assignments(self, words: list[str], cells: list[list[str]]):
        filled = [k for k, c in enumerate(cells) if c]
        n = len(words)
        for cuts in range(1 << (n - 1)):
            frags, cur = [], [words[0]]
            for k in range(1, n):
                if cuts >> (k - 1) & 1:
                    frags.append(" ".join(cur))
                    cur = []
                cur.append(words[k])
            frags.append(" ".join(cur))
            yield from self._place(frags, filled, 0, [])

    def _place(self, frags, filled, start, acc):
        if not frags:
            yield list(acc)
            return
        for idx in range(start, len(filled)):
            acc.append((filled[idx], frags[0]))
            yield from self._place(frags[1:], filled, idx + 1, acc)
            acc.pop()

    def _dp(self, seg: list[str], prefix: list[list[str]], fresh: bool) -> tuple[float, list[list[str]]]:
        tokens: list[tuple[str, int]] = [(w, li) for li, line in enumerate(seg) for w in line.split()]
        n = len(tokens)
        if n > _MAX_ROW_WORDS:
            # No real row is this long (a missed row start or a pasted text): keep it whole, unsplit.
            cells = [list(p) for p in prefix]
            cells[0].extend(_fragments(tokens, 0, n))
            return -1e6, cells
        bounds = [
            i
            for i in range(n + 1)
            if i in (0, n) or tokens[i][1] != tokens[i - 1][1] or _can_start(tokens[i][0])
        ]
        k = len(self.roles)
        self._spans = _Spans(tokens)
        neg = float("-inf")
        best = [[neg] * (n + 1) for _ in range(k + 1)]
        back: list[list[int]] = [[-1] * (n + 1) for _ in range(k + 1)]
        best[0][0] = 0.0
        for c in range(k):
            role = self.roles[c]
            limit = n if c == 0 or role == "title" else _MAX_CELL_WORDS
            for bi, i in enumerate(bounds):
                if best[c][i] == neg:
                    continue
                if c == k - 1 and i != n:
                    # The last column takes the rest of the row: only its non-empty span can finish it.
                    if not (fresh and i > 0 and not _can_start(tokens[i][0])) and n - i <= limit:
                        sc = best[c][i] + self._cell(c, tokens, i, n, prefix[c], fresh)
                        if sc > best[k][n]:
                            best[k][n], back[k][n] = sc, i
                    continue
                empty = self._cell(c, tokens, i, i, prefix[c], fresh)
                if best[c][i] + empty > best[c + 1][i]:
                    best[c + 1][i], back[c + 1][i] = best[c][i] + empty, i
                if i == n or (fresh and i > 0 and not _can_start(tokens[i][0])):
                    continue
                for j in bounds[bi + 1 :] if c < k - 1 else [n]:  # the last column runs to the end
                    if j - i > limit:
                        break
                    sc = best[c][i] + self._cell(c, tokens, i, j, prefix[c], fresh)
                    if sc > best[c + 1][j]:
                        best[c + 1][j], back[c + 1][j] = sc, i
        cells: list[list[str]] = [list(p) for p in prefix]
        j = n
        spans = []
        for c in range(k, 0, -1):
            i = back[c][j]
            spans.append((c - 1, i, j))
            j = i
        for c, i, j in reversed(spans):
            cells[c].extend(_fragments(tokens, i, j))
        return best[k][n], cells

    def _width_cost(self, role: str, frags: list[str]) -> float:
        """A line much longer than the column's lines elsewhere holds text of another column."""
        limit = self.widths.get(role)
        if not limit:
            return 0.0
        return sum(min(4.0, (len(f) - limit) / 4) for f in frags if len(f) > limit)

    def _cell(self, c: int, tokens, i: int, j: int, prefix: list[str], fresh: bool) -> float:
        role = self.roles[c]
        frags = self._spans.fragments(i, j)
        if not frags:
            return -_EMPTY_COST.get(role, 1.0) if fresh else 0.0
        s = 0.0
        if i > 0 and tokens[i - 1][1] == tokens[i][1]:
            # Cutting inside a line needs a reason, the more so inside a phrase the document uses.
            s -= 0.7 + _JOIN * self.bigram(tokens[i - 1][0], tokens[i][0])
        pieces = prefix + frags
        for a, b in pairwise(pieces):
            s += _JOIN * self.bigram(a.rsplit(None, 1)[-1], b.split(None, 1)[0])
        s -= self._width_cost(role, frags)
        fill = self.fill.get(role)
        if fill:
            # A wrapped line leaves no room for the next word; a short line followed by more text
            # in the same cell means the text after it belongs to another cell.
            for a, b in pairwise(pieces):
                if (
                    len(a) + 1 + len(b.split(None, 1)[0]) < fill
                    and a[-1:] not in ".:;!?"
                    and not re.match(r"[-–+•]\s", b)
                ):
                    s -= 1.0
        if not fresh and role != "title":
            s -= 2.0  # after a page break the tall title cell is what usually goes on
        if role != "title":
            # A common word capitalised at a line start, mid-sentence, usually starts the next cell.
            for a, b in pairwise(pieces):
                w = _word_key(b.split(None, 1)[0])
                if (
                    b[:1].isupper()
                    and a[-1:] not in ".:;!?"
                    and self.lower[w] >= 2
                    and self.lower[w] >= 3 * self.upper[w]
                    and self.bigram(a.rsplit(None, 1)[-1], b.split(None, 1)[0]) == 0
                ):
                    s -= 0.6
        if role == "title":
            # A title line that begins like a unit name is usually the lead column's first line.
            s -= 1.5 * sum(1 for f in frags[1:] if unit_prefix(f) in STRONG_PREFIXES and f[:1].isupper())
        return s + self.text_score(role, " ".join(pieces))


def _can_start(word: str) -> bool:
    ch = word[:1]
    return ch.isupper() or ch.isdigit() or ch in '-–+•(*"“'


class _Spans:
    """``_fragments`` for the many spans of one row the splitter scores: each line's words are joined by
    slices instead of word by word (a row's title column is scored for every span, O(words²))."""

    def __init__(self, tokens: list[tuple[str, int]]):
        self.line: list[int] = []  # token -> its line among the lines that have words
        self.offset: list[int] = []  # token -> its place in that line
        self.words: list[list[str]] = []
        last = None
        for w, li in tokens:
            if li != last:
                self.words.append([])
                last = li
            self.line.append(len(self.words) - 1)
            self.offset.append(len(self.words[-1]))
            self.words[-1].append(w)
        self.whole = [" ".join(ws) for ws in self.words]

    def fragments(self, i: int, j: int) -> list[str]:
        if i >= j:
            return []
        first, last = self.line[i], self.line[j - 1]
        start, end = self.offset[i], self.offset[j - 1] + 1
        if first == last:
            return [" ".join(self.words[first][start:end])]
        return [" ".join(self.words[first][start:]), *self.whole[first + 1: last],
                " ".join(self.words[last][:end])]


def _fragments(tokens, i: int, j: int) -> list[str]:
    frags: list[str] = []
    last = None
    for w, li in tokens[i:j]:
        if li != last:
            frags.append(w)
            last = li
        else:
            frags[-1] += " " + w
    return frags


def split_rows(
    rows: list[RawRow],
    roles: list[str],
    bigrams: Counter,
    registry: UnitRegistry | None,
    cases: tuple[Counter, Counter] | None = None,
    progress=None,
) -> list[dict[str, str]]:
    """Cells of every row: a first pass learns each column's line width, a second uses it."""
    content = [r for r in roles if r != "ref"]
    splitter = _RowSplitter(content, bigrams, registry, cases)
    # Column widths are a property of the table: a sample of rows is enough to learn them.
    step = max(1, len(rows) // 40)
    first = [splitter.split_fragments(row.segments) for row in rows[::step]]
    lengths: dict[str, list[int]] = {r: [] for r in content}
    for cells in first:
        for role, frags in zip(content, cells, strict=True):
            lengths[role].extend(len(f) for f in frags)
    for role, values in lengths.items():
        if len(values) >= 8:
            values.sort()
            splitter.widths[role] = values[int(len(values) * 0.9)] * 1.3 + 3
            splitter.fill[role] = values[int(len(values) * 0.9)] * 0.8
    out = []
    for k, row in enumerate(rows):
        cells = splitter.split_fragments(row.segments)
        out.append({role: clean(" ".join(frags)) for role, frags in zip(content, cells, strict=True)})
        if progress:
            progress(k + 1, len(rows))
    return out
