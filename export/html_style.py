"""The look of the web page export, stated once for its two forms.

Every element of the page carries a class ("nb-p", "nb-num", …). The full page
states each class's declarations once in its <style>; the "仅正文" variant for a
CMS editor writes the same declarations into each element's style attribute,
because CMS editors (UEditor, KindEditor, TinyMCE as the 专栏 sites configure
them) often strip a pasted <style> but keep inline styles. What inline styles
cannot say (the focus ring of a scrolling table, print rules) is left to the
browser's defaults there.

Fonts: system Chinese sans-serif faces only (no web fonts: the page stays one
file and works offline). 仿宋, the printed body face, has thin strokes that
render faint and uneven on screens, worst for low-vision readers at small sizes;
a screen-hinted sans face (苹方 / 微软雅黑 / 思源黑体 / Noto Sans CJK) is what
people read comfortably on a phone or at 200 % zoom.

Colours keep WCAG 2.1 AA contrast: body text #1a1a1a on white (17.4:1), header
cells #1a1a1a on #f0f0f0 (15.4:1), table rules #767676 (4.5:1). Sizes are in rem
so that the reader's own font size setting is honoured.
"""

from __future__ import annotations

import html

FONT_STACK = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
              '"Noto Sans SC", "WenQuanYi Micro Hei", sans-serif')

_CELL = "border: 1px solid #767676; padding: 0.25rem 0.375rem; vertical-align: middle"

#: The declarations of each class, in the order the <style> states them.
RULES: dict[str, str] = {
    "nianbao-report": (f"font-family: {FONT_STACK}; font-size: 1rem; line-height: 1.75; color: #1a1a1a; "
                       "background: #ffffff; max-width: 60rem; margin: 0 auto; padding: 1rem; "
                       "overflow-wrap: anywhere; box-sizing: border-box"),
    "nb-h1": "font-size: 1.625rem; line-height: 1.5; font-weight: 700; text-align: center; margin: 1rem 0 1.5rem",
    "nb-h2": "font-size: 1.3125rem; line-height: 1.5; font-weight: 700; margin: 2rem 0 0.75rem",
    "nb-h3": "font-size: 1.125rem; line-height: 1.5; font-weight: 700; margin: 1.5rem 0 0.5rem",
    "nb-h4": "font-size: 1rem; line-height: 1.5; font-weight: 700; margin: 1.25rem 0 0.5rem",
    "nb-h5": "font-size: 1rem; line-height: 1.5; font-weight: 700; margin: 1rem 0 0.5rem",
    "nb-h6": "font-size: 1rem; line-height: 1.5; font-weight: 700; margin: 1rem 0 0.5rem",
    "nb-p": "margin: 0.75rem 0; text-indent: 2em",
    "nb-run-in": "font-weight: 700",
    # position: relative makes the box the containing block of the visually hidden 「空」 texts, so
    # that none of them, however far right its cell, widens the page.
    "nb-region": "overflow-x: auto; position: relative; max-width: 100%; margin: 1rem 0 1.5rem",
    "nb-table": ("border-collapse: collapse; width: 100%; font-size: 0.9375rem; line-height: 1.5; "
                 "font-variant-numeric: tabular-nums"),
    "nb-caption": "caption-side: top; text-align: left; font-weight: 700; padding: 0 0 0.5rem",
    # text-wrap: balance breaks a narrow header as the form does ("结果/维持", not "结果维/持").
    "nb-corner": (f"{_CELL}; background: #f0f0f0; font-weight: 400; text-align: center; min-width: 8em; "
                  "text-wrap: balance"),
    "nb-header": (f"{_CELL}; background: #f0f0f0; font-weight: 700; text-align: center; min-width: 3em; "
                  "text-wrap: balance"),
    "nb-label": f"{_CELL}; background: #ffffff; font-weight: 400; text-align: left; min-width: 6em",
    # An outer label of table 三 ("三、本年度办理结果", "（三）不予公开"): a narrow centred column, as on the
    # form, wide enough for "（三）" on one line.
    "nb-label-outer": (f"{_CELL}; background: #ffffff; font-weight: 400; text-align: center; width: 4.5em; "
                       "min-width: 4.5em; text-wrap: balance"),
    "nb-num": f"{_CELL}; text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums",
    "nb-blank": ("position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; "
                 "overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap"),
    # 附图 (export/chart_svg.py): each chart a figure, its numbers in a small table below it.
    "nb-chart": "margin: 1.5rem auto; max-width: 100%",
    "nb-chart-caption": "text-align: center; font-weight: 700; margin: 0.5rem 0",
    "nb-chart-data": "border-collapse: collapse; margin: 0.5rem auto 1rem; font-size: 0.9375rem; line-height: 1.5",
    "nb-chart-th": f"{_CELL}; background: #f0f0f0; font-weight: 700; text-align: left",
    "nb-chart-td": f"{_CELL}; text-align: right; font-variant-numeric: tabular-nums",
    "nb-chart-note": "margin: 0.75rem 0; text-indent: 2em",
    "nb-signature": "margin: 2.5rem 0 1rem; text-align: right",
    "nb-signature-line": "margin: 0; text-indent: 0",
}

#: Only in the full page's <style>: what an inline style attribute cannot say.
PAGE_ONLY = """html { background: #ffffff; }
body { margin: 0; }
.nb-region:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
@media print { .nb-region { overflow: visible; } .nianbao-report { max-width: none; } }"""


def style_sheet() -> str:
    """The full page's style sheet: one rule per class, then the page-only rules."""
    lines = [f".{name} {{ {declarations}; }}" for name, declarations in RULES.items()]
    return "\n".join([*lines, PAGE_ONLY])


class Styler:
    """The attributes that give an element its look: a class alone (full page), or a class and the same
    declarations inline (the 仅正文 variant)."""

    def __init__(self, inline: bool) -> None:
        self.inline = inline

    def attrs(self, name: str) -> str:
        if self.inline:
            return f' class="{name}" style="{html.escape(RULES[name], quote=True)}"'
        return f' class="{name}"'
