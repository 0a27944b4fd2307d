"""When the report must be published (条例 Art. 49): departments of governments by 31 January of
the following year, local people's governments by 31 March.

Judged only from the stated publication date, never from today's: a file gives the same findings
on every PC and every day.
"""

from __future__ import annotations

from datetime import date

from model.report import AgencyKind, Metadata
from model.text_rules import chinese_date

#: (month, day) of the following year by which each kind of agency publishes.
DEADLINES: dict[AgencyKind, tuple[int, int]] = {
    AgencyKind.DEPARTMENT: (1, 31),
    AgencyKind.GOVERNMENT: (3, 31),
}
#: The rule in one sentence, for the metadata editor.
DEADLINE_RULE = "，".join(f"{kind.label}须于次年{month}月{day}日前公布" for kind, (month, day) in DEADLINES.items())


def publication_deadline(year: int, kind: AgencyKind) -> date:
    """The last day for publishing the report of `year` (条例 Art. 49)."""
    month, day = DEADLINES[kind]
    return date(year + 1, month, day)


def is_late(meta: Metadata) -> bool:
    """Whether the stated publication date is after the deadline; False without a date or a year."""
    if meta.published is None or not meta.year_known:
        return False
    return meta.published > publication_deadline(meta.year, meta.kind)


def late_message(meta: Metadata) -> str:
    """The META-LATE message for a report whose stated date `is_late`."""
    assert meta.published is not None
    deadline = publication_deadline(meta.year, meta.kind)
    return (f"基本信息：发布日期为 {chinese_date(meta.published)}，晚于{meta.kind.label}公布 {meta.year} 年度报告的"
            f"期限 {chinese_date(deadline)}（《中华人民共和国政府信息公开条例》第四十九条）；"
            f"如确已按期公布，请核对发布日期。")
