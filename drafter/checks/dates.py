"""date: the date line against --date, the title's year against the meeting and the body, and
deadlines that lie before the meeting."""

from __future__ import annotations

import datetime as dt
import re

import drafter.checks.units as units
from drafter.analysis.dates import YEAR, YEARS, Deadline, deadlines
from drafter.checks.base import Finding, excerpt, para, sentence, table
from drafter.checks.document import Doc


def run(doc: Doc) -> list[Finding]:
    out = _date_line(doc)
    meeting = doc.meeting_date
    heads = [(i, b.text) for i, b in enumerate(doc.blocks) if b.kind in ("title", "subtitle")]
    reviewing = any(w in "".join(h for _, h in heads) for w in table()["review_words"])
    for i, head in heads:
        for m in YEARS.finditer(head):
            if meeting:
                out += _title_year(i, head, m, meeting, reviewing)
            out += _year_elsewhere(doc, i, head, m)
            out += _year_on_the_page(doc, i, head, m)
    if meeting:
        out += _deadlines(doc, meeting)
    return out


def _date_line(doc: Doc) -> list[Finding]:
    """The date line against --date."""
    given, line = doc.meeting_date_given, doc.date_line
    if not (given and line and given != line):
        return []
    i = next(i for i, b in enumerate(doc.blocks) if b.kind == "date")
    return [
        Finding(
            "date",
            para(i),
            "error",
            f"会议日期不一致：日期行是{line.year}年{line.month}月{line.day}日，"
            f"--date 是{given.year}年{given.month}月{given.day}日",
            doc.text(i),
            0,
            len(doc.text(i)),
        )
    ]


def _title_year(
    i: int, head: str, m: re.Match, meeting: dt.date, reviewing: bool
) -> list[Finding]:
    """A year in the title that is not the meeting's (nor the year before, for a review or
    early in the year, nor the next, late in the year)."""
    year = int(m.group(1))
    allowed = {meeting.year}
    if m.group(2) == "年度" or reviewing or meeting.month <= 2:
        allowed.add(meeting.year - 1)
    if meeting.month >= 11:
        allowed.add(meeting.year + 1)
    if year in allowed:
        return []
    return [
        Finding(
            "date",
            para(i),
            "error",
            f"标题写的是{year}年，会议日期是{meeting.year}年{meeting.month}月{meeting.day}日",
            head,
            m.start(1),
            m.end(1),
        )
    ]


def _year_elsewhere(doc: Doc, i: int, head: str, m: re.Match) -> list[Finding]:
    """The title's words after another year elsewhere: 2023年乡党委… in the title, 2022年乡党委…
    in the body."""
    phrase = re.match(r"[\u4e00-\u9fff]{3,6}", head[m.end() :])
    if not phrase:
        return []
    year = int(m.group(1))
    rx = re.compile(rf"({YEAR})年度?" + re.escape(phrase.group(0)))
    out = []
    quick = units.active()
    for j, b in enumerate(doc.blocks):
        if j == i or b.kind in ("title", "subtitle"):
            continue
        if quick and phrase.group(0) not in doc.texts[j]:
            continue  # the pattern ends with the phrase: no match without it
        for other in rx.finditer(b.text):
            if int(other.group(1)) != year:
                out.append(
                    Finding(
                        "date",
                        para(j),
                        "error",
                        f"年份与标题不一致：标题是{year}年，这里是{other.group(1)}年",
                        excerpt(b.text, other.start(), other.end(), 4),
                        other.start(1),
                        other.end(1),
                    )
                )
    return out


def _year_on_the_page(doc: Doc, i: int, head: str, m: re.Match) -> list[Finding]:
    """The title's words under another year in a title the cleaner took off the page (front
    matter page_titles): the slip is the page's, though the line that showed it is gone."""
    titles = doc.speech.meta.get("page_titles") or []
    rest = head[m.end():]
    out = []
    for other in titles if isinstance(titles, list) else []:
        o = YEARS.search(str(other))
        if o and int(o.group(1)) != int(m.group(1)) and str(other)[o.end():] == rest:
            out.append(Finding(
                "date", para(i), "error",
                f"年份与网页上的另一处标题不一致：标题是{m.group(1)}年，网页上是“{other}”"
                "（清洗时删去，记在文件开头的 page_titles）",
                head, m.start(1), m.end(1)))
    return out


def _deadlines(doc: Doc, meeting: dt.date) -> list[Finding]:
    """Deadlines (6月底前, 2025年6月30日前) that lie before the meeting, in sentences that look
    ahead."""
    out = []
    # Unit by unit (checks/units.py): a deadline holds no 。, and the sentence around it ends at
    # the first sentence mark either side, a 。 at a unit's edge at the latest.
    by_units = doc.hits(("deadlines", meeting), _late_in, meeting) if units.active() else None
    for i in doc.body:
        text = doc.text(i)
        late = (_late_in(text, meeting) if by_units is None else
                [(s + u, e + u, severity, shown) for u, found in by_units.get(i, ())
                 for s, e, severity, shown in found])
        for start, end, severity, shown in late:
            out.append(
                Finding(
                    "date",
                    para(i),
                    severity,
                    f"期限“{shown}”早于会议日期{meeting.year}年{meeting.month}月{meeting.day}日",
                    excerpt(text, start, end, 6),
                    start,
                    end,
                )
            )
    return out


def _late_in(text: str, meeting: dt.date) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, severity, words) of a text's deadlines that lie before the meeting."""
    out = []
    for d in deadlines(text):
        severity = _late(d, text[slice(*sentence(text, d.start, d.end))], meeting)
        if severity:
            out.append((d.start, d.end, severity, d.text))
    return tuple(out)


def _late(d: Deadline, sentence: str, meeting: dt.date) -> str | None:
    """The severity of a deadline that lies before the meeting; None when it does not, or when
    its sentence reports the past."""
    import calendar

    t = table()
    if not 1 <= d.month <= 12 or any(w in sentence for w in t["past_markers"]):
        return None
    if d.year:
        last = calendar.monthrange(d.year, d.month)[1]
        try:
            when = dt.date(d.year, d.month, min(d.day or last, last))
        except ValueError:
            return None
        return "error" if when < meeting else None
    # No year: the meeting's year is meant; a deadline already past is a leftover.
    due = (d.month, d.day or 31)
    if due < (meeting.month, meeting.day) and any(w in sentence for w in t["future_markers"]):
        return "warning"
    return None
