"""Tasks written in the body instead of a table: numbered items with labelled unit and time lines.

Two layouts, one rule. An item owns the labelled lines under it (``- Đơn vị chủ trì: …``, ``- Cơ quan
thực hiện: X chủ trì, phối hợp với Y``, ``- Thời gian thực hiện: …``), whether they are bullets,
plain lines, or numbered sub-headings with bullet lists (``2. Cơ quan chủ trì, phối hợp`` / ``a) Cơ quan
chủ trì`` / ``- …``). The item is a task; its title is its text without the labelled parts, and its
groups are the numbered headings above it that are not document sections.

Evidence, not wording: a label is a line whose words are all label words (``columns.label_roles``),
and an item is a task only when it owns a unit or time label. Items of the same numbering level just
before an item with labels, and without labels of their own, share its block (the text writes one
``Cơ quan thực hiện`` block for several items). Sections that describe the plan rather than list its
work (purpose, requirements, funding, ``Tổ chức thực hiện`` with each unit's duties) are skipped.

A document whose task part is such a body may carry a sibling part of plain numbered priorities
(``C. CÁC NHIỆM VỤ TRỌNG TÂM``): those items are tasks too, without units, their time
taken from a closing parenthesis that reads as a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.core.text import fold

from .build import Context, build_task, monitoring_sentence
from .columns import label_roles
from .model import ParsedTask
from .outline import Node
from .textutil import clean
from .timeframe import parse_timeframe

UNIT_ROLES = {"lead", "coordinating", "timeframe", "monitoring"}
_BULLETS = ("dash", "plus", "star", "bullet")
_DECOY = re.compile(
    r"\b(to chuc thuc hien|trach nhiem thuc hien|trach nhiem cua|muc dich|muc tieu|yeu cau|kinh phi|"
    r"che do bao cao|che do thong tin bao cao|can cu|de cuong|mau bao cao|bieu mau|hieu luc|dieu khoan|"
    r"noi nhan|quan diem|boi canh|danh gia tinh hinh|ket qua thuc hien)\b"
)
_WORK = re.compile(r"\b(nhiem vu|noi dung|giai phap|hoat dong|trong tam|cong viec)\b")
_TIME_WORDS = re.compile(r"\b(19|20)\d{2}\b|\b(quý|tháng|năm|thường xuyên|hằng năm|hàng năm)\b", re.I)


def is_decoy(node: Node) -> bool:
    """A section about the plan itself (purpose, requirements, funding, who does what in general)."""
    if node.style in ("root", "table") or node.style in _BULLETS:
        return False
    if not node.is_section and len(node.text.split()) > 12:
        return False  # an item's own sentence, not a section heading
    key = fold(node.text)
    if not _DECOY.search(key):
        return False
    if "to chuc thuc hien" in key or "trach nhiem" in key:
        return True
    return not _WORK.search(key)


def label_of(text: str) -> tuple[list[str], str] | None:
    """``Đơn vị chủ trì: X`` -> (["lead"], "X"); ``Cơ quan chủ trì, phối hợp`` -> (["lead", "coordinating"], "")."""
    text = clean(text)
    if text.startswith("("):
        return None  # "(phối hợp)." is a role marker carried onto its own line, not a label
    m = re.match(r"^(?P<label>[^:]{2,70}?)\s*:\s*(?P<value>.*)$", text)
    if m:
        roles = label_roles(m["label"])
        if roles:
            return roles, m["value"]
    roles = label_roles(text.rstrip(" .:;"))
    if roles:
        return roles, ""
    return None


@dataclass
class _Block:
    """What an item's labelled lines say."""

    values: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    monitoring: list[str] = field(default_factory=list)

    def add(self, role: str, text: str) -> None:
        text = clean(text)
        if text:
            self.values.setdefault(role, []).append(text)

    @property
    def owns(self) -> bool:
        return bool(set(self.values) & UNIT_ROLES) or bool(self.monitoring)


def _is_note_line(text: str) -> bool:
    """A line in a unit block that is a remark, not names: "(Văn phòng …, cơ quan thường trực …)"."""
    text = clean(text)
    # "(phối hợp)." wrapped onto its own line is a role marker, part of the names before it.
    return text.startswith("(") and not re.match(r"^\((?:đơn vị |cơ quan )?(?:chủ trì|phối hợp|đầu mối)\)", text)


def _collect(node: Node, roles: list[str], inline: str, block: _Block, whole: str) -> None:
    """The value of a label: its inline text, then its body lines and bullets (or sub-labels)."""
    if "assignment" in roles:
        roles = ["lead", "coordinating"] + [
            r for r in roles if r not in ("assignment", "lead", "coordinating")
        ]
    targets = [r for r in roles if r != "content"]
    if roles == ["content"]:
        return  # "Nội dung, biện pháp": the task's own text, not kept apart
    role = targets[0] if targets else None
    if role == "lead" and "lead" in block.values:
        block.notes.append(whole)  # a second "… thực hiện" line beside the lead: kept as a note
        return
    pieces: list[tuple[str | None, str]] = []
    if inline:
        pieces.append((role, inline))
    for item in node.content():
        if isinstance(item, Node):
            if item.style == "table":
                continue
            sub = label_of(item.text)
            if sub and set(sub[0]) & (UNIT_ROLES | {"products", "funding", "note"}):
                _collect(item, sub[0], sub[1], block, item.text)
                continue
            text = item.text
            if pieces and item.style in _BULLETS and text[:1].islower():
                last_role, last = pieces[-1]
                pieces[-1] = (last_role, f"{last} {text}")  # a name broken over two lines
            else:
                pieces.append((role, text))
            # Lines under a bullet: the rest of its names (a wrapped line), or a remark of their own.
            for line in item.body:
                if pieces and not _is_note_line(line):
                    last_role, last = pieces[-1]
                    pieces[-1] = (last_role, f"{last} {line}")
                else:
                    pieces.append((role, line))
            for sub in item.children:
                if sub.style != "table":
                    pieces.append((role, sub.text_all()))
        else:
            # A line that goes on from the one before (a wrapped value) joins it; a line after a value
            # that ended with its full stop or semicolon, or a remark in brackets, stands alone.
            if pieces and not _is_note_line(item) and (item[:1].islower() or not re.search(r"[.;]\s*$", pieces[-1][1])):
                last_role, last = pieces[-1]
                pieces[-1] = (last_role, f"{last} {item}")
            else:
                pieces.append((role, item))
    for r, text in pieces:
        if r is None:
            continue
        if r in ("lead", "coordinating", "monitoring") and _is_note_line(text):
            block.notes.append(text)
            continue
        if roles == ["lead", "coordinating"] and r == "lead" and re.search(r"\bphối hợp\b", text):
            block.add("lead", text)  # "X chủ trì, phối hợp với Y": split when the task is built
            continue
        block.add(r, text)


def _read_item(node: Node, ctx: Context) -> tuple[list[str], _Block]:
    """An item's own text (title parts) and its labelled block."""
    title = [node.text]
    block = _Block()
    in_labels = False
    for item in node.content():
        if isinstance(item, Node):
            if item.style == "table":
                continue
            lab = label_of(item.text)
            if lab:
                _collect(item, lab[0], lab[1], block, item.text)
                in_labels = True
                continue
            monitors = monitoring_sentence(item.text, ctx) if item.style in _BULLETS else None
            if monitors:
                block.monitoring.extend(monitors)
                continue
            if in_labels and item.style in _BULLETS and item.text[:1].islower():
                _continue_last(block, item.text_all())
                continue
            if not in_labels:
                title.append(item.text_all(with_label=True))
        else:
            lab = label_of(item)
            if lab:
                _collect(Node("plain", "", "", -1), lab[0], lab[1], block, item)
                in_labels = True
                continue
            monitors = monitoring_sentence(item, ctx)
            if monitors:
                block.monitoring.extend(monitors)
                continue
            if in_labels:
                _continue_last(block, item)
            else:
                title.append(item)
    return title, block


def _continue_last(block: _Block, text: str) -> None:
    for role in reversed(list(block.values)):
        if block.values[role]:
            block.values[role][-1] = clean(f"{block.values[role][-1]} {text}")
            return


def _values(block: _Block) -> dict[str, str]:
    out = {
        role: "; ".join(texts) if role in ("lead", "coordinating", "monitoring") else " ".join(texts)
        for role, texts in block.values.items()
    }
    return out


def _groups(node: Node) -> list[str]:
    path = []
    for anc in node.ancestors():
        if anc.is_section or anc.style in _BULLETS or anc.style == "plain":
            continue
        path.append(anc.label)
    return list(reversed(path))


def _under_decoy(node: Node) -> bool:
    return is_decoy(node) or any(is_decoy(a) for a in node.ancestors())


def tasks_from_outline(root: Node, ctx: Context) -> list[ParsedTask]:
    items: dict[int, tuple[Node, list[str], _Block]] = {}
    for node in root.walk():
        if node.style in ("root", "table", "appendix", "article") or node.style in _BULLETS:
            continue
        if label_of(node.text) or _under_decoy(node):
            continue
        title, block = _read_item(node, ctx)
        if block.owns:
            items[id(node)] = (node, title, block)
    if not items:
        return []
    owners = [entry[0] for entry in items.values()]
    owner_ids = {id(n) for n in owners}
    # Items just before an owner, at its level and without labels, share its block.
    shared: dict[int, tuple[Node, list[str], _Block]] = {}
    for owner in owners:
        siblings = owner.parent.children if owner.parent else []
        k = siblings.index(owner)
        j = k - 1
        while j >= 0:
            sib = siblings[j]
            if (
                sib.style != owner.style
                or id(sib) in owner_ids
                or any(id(d) in owner_ids for d in sib.walk())
            ):
                break
            title, own = _read_item(sib, ctx)
            if own.values or _under_decoy(sib) or label_of(sib.text):
                break
            shared[id(sib)] = (sib, title, items[id(owner)][2])
            j -= 1
    chosen = {**items, **shared}
    # An owner inside another owner: the inner one is a detail of the outer task.
    tasks: list[ParsedTask] = []
    for node in root.walk():
        entry = chosen.get(id(node))
        if entry is None or any(id(a) in chosen for a in node.ancestors()):
            continue
        node, title, block = entry
        values = _values(block)
        values["title"] = " ".join(title)
        task = build_task(_groups(node), node.number, values, ctx, [node.label])
        for note in block.notes:
            task.note = clean(f"{task.note} {note}") if task.note else clean(note)
        task.monitoring = list(dict.fromkeys(task.monitoring + block.monitoring))
        task.sections = [a.label for a in node.ancestors() if a.is_section]
        if id(node) in shared:
            task.flags.append("shared_block")
        tasks.append(task)
    tasks.extend(_priorities(root, chosen, ctx))
    return tasks


def _part(node: Node) -> Node | None:
    """The outermost document section an item sits in."""
    top = None
    for anc in node.ancestors():
        if anc.is_section and anc.style in ("upper", "roman"):
            top = anc
    return top


def _priorities(root: Node, chosen: dict, ctx: Context) -> list[ParsedTask]:
    parts = {id(p): p for p in (_part(entry[0]) for entry in chosen.values()) if p is not None}
    if not parts:
        return []
    tasks: list[ParsedTask] = []
    for part in list(parts.values())[:1]:
        parent = part.parent
        for sib in parent.children if parent else []:
            if sib is part or id(sib) in parts or sib.style != part.style or not sib.is_section:
                continue
            if is_decoy(sib) or not _WORK.search(fold(sib.text)):
                continue
            if any(id(n) in chosen for n in sib.walk()):
                continue
            items = [c for c in sib.children if c.style == "num"]
            if len(items) < 2:
                continue
            for item in items:
                text = item.text_all()
                values = {"title": text, "timeframe": _closing_time(text) or ""}
                tasks.append(build_task(_groups(item), item.number, values, ctx, [item.label]))
    return tasks


def _closing_time(text: str) -> str | None:
    m = re.search(r"\(([^()]{3,80})\)\s*[.;]?\s*$", text)
    if not m or not _TIME_WORDS.search(m[1]):
        return None
    inner = clean(m[1])
    if parse_timeframe(inner)["kind"] == "other" and not re.search(r"\b(19|20)\d{2}\b", inner):
        return None
    return inner
