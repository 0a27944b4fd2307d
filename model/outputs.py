"""What a command may write where: never over its input, never twice to one file, never over an
existing file unless asked, never a PDF under an .xlsx name.

Pure path logic (no file formats), shared by the command line and, for the same rules, the window.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

#: (path, the suffixes it may have, what kind of file it is in Chinese)
Output = tuple[Path, tuple[str, ...], str]


class OutputRefused(Exception):
    """One Chinese sentence saying why nothing was written."""


def same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` name one file: the same path after links, or one file under two names."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass  # one of them does not exist (yet): compare the paths
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_outputs(inputs: Sequence[Path], outputs: Sequence[Output], overwrite: bool) -> None:
    """OutputRefused unless every output may be written: the right suffix, not an input, not another
    output, and — unless `overwrite` — not an existing file; a read-only file is never replaced."""
    for index, (path, suffixes, kind) in enumerate(outputs):
        if not path.name.lower().endswith(suffixes):
            wanted = " 或 ".join(suffixes)
            raise OutputRefused(f"“{path.name}”不是{kind}的文件名（应以 {wanted} 结尾），未导出。")
        for source in inputs:
            if same_file(path, source):
                raise OutputRefused(f"输出文件“{path.name}”就是输入文件，写入会覆盖它，已拒绝；请另选输出文件名。")
        for other, _suffixes, _kind in outputs[:index]:
            if same_file(path, other):
                raise OutputRefused(f"两个输出都写到了“{path.name}”，已拒绝；请为每种格式指定不同的文件。")
        if os.path.lexists(path):
            if path.is_dir():
                raise OutputRefused(f"“{path}”是一个文件夹，不能写成{kind}。")
            if not overwrite:
                raise OutputRefused(f"“{path}”已存在，未覆盖；确认要覆盖请加 --overwrite。")
            if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                raise OutputRefused(f"“{path}”是只读文件，未覆盖；如确需替换，请先取消其只读属性。")
