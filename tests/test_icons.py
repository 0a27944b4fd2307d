"""The toolbar's own line icons: drawn at every size, distinct, greyed when disabled."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QIcon, QImage

from ui.app import Session, create_application
from ui.icons import ICON_SIZES, TOOLBAR_DRAWINGS, toolbar_icon


def ink_pixels(image: QImage) -> int:
    return sum(image.pixelColor(x, y).alpha() > 0 for x in range(image.width()) for y in range(image.height()))


@pytest.mark.parametrize("name", sorted(TOOLBAR_DRAWINGS))
def test_each_icon_is_drawn_at_every_size(name: str) -> None:
    create_application()
    icon = toolbar_icon(name)
    assert sorted((size.width(), size.height()) for size in icon.availableSizes()) == [(s, s) for s in ICON_SIZES]
    for size in ICON_SIZES:
        image = icon.pixmap(size, size).toImage()
        # Something is drawn, and it stays inside the square (no pixel on the very border row).
        assert ink_pixels(image) > size
        assert all(image.pixelColor(x, 0).alpha() == 0 for x in range(size))


def test_icons_differ_and_disabled_ones_are_greyed() -> None:
    create_application()
    images = {name: toolbar_icon(name).pixmap(24, 24).toImage() for name in TOOLBAR_DRAWINGS}
    assert len({image.bits().tobytes() for image in images.values()}) == len(images)
    undo = toolbar_icon("undo")
    normal = undo.pixmap(24, 24, QIcon.Mode.Normal).toImage()
    disabled = undo.pixmap(24, 24, QIcon.Mode.Disabled).toImage()
    assert normal != disabled


def test_toolbar_actions_carry_the_icons(session: Session) -> None:
    window = session.window
    for action in (window.new_action, window.open_action, window.save_action, window.undo_action,
                   window.redo_action):
        assert not action.icon().isNull(), action.text()
