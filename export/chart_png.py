"""The charts (附图) as PNG images for the Word document, painted with Pillow.

The same geometry as the PDF's vector drawing and the web page's SVG (export/chart_layout.py: points,
y downwards from the top) is painted straight onto a Pillow image — no PDF rasteriser, which the
built app cannot afford to ship. Boxes and rules are painted at SUPERSAMPLE times the size and
averaged down, so that the 0.5 pt rules and the bar edges are smooth at any dpi; the text is
FreeType's, anti-aliased and hinted at the final size, in the table role's font, character by
character in the PDF's fallback fonts (FontSet.runs: a character the font lacks in the first font
that has it, "〓" when none has it). Deterministic: FreeType's basic layout (not raqm, which a build
may lack), fixed compression, and no chunk but the image and its resolution (pHYs: Word sizes it
by it).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from export.chart_layout import Box, Label, Rule, Scene, layout
from export.charts import ChartSpec
from export.font_files import bundled_fonts_dir, font_source
from export.fonts import FontChoice, FontRole, FontSet, bundled_fonts
from model.font_roles import BUNDLED_FONTS

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

DPI = 200
POINTS_PER_INCH = 72.0
MM_PER_INCH = 25.4
#: Painted at this multiple of the final size, then scaled down: smooth edges for sub-pixel rules.
SUPERSAMPLE = 3
ROLE = FontRole.TABLE


def pixel_width(width_mm: float, dpi: int = DPI) -> int:
    """The width in pixels of a chart image `width_mm` wide at `dpi`."""
    return round(width_mm / MM_PER_INCH * dpi)


def chart_pngs(spec_list: Sequence[ChartSpec], width_mm: float = 156, *, fonts: FontSet | None = None,
               dpi: int = DPI) -> list[tuple[bytes, ChartSpec]]:
    """A PNG of each chart, `width_mm` wide at `dpi` (its height follows from the chart), with its spec
    (for the caption and the text alternative). `fonts` defaults to the bundled fonts, the same image
    on every PC; pass the PDF's font set for the fonts of this PC."""
    if not spec_list:
        return []
    painter = _Painter(fonts or bundled_fonts(), dpi)
    return [(painter.png(spec, width_mm), spec) for spec in spec_list]


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Painter:
    """Paints scenes in one font set at one resolution. Its FreeType fonts are its own (one painter per
    call), so that calls on several threads share no font object."""

    def __init__(self, fonts: FontSet, dpi: int) -> None:
        self.fonts = fonts
        self.dpi = dpi
        #: Pixels per point on the image being painted (the supersampled one, then the final one).
        self.scale = dpi / POINTS_PER_INCH
        self._by_name: dict[str, FontChoice] = {}
        self._faces: dict[tuple[str, float], ImageFont.FreeTypeFont] = {}

    def png(self, spec: ChartSpec, width_mm: float) -> bytes:
        pixels = pixel_width(width_mm, self.dpi)
        scene = layout(spec, pixels * POINTS_PER_INCH / self.dpi)
        image = self.paint(scene, (pixels, round(scene.height / POINTS_PER_INCH * self.dpi)))
        out = io.BytesIO()
        # Only IHDR, pHYs, IDAT and IEND: Pillow writes no time or text chunk unless asked to.
        image.save(out, format="PNG", dpi=(self.dpi, self.dpi), optimize=False, compress_level=6)
        return out.getvalue()

    def paint(self, scene: Scene, size: tuple[int, int]) -> Image.Image:
        """The scene on an image of `size` pixels: the boxes and rules painted SUPERSAMPLE times as large
        and averaged down (a box filter: exact colours inside the bars, smooth edges, and fast), then
        the labels, which come last in the scene's order, at the final size where FreeType hints them."""
        from PIL import Image, ImageDraw

        width, height = size
        self.scale = self.dpi / POINTS_PER_INCH * SUPERSAMPLE
        large = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), "white")
        draw = ImageDraw.Draw(large)
        for shape in scene.shapes:
            if isinstance(shape, Box):
                self._rectangle(draw, shape.x, shape.y, shape.x + shape.width, shape.y + shape.height, shape.fill)
            elif isinstance(shape, Rule):
                self._rule(draw, shape)
        image = large.reduce(SUPERSAMPLE)
        self.scale = self.dpi / POINTS_PER_INCH
        draw = ImageDraw.Draw(image)
        for shape in scene.shapes:
            if isinstance(shape, Label):
                self._label(draw, shape)
        return image

    def _rectangle(self, draw: ImageDraw.ImageDraw, left: float, top: float, right: float, bottom: float,
                   colour: str) -> None:
        """Fills the area from (left, top) to (right, bottom) in points, at least a pixel each way."""
        x0, y0 = round(left * self.scale), round(top * self.scale)
        x1 = max(x0, round(right * self.scale) - 1)  # Pillow's rectangle includes its far edge
        y1 = max(y0, round(bottom * self.scale) - 1)
        draw.rectangle((x0, y0, x1, y1), fill=_hex(colour))

    def _rule(self, draw: ImageDraw.ImageDraw, rule: Rule) -> None:
        """The layout's rules are horizontal or vertical: each is a rectangle `width` thick about its line."""
        half = rule.width / 2
        if rule.x1 == rule.x2:
            self._rectangle(draw, rule.x1 - half, min(rule.y1, rule.y2), rule.x1 + half, max(rule.y1, rule.y2),
                            rule.colour)
        elif rule.y1 == rule.y2:
            self._rectangle(draw, min(rule.x1, rule.x2), rule.y1 - half, max(rule.x1, rule.x2), rule.y1 + half,
                            rule.colour)
        else:  # not made by the layout today; drawn plainly should it ever be
            points = [(rule.x1 * self.scale, rule.y1 * self.scale), (rule.x2 * self.scale, rule.y2 * self.scale)]
            draw.line(points, fill=_hex(rule.colour), width=max(1, round(rule.width * self.scale)))

    def _label(self, draw: ImageDraw.ImageDraw, label: Label) -> None:
        runs = [(text, self._face(font_name, label.size)) for text, font_name in self.fonts.runs(ROLE, label.text)]
        width = sum(face.getlength(text) for text, face in runs)
        x = label.x * self.scale
        if label.anchor == "middle":
            x -= width / 2
        elif label.anchor == "end":
            x -= width
        baseline = label.y * self.scale
        colour = _hex(label.colour)
        for text, face in runs:
            draw.text((x, baseline), text, font=face, fill=colour, anchor="ls")
            x += face.getlength(text)

    def _face(self, font_name: str, size: float) -> ImageFont.FreeTypeFont:
        """The FreeType font for a font of the set (by its registered name) at `size` points."""
        key = (font_name, size)
        face = self._faces.get(key)
        if face is None:
            sized = next((f for (name, _size), f in self._faces.items() if name == font_name), None)
            # Another size of an open font: a copy of it, the file not read (or decompressed) again.
            pixels = size * self.dpi / POINTS_PER_INCH
            face = (sized.font_variant(size=pixels) if sized is not None
                    else _freetype(self._choice(font_name), pixels))
            self._faces[key] = face
        return face

    def _choice(self, font_name: str) -> FontChoice | None:
        """The choice of the set registered as `font_name`: one of the faces FontSet.runs tries for the
        role, in its order (each of them already loaded to find the run)."""
        if font_name not in self._by_name:
            own = self.fonts.choice(ROLE).faces()
            for choice in (*own, *self.fonts.fallbacks, *(f for c in self.fonts.choices.values() for f in c.faces())):
                if choice.font_name == font_name:
                    self._by_name[font_name] = choice
                    break
        return self._by_name.get(font_name)


def _freetype(choice: FontChoice | None, pixels: float) -> ImageFont.FreeTypeFont:
    """`choice`'s file as a FreeType font `pixels` to the em; the table role's bundled face if the
    file cannot be opened (gone since it was chosen, or a format FreeType refuses)."""
    from PIL import ImageFont

    bundled = bundled_fonts_dir() / BUNDLED_FONTS[ROLE]
    if choice is not None and choice.path != bundled:
        try:
            return ImageFont.truetype(_source(choice.path), pixels, index=choice.subfont_index,
                                      layout_engine=ImageFont.Layout.BASIC)
        except OSError:
            pass
    return ImageFont.truetype(_source(bundled), pixels, layout_engine=ImageFont.Layout.BASIC)


def _source(path: Path) -> str | io.BytesIO:
    """What FreeType opens: the path, or a bundled file's decompressed copy (font_source: the built
    app may ship it gzip-compressed)."""
    return font_source(path) if path.parent == bundled_fonts_dir() else str(path)


__all__ = ["DPI", "chart_pngs", "pixel_width"]
