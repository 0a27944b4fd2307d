"""Writing the user's files: what may be written where (model/outputs.py) and how a failed write is
told (model/atomicfile.WriteError): in Chinese, naming the user's file, never the temporary one."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from export.fonts import bundled_fonts
from export.pdf import export_pdf
from model import atomicfile
from model.atomicfile import WriteError, write_atomic
from model.outputs import OutputRefused, check_outputs
from model.report import Metadata, Report

PDF = ((".pdf",), "PDF 文件")


def test_a_full_disk_is_said_in_chinese_naming_the_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"old")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomicfile.os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == "无法写入“报告.pdf”：磁盘已满，原文件未改动"
    assert ".tmp" not in str(caught.value) and "No space" not in str(caught.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]


def test_a_missing_folder_is_said_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "没有" / "x.pdf", b"new")
    assert str(caught.value) == "无法写入“x.pdf”：文件夹不存在，未写入任何文件"


def test_a_folder_or_device_is_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "文件夹.pdf"
    folder.mkdir()
    with pytest.raises(WriteError, match="不是一个普通文件"):
        write_atomic(folder, b"x")
    assert folder.is_dir()
    if os.path.exists("/dev/null"):
        link = tmp_path / "null.pdf"
        link.symlink_to("/dev/null")
        with pytest.raises(WriteError, match="不是一个普通文件"):
            write_atomic(link, b"x")
        assert Path("/dev/null").is_char_device()


def test_the_pdf_export_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    export_pdf(Report.blank(Metadata(agency="某局", year=2025)), link, bundled_fonts())
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF-")


def test_an_output_may_not_be_the_input_or_another_output(tmp_path: Path) -> None:
    report = tmp_path / "年报.nianbao.json"
    report.write_text("{}", encoding="utf-8")
    with pytest.raises(OutputRefused, match="就是输入文件"):
        check_outputs([report], [(report, (".json",), "年报项目文件")], overwrite=True)
    alias = tmp_path / "别名.json"
    alias.symlink_to(report)
    with pytest.raises(OutputRefused, match="就是输入文件"):
        check_outputs([report], [(alias, (".json",), "年报项目文件")], overwrite=True)
    out = tmp_path / "x.pdf"
    with pytest.raises(OutputRefused, match="两个输出"):
        check_outputs([report], [(out, *PDF), (out, *PDF)], overwrite=True)


def test_an_output_needs_its_own_suffix(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused) as caught:
        check_outputs([], [(tmp_path / "out.xlsx", *PDF)], overwrite=False)
    assert str(caught.value) == "“out.xlsx”不是PDF 文件的文件名（应以 .pdf 结尾），未导出。"
    check_outputs([], [(tmp_path / "OUT.PDF", *PDF)], overwrite=False)


def test_an_existing_output_needs_overwrite_and_a_read_only_one_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    out.write_bytes(b"old")
    with pytest.raises(OutputRefused, match="--overwrite"):
        check_outputs([], [(out, *PDF)], overwrite=False)
    check_outputs([], [(out, *PDF)], overwrite=True)
    out.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    try:
        with pytest.raises(OutputRefused, match="只读"):
            check_outputs([], [(out, *PDF)], overwrite=True)
    finally:
        out.chmod(0o644)


def test_a_file_name_of_255_bytes_can_be_written(tmp_path: Path) -> None:
    # 84 Chinese characters are 252 bytes in UTF-8, + ".pdf": the longest name ext4 and NTFS allow.
    # The temporary name must not grow it (it used to add 14 bytes to the target's name).
    name = "年" * 84 + ".pd"
    assert len(name.encode("utf-8")) == 255
    target = tmp_path / name
    write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_file_open_in_another_program_on_windows_is_said_and_the_work_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, os.replace onto a file WPS or Word holds open fails with PermissionError."""
    target = tmp_path / "年报.nianbao.json"
    target.write_bytes(b"old")

    def refuse(*_args: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(atomicfile, "_ON_WINDOWS", True)
    monkeypatch.setattr(atomicfile.os, "replace", refuse)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == (
        "无法写入“年报.nianbao.json”：文件正被其他程序（如 WPS、Word 或 Excel）打开，"
        "请关闭后重试，原文件未改动"
    )
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.nianbao.json"]  # no temporary file left
