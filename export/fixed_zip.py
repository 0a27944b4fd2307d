"""Zip packages whose bytes depend only on their contents: every member with one fixed date and fixed
attributes (zipfile stamps the current time and the file's mode), for the .docx, the .xlsx and the
bundle's .zip alike, so the same report gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

DateTime = tuple[int, int, int, int, int, int]


def fixed_zip(members: Iterable[tuple[str, bytes]], date_time: DateTime, *, external_attr: int,
              create_system: int | None = None, compresslevel: int | None = None) -> bytes:
    """A deflated zip of `members` (name, data) in the order given, each dated `date_time` with
    `external_attr` (and `create_system` when given, else zipfile's for this system)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for name, data in members:
            member = zipfile.ZipInfo(name, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            if create_system is not None:
                member.create_system = create_system
            member.external_attr = external_attr
            target.writestr(member, data, compresslevel=compresslevel)
    return out.getvalue()


def refixed_zip(data: bytes, date_time: DateTime, **options: int) -> bytes:
    """The zip `data` (as a library wrote it) again with `fixed_zip`'s dates and attributes, members in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return fixed_zip(((info.filename, source.read(info)) for info in source.infolist()), date_time, **options)
