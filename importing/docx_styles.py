"""How Word formats a paragraph, from styles.xml and numbering.xml: the heading level and alignment
and boldness a style gives (following w:basedOn), and the list numbers Word shows but the text does
not hold ("一、", "（一）"). With the small helpers that read OOXML by local name, whatever
namespace prefix (Word's w:, WPS's own) the file uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Numbering", "Styles", "as_int", "attribute", "child", "is_on", "local_name", "num_pr",
           "numbering_root"]

_FALSE = {"0", "false", "off", "none"}
#: Style names (lower case, spaces removed) that mark a title or a heading level.
_TITLE_NAMES = {"title", "标题"}
_HEADING_PREFIXES = ("heading", "标题")


def local_name(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or a processing instruction
    return tag.rpartition("}")[2]


def attribute(element: Any, name: str) -> str | None:
    """An attribute by local name, whatever namespace its prefix stands for."""
    for key, value in element.attrib.items():
        if key.rpartition("}")[2] == name:
            return str(value)
    return None


def child(element: Any, name: str) -> Any:
    if element is None:
        return None
    return next((c for c in element if local_name(c) == name), None)


def is_on(element: Any) -> bool:
    """A toggle property (w:b, w:vanish) that is present and not switched off."""
    return element is not None and (attribute(element, "val") or "true").lower() not in _FALSE


def as_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # w:outlineLvl as written (0 is Heading 1)
    centred: bool | None
    bold: bool | None
    numbering: tuple[str, int] | None = None  # (w:numId, w:ilvl) of the style's w:numPr


class Styles:
    """The paragraph styles' heading level, alignment and boldness, following w:basedOn."""

    def __init__(self, root: Any) -> None:
        self._styles: dict[str, _Style] = {}
        for style in root:
            if local_name(style) != "style":
                continue
            style_id = attribute(style, "styleId") or ""
            name_element = child(style, "name")
            ppr = child(style, "pPr")
            rpr = child(style, "rPr")
            outline = child(ppr, "outlineLvl")
            jc = child(ppr, "jc")
            bold = child(rpr, "b")
            based = child(style, "basedOn")
            self._styles[style_id] = _Style(
                name=(attribute(name_element, "val") or "") if name_element is not None else "",
                based_on=attribute(based, "val") if based is not None else None,
                outline=as_int(attribute(outline, "val"), 9) if outline is not None else None,
                centred=(attribute(jc, "val") in ("center", "centre")) if jc is not None else None,
                bold=is_on(bold) if bold is not None else None,
                numbering=num_pr(ppr))

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        while style_id is not None and style_id in self._styles and len(chain) < 20:
            style = self._styles[style_id]
            chain.append(style)
            style_id = style.based_on
        return chain

    def heading(self, style_id: str | None) -> int | None:
        for style in self._chain(style_id):
            level = _heading_from_name(style.name)
            if level is not None:
                return level
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
        return None

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        return next((s.numbering for s in self._chain(style_id) if s.numbering is not None), None)

    def centred(self, style_id: str | None) -> bool:
        return next((s.centred for s in self._chain(style_id) if s.centred is not None), False)

    def bold(self, style_id: str | None) -> bool:
        return next((s.bold for s in self._chain(style_id) if s.bold is not None), False)


def _heading_from_name(name: str) -> int | None:
    key = name.lower().replace(" ", "")
    if key in _TITLE_NAMES:
        return 0
    for prefix in _HEADING_PREFIXES:
        if key.startswith(prefix) and key[len(prefix):].isdigit():
            return int(key[len(prefix):])
    return None


def num_pr(ppr: Any) -> tuple[str, int] | None:
    """(w:numId, w:ilvl) of a paragraph's or style's w:numPr, None when it has none."""
    num_pr = child(ppr, "numPr")
    if num_pr is None:
        return None
    num_id = child(num_pr, "numId")
    level = child(num_pr, "ilvl")
    return (attribute(num_id, "val") or "0" if num_id is not None else "",
            min(8, max(0, as_int(attribute(level, "val") if level is not None else None, 0))))


def numbering_root(document: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    except KeyError:
        return None  # no list numbering in the document


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str  # w:lvlText: "%1、", "（%2）"
    suffix: str  # w:suff: tab, space or nothing


@dataclass
class _List:
    levels: dict[int, _Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * 9)


_CHINESE_DIGITS = "零一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
                    "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"}


def _chinese(number: int) -> str:
    """一 … 九十九 as Chinese reports count their sections and items (十一, 二十)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    return (("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" if tens else "") + (
        _CHINESE_DIGITS[units] if units else "")


def _formatted(number: int, kind: str) -> str:
    if kind in _CHINESE_FORMATS:
        return _chinese(number)
    if kind == "ideographTraditional" and 0 < number <= 10:
        return _HEAVENLY_STEMS[number - 1]
    if kind in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < number <= 20:
        return chr(0x2460 + number - 1)
    if kind in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(number))
    if kind in ("upperLetter", "lowerLetter") and number > 0:
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if kind == "upperLetter" else letter.lower()
    if kind in ("upperRoman", "lowerRoman") and 0 < number < 40:
        roman = "X" * (number // 10) + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][number % 10]
        return roman if kind == "upperRoman" else roman.lower()
    if kind == "decimalZero":
        return f"{number:02d}"
    return str(number)


class Numbering:
    """Word's list numbering, which the paragraphs' text does not hold: "一、" before 总体情况,
    "（一）" before 主动公开, when the author let Word number the headings."""

    def __init__(self, root: Any, styles: Styles) -> None:
        self.styles = styles
        abstract: dict[str, dict[int, _Level]] = {}
        self.lists: dict[str, _List] = {}
        if root is None:
            return
        for element in root:
            if local_name(element) == "abstractNum":
                abstract[attribute(element, "abstractNumId") or ""] = {
                    min(8, max(0, as_int(attribute(level, "ilvl"), 0))): _level(level)
                    for level in element if local_name(level) == "lvl"}
        for element in root:
            if local_name(element) != "num":
                continue
            base = child(element, "abstractNumId")
            levels = dict(abstract.get(attribute(base, "val") or "" if base is not None else "", {}))
            for override in (o for o in element if local_name(o) == "lvlOverride"):
                level_number = min(8, max(0, as_int(attribute(override, "ilvl"), 0)))
                start = child(override, "startOverride")
                if start is not None and level_number in levels:
                    old = levels[level_number]
                    levels[level_number] = _Level(as_int(attribute(start, "val"), old.start), old.format, old.text,
                                                  old.suffix)
            self.lists[attribute(element, "numId") or ""] = _List(levels)

    def label(self, paragraph: Any) -> str:
        """The number Word shows before `paragraph` ("" when none), counting it."""
        ppr = child(paragraph, "pPr")
        reference = num_pr(ppr)
        if reference is None:
            style = child(ppr, "pStyle")
            reference = self.styles.numbering(attribute(style, "val") if style is not None else None)
        if reference is None or reference[0] in ("", "0") or reference[0] not in self.lists:
            return ""
        numbered = self.lists[reference[0]]
        level_number = reference[1]
        level = numbered.levels.get(level_number)
        if level is None:
            return ""
        counters = numbered.counters
        current = counters[level_number]
        counters[level_number] = level.start if current is None else current + 1
        for deeper in range(level_number + 1, 9):
            counters[deeper] = None  # a sub-list starts again under each new item
        if level.format == "bullet":
            return ""  # a bullet sign is no part of the text
        text = level.text
        for index in range(9):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                shown = numbered.levels.get(index)
                counted = counters[index]
                value = counted if counted is not None else (shown.start if shown else 1)
                text = text.replace(placeholder, "" if level.format == "none" else
                                    _formatted(value, shown.format if shown else "decimal"))
        if not text or level.suffix == "nothing" or not text[-1].isalnum():
            return text  # "一、", "（一）": the punctuation already separates the number from the text
        return text + " "


def _level(element: Any) -> _Level:
    start = child(element, "start")
    kind = child(element, "numFmt")
    text = child(element, "lvlText")
    suffix = child(element, "suff")
    return _Level(start=as_int(attribute(start, "val") if start is not None else None, 1),
                  format=(attribute(kind, "val") or "decimal") if kind is not None else "decimal",
                  text=(attribute(text, "val") or "") if text is not None else "",
                  suffix=(attribute(suffix, "val") or "tab") if suffix is not None else "tab")
