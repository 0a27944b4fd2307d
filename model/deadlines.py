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


def effective_deadline(meta: Metadata) -> tuple[date, bool]:
    """The deadline META-LATE judges by, and whether it is the local one: the earlier of the statutory
    deadline and `meta.local_deadline` (a province may require submission earlier, never later)."""
    statutory = publication_deadline(meta.year, meta.kind)
    if meta.local_deadline is not None and meta.local_deadline < statutory:
        return meta.local_deadline, True
    return statutory, False


def is_late(meta: Metadata) -> bool:
    """Whether the stated publication date is after the deadline (the earlier of the statutory and the
    local one); False without a date or a year."""
    if meta.published is None or not meta.year_known:
        return False
    return meta.published > effective_deadline(meta)[0]


def late_message(meta: Metadata) -> str:
    """The META-LATE message for a report whose stated date `is_late`; it says which deadline was missed."""
    assert meta.published is not None
    deadline, local = effective_deadline(meta)
    published = f"基本信息：发布日期为 {chinese_date(meta.published)}，"
    if local:
        statutory = publication_deadline(meta.year, meta.kind)
        return (published + f"晚于本地要求的期限 {chinese_date(deadline)}（早于《中华人民共和国政府信息公开条例》"
                f"第四十九条规定的{meta.kind.label}期限 {chinese_date(statutory)}）；"
                f"如确已按期公布，请核对发布日期或本地期限。")
    return (published + f"晚于{meta.kind.label}公布 {meta.year} 年度报告的"
            f"期限 {chinese_date(deadline)}（《中华人民共和国政府信息公开条例》第四十九条）；"
            f"如确已按期公布，请核对发布日期。")


def deadline_status(meta: Metadata, today: date) -> str:
    """For the metadata tab only (never a finding: findings do not depend on the day):
    「公布期限：2027年1月31日，还有 61 天」, 「公布期限：…，今天到期」 or 「…，已超过期限 3 天」;
    empty without a report year."""
    if not meta.year_known:
        return ""
    deadline, local = effective_deadline(meta)
    which = "本地要求的期限" if local else "公布期限"
    days = (deadline - today).days
    if days > 0:
        left = f"还有 {days} 天"
    elif days == 0:
        left = "今天到期"
    else:
        left = f"已超过期限 {-days} 天"
    return f"{which}：{chinese_date(deadline)}，{left}"
