"""The roll-up of a batch as a project file (`main.py batch FOLDER -o 汇总.nianbao.json`): tables 二、三、四
summed over the batch's reports, in the official layout, to open in the editor, finish and export like
any report. Registered as Purpose.WRITE_BATCH_ROLLUP; 工具 → 批量检查 → 打开汇总报告 does the same in the
window (the person saves it there).
"""

from __future__ import annotations

from pathlib import Path

from model.batch_types import BatchResult
from model.projectfile import ProjectFileError, save


def export_rollup_project(result: BatchResult, path: Path) -> None:
    """Write `result.rollup` to `path` atomically (model.projectfile.save); ProjectFileError, in Chinese,
    when the batch has nothing summed."""
    if result.rollup is None:
        raise ProjectFileError(path, "没有可汇总的报告", action="写出")
    save(result.rollup, path)
