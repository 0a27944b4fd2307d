"""Plain text as a document (importing/text_reader.py): decoding, lines and pages, page furniture
left out, pasted junk survived."""

from __future__ import annotations

from pathlib import Path

import pytest

from importing.document import DocumentError
from importing.text_reader import MAX_LINE_CHARS, MAX_TEXT_BYTES, is_page_furniture, open_text_file, text_document

REPORT = "某某局2024年政府信息公开工作年度报告\n一、总体情况\n行政许可\t38651\n"


def texts(text: str) -> list[str]:
    return [b.text for b in text_document(text, Path("粘贴.txt")).text_blocks()]


def test_one_wrapped_block_per_non_empty_line_at_its_line_number() -> None:
    doc = text_document("标题\n\n  \n一、总体情况\r\n正文第一行\r正文第二行", Path("a.txt"))
    assert doc.format_name == "文本"
    assert [(b.text, b.place, b.wrapped, b.page) for b in doc.text_blocks()] == [
        ("标题", "第 1 行", True, None), ("一、总体情况", "第 4 行", True, None),
        ("正文第一行", "第 5 行", True, None), ("正文第二行", "第 6 行", True, None)]


def test_tabs_are_kept_since_an_empty_field_is_a_blank_cell() -> None:
    assert texts("\t\t1\t0\t0\n规章\t0\t\t0") == ["\t\t1\t0\t0", "规章\t0\t\t0"]


@pytest.mark.parametrize("footer", ["— 3 —", "- 3 -", "－3－", "—3—", "第 3 页", "第3页/共10页", "第 3 页 共 10 页"])
def test_page_numbers_in_footer_form_are_left_out(footer: str) -> None:
    assert is_page_furniture(footer)
    assert texts(f"行政许可 5\n{footer}\n行政处罚 2") == ["行政许可 5", "行政处罚 2"]


def test_a_number_beside_a_form_feed_is_a_page_number_and_pages_are_counted() -> None:
    doc = text_document("第一页\n1\f2\n第二页\n\f第三页\n3", Path("p.txt"))
    assert [(b.text, b.page) for b in doc.text_blocks()] == [("第一页", 1), ("第二页", 2), ("第三页", 3)]


def test_a_table_number_beside_a_form_feed_is_not_taken_for_a_page_number() -> None:
    # 38651 cannot be the printed number of page 1 or 2: it is a number of the table.
    assert texts("行政许可\n38651\f第二页") == ["行政许可", "38651", "第二页"]
    assert not is_page_furniture("3 0 0 0 0 3")


def test_control_characters_and_nuls_of_pasted_text_are_dropped() -> None:
    assert texts("一、\x00总体\x07情况\u200b\n\x1b\x00\n正文") == ["一、总体情况", "正文"]


def test_an_overlong_line_is_cut_with_a_note() -> None:
    doc = text_document("标题\n" + "字" * 100_000 + "\n结尾", Path("long.txt"))
    blocks = doc.text_blocks()
    assert len(blocks[1].text) == MAX_LINE_CHARS and blocks[2].text == "结尾"
    assert doc.notes and "第 2 行" in doc.notes[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32"])
def test_files_are_decoded_whatever_their_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(REPORT.encode(encoding))
    doc = open_text_file(path)
    assert [b.text for b in doc.text_blocks()] == REPORT.strip().split("\n")
    assert doc.path == path


def test_gbk_text_without_a_mark_is_not_misread_as_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    text = "三、收到和处理政府信息公开申请情况\n（一）予以公开 2 0 0 0 0 0 2\n" * 3
    path.write_bytes(text.encode("gbk"))
    assert open_text_file(path).text_blocks()[1].text == "（一）予以公开 2 0 0 0 0 0 2"


def test_binary_junk_is_not_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DocumentError, match="不是文本文件") as raised:
        open_text_file(path)
    assert "junk.txt" in str(raised.value)


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_TEXT_BYTES + 1)
    with pytest.raises(DocumentError, match="文件过大"):
        open_text_file(path)


def test_a_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="无法打开"):
        open_text_file(tmp_path / "none.txt")
