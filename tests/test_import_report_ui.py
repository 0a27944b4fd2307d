"""文件 → 导入报告… in the window: one dialog for every format the registry reads, a preview of what was
read before anything changes, and the person's choice — 替换当前报告 (one undo step), 作为新报告打开 (the
current report kept), 仅导入表格 — and 粘贴文本导入… for text copied out of Word, a web page or a PDF.

The document readers arrive in parallel: where a test is about the window, not the reader, it stands
one in with `document_result` (a reading built here)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMessageBox

import importing.documents
from importing.result import ImportProblem, ImportResult, PartKind, ProblemKind, SourcePlace
from model.formats import FORMATS, PROJECT_FILE
from model.projectfile import load, save
from model.report import CellKey, Report
from model.resources import sample_path
from ui.app import Session
from ui.import_dialog import DIALOG_SIZE, ImportChoice, ImportReportDialog
from ui.report_import import PasteTextDialog, import_filter

#: The cell the stand-in reader was not sure of, and why.
UNSURE: CellKey = ("t3", "1", "natural")
UNSURE_WHY = "数字连在一起（“9 3”与“93”都可能），按 9 读取"
AGENCY = "测试县人民政府办公室"
SLASHED: CellKey = ("t2_1", "rules", "issued")


def document_result(path: Path, year: int = 2025) -> ImportResult:
    """The sample report as read from the document at `path`: another agency and `year`, the opening
    paragraph and section 一 as printed, 表三's `UNSURE` uncertain, and a "/" in 表二 reported, not read."""
    report: Report = load(sample_path())
    report.meta.agency = AGENCY
    report.meta.year = year
    report.meta.website = "http://www.test.gov.cn"
    report.preamble = ["本报告根据《中华人民共和国政府信息公开条例》编制。"]
    report.sections[0].title = "一、总体情况"
    report.sections[0].paragraphs = ["2025年，测试县坚持以公开为常态、不公开为例外。", "（一）主动公开。"]
    report.cells[SLASHED] = None
    report.uncertain = {UNSURE}
    problem = ImportProblem(SourcePlace("第 1 个表格", "第 3 行", PartKind.TABLE), "/", "不是数字：“/”不当作 0，已留空",
                            ProblemKind.NOT_A_NUMBER, table="t2_1", row="rules", column="issued")
    return ImportResult(path, report, dict(report.cells), [problem], sources={UNSURE: "第 2 个表格 第 5 行"},
                        notes=["“商业企 / 业”按“商业企业”读取"], year=year, uncertain={UNSURE: UNSURE_WHY})


def small_docx(path: Path) -> Path:
    """A Word document as an agency writes one (the reader is stood in for where the test is the window's)."""
    document = Document()
    document.add_paragraph(f"{AGENCY}2025年政府信息公开工作年度报告")
    document.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》编制。")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2025年，测试县坚持以公开为常态、不公开为例外。")
    document.save(str(path))
    return path


def stand_in_reader(monkeypatch: pytest.MonkeyPatch, read: list[Path] | None = None) -> None:
    def import_document(path: Path, template_year: int | None = None) -> ImportResult:
        if read is not None:
            read.append(Path(path))
        return document_result(Path(path))

    monkeypatch.setattr(importing.documents, "import_document", import_document)


def choose(monkeypatch: pytest.MonkeyPatch, choice: ImportChoice | None,
           shown: list[ImportReportDialog] | None = None) -> None:
    """The preview answers `choice` (None: 取消)."""
    def exec_(dialog: ImportReportDialog) -> int:
        if shown is not None:
            shown.append(dialog)
        if choice is None:
            return 0
        dialog.choose(choice)
        return 1

    monkeypatch.setattr(ImportReportDialog, "exec", exec_)


def test_one_dialog_offers_every_format_the_registry_reads(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda _parent, _title, _start, file_filter: offered.append(file_filter) or ("", ""))
    action = session.window.import_report_action
    assert action.text() == "导入报告(&I)…" and action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    [file_filter] = offered
    everything = file_filter.split(";;")[0]
    for fmt in FORMATS:
        if fmt.purpose.reads and fmt is not PROJECT_FILE and fmt.listed:
            assert all(f"*{suffix}" in everything for suffix in fmt.suffixes), fmt.name
    assert "*.docx" in everything and "*.pdf" in everything and "*.xlsx" in everything and "*.mht" in everything
    assert "*.doc " not in everything + " " and "*.nianbao.json" not in everything  # refused / opened, not imported
    assert file_filter.endswith("所有文件 (*)")
    assert "*.nianbao.json" in import_filter(PROJECT_FILE)  # last year's report may be a project file


def test_the_preview_shows_what_was_read_before_anything_changes(session: Session, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in_reader(monkeypatch)
    shown: list[ImportReportDialog] = []
    choose(monkeypatch, None, shown)
    before = copy.deepcopy(session.document.report)
    assert not session.window.import_report(small_docx(tmp_path / "年报.docx"))
    [dialog] = shown
    assert dialog.windowTitle() == "导入报告：年报.docx"
    assert dialog.meta_fields["机关名称"] == AGENCY and dialog.meta_fields["报告年度"] == "2025 年度"
    assert dialog.meta_fields["网站"] == "http://www.test.gov.cn" and dialog.meta_fields["电子邮箱"]
    first = dialog.narrative.topLevelItem(0)
    assert (first.text(0), first.text(1)) == ("开头段落", "1") and "条例" in first.text(2)
    section = dialog.narrative.topLevelItem(1)
    assert (section.text(0), section.text(1)) == ("一、总体情况", "2") and section.text(2).startswith("2025年")
    assert "表三 175/175（空白 0，需核对 1）；" in dialog.table_status.text()
    assert "第二十条第（一）项 6/6（空白 1）；" in dialog.table_status.text()
    [unsure] = [dialog.uncertain_list.topLevelItem(i) for i in range(dialog.uncertain_list.topLevelItemCount())]
    assert [unsure.text(i) for i in range(3)] == ["表三 一、本年新收政府信息公开申请数量 · 自然人", UNSURE_WHY,
                                                 "第 2 个表格 第 5 行"]
    assert dialog.problems.topLevelItemCount() == 1 and dialog.problems.topLevelItem(0).text(1) == "/"
    assert "商业企业" in dialog.notes.text()
    assert list(dialog.choice_buttons) == [ImportChoice.NEW, ImportChoice.REPLACE, ImportChoice.TABLES]
    assert dialog.choice_buttons[ImportChoice.NEW].isDefault()
    assert session.document.report == before and not session.document.undo_stack.count()


def test_replacing_the_report_is_one_undo_step(session: Session, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "本年.nianbao.json"
    save(load(sample_path()), project)
    assert session.window.open_path(project)
    old = session.document.report
    stand_in_reader(monkeypatch)
    choose(monkeypatch, ImportChoice.REPLACE)
    assert session.window.import_report(small_docx(tmp_path / "年报.docx"))
    document = session.document
    assert document.report.meta.agency == AGENCY and document.report.preamble[0].startswith("本报告")
    assert document.report.cells[SLASHED] is None  # "/" stays blank, never 0
    assert document.report.uncertain == {UNSURE}
    assert document.path == project and document.is_modified()
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "导入报告（年报.docx）"
    document.undo_stack.undo()
    assert document.report is old and document.report.meta.agency == "枣庄市行政审批服务局"
    assert not document.is_modified()
    document.undo_stack.redo()
    assert document.report.meta.agency == AGENCY


def test_a_new_report_keeps_the_current_one(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "本年.nianbao.json"
    save(load(sample_path()), project)
    assert session.window.open_path(project)
    on_disk = project.read_bytes()
    session.document.set_cells({("t3", "1", "research"): 5}, "输入")
    asked: list[str] = []

    def cancel(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    stand_in_reader(monkeypatch)
    choose(monkeypatch, ImportChoice.NEW)
    docx = small_docx(tmp_path / "年报.docx")
    assert not session.window.import_report(docx)  # asked to save, cancelled: nothing changes
    assert asked and "尚未保存的修改" in asked[0] and session.document.path == project

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Discard))
    assert session.window.import_report(docx)
    document = session.document
    assert document.path is None and document.display_name() == "2025 年度报告（未命名）"
    assert document.report.meta.agency == AGENCY and document.report.uncertain == {UNSURE}
    assert document.is_modified() and project.read_bytes() == on_disk  # the current report's file is kept


def test_only_the_tables_of_a_document(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meta = copy.deepcopy(session.document.report.meta)
    stand_in_reader(monkeypatch)
    choose(monkeypatch, ImportChoice.TABLES)
    assert session.window.import_report(small_docx(tmp_path / "年报.docx"))
    document = session.document
    assert document.report.meta == meta  # the metadata and text stay
    assert document.report.cells[SLASHED] is None and document.report.uncertain == {UNSURE}
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.report.cells[SLASHED] == load(sample_path()).cells[SLASHED] and not document.report.uncertain


def test_pasted_text_is_read_and_previewed(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    pasted = f"{AGENCY}2025年政府信息公开工作年度报告\n一、总体情况\n……"
    read: list[tuple[str, str]] = []

    def import_text(text: str, name: str = "粘贴的文本", template_year: int | None = None) -> ImportResult:
        read.append((text, name))
        return document_result(Path(name))

    monkeypatch.setattr(importing.documents, "import_text", import_text)

    def paste(dialog: PasteTextDialog) -> int:
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # nothing to read yet
        dialog.editor.setPlainText(pasted)
        return 1

    monkeypatch.setattr(PasteTextDialog, "exec", paste)
    shown: list[ImportReportDialog] = []
    choose(monkeypatch, ImportChoice.REPLACE, shown)
    assert session.window.paste_import_action.text() == "粘贴文本导入(&T)…"
    session.window.paste_import_action.trigger()
    assert read == [(pasted, "粘贴的文本")]
    assert shown[0].windowTitle() == "导入报告：粘贴的文本"
    assert session.document.report.meta.agency == AGENCY and session.document.undo_stack.count() == 1


def test_a_legacy_or_unreadable_document_is_refused_with_its_reason(session: Session, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: warned.append(text)))
    old = tmp_path / "2024年报.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    before = session.document.report
    assert not session.window.import_report(old)
    assert "2024年报.doc" in warned[0] and "旧版 Word 文档" in warned[0] and "另存为" in warned[0]
    assert session.document.report is before


def test_a_docx_read_by_the_real_reader(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end, when the Word reader is there: the title's agency and year reach the preview."""
    pytest.importorskip("importing.docx_reader")
    pytest.importorskip("importing.document_report")
    shown: list[ImportReportDialog] = []
    choose(monkeypatch, None, shown)
    session.window.import_report(small_docx(tmp_path / "年报.docx"))
    [dialog] = shown
    assert dialog.meta_fields["机关名称"] == AGENCY and dialog.meta_fields["报告年度"] == "2025 年度"


def test_the_preview_fits_a_laptop_screen(qtbot, session: Session, tmp_path: Path) -> None:
    result = document_result(tmp_path / "某县2025年政府信息公开工作年度报告.docx")
    many = [ImportProblem(SourcePlace(f"第 {n} 页", "表格 1", PartKind.PAGE), "—", "不是数字", ProblemKind.NOT_A_NUMBER)
            for n in range(30)]
    result.problems += many
    dialog = ImportReportDialog(result, session.window, "文件为 2025 年度的报告，当前报告为 2024 年度", workbook=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # A 1366×768 screen less the taskbar and the title bar (the offscreen screen here is smaller).
    laptop = QSize(1366, 768 - 40 - 30)
    assert dialog.width() <= laptop.width() and dialog.height() <= max(laptop.height(), dialog.minimumHeight())
    assert dialog.minimumSizeHint().boundedTo(laptop) == dialog.minimumSizeHint()
    dialog.resize(QSize(*DIALOG_SIZE).boundedTo(laptop))
    dialog.grab().save("/tmp/import_preview.png")


def test_a_published_shape_docx_replaces_the_report_with_its_numbers(session: Session, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end on the generated test documents (tests/documents/), when they and the reader are there:
    what the window puts in is what the document says, cell for cell, or marked uncertain."""
    fixture = Path(__file__).parent / "documents" / "files" / "transport.docx"
    truth_path = Path(__file__).parent / "documents" / "truth" / "transport.nianbao.json"
    if not fixture.exists() or not truth_path.exists():
        pytest.skip("tests/documents not generated")
    pytest.importorskip("importing.document_report")
    truth = load(truth_path)
    choose(monkeypatch, ImportChoice.REPLACE)
    assert session.window.import_report(fixture)
    report = session.document.report
    assert report.meta.agency == truth.meta.agency and report.meta.year == truth.meta.year
    wrong = [key for key, value in truth.cells.items()
             if key not in report.uncertain and report.cells.get(key) != value]
    assert wrong == []
    session.document.undo_stack.undo()
    assert session.document.report.meta.agency == "枣庄市行政审批服务局"


@pytest.mark.parametrize(("choice", "keeps_link"), [(ImportChoice.REPLACE, True), (ImportChoice.NEW, False)])
def test_last_years_link_is_kept_on_replace_and_not_carried_into_a_new_report(
        session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: ImportChoice,
        keeps_link: bool) -> None:
    """A new report from a document is another agency's or year's: the current report's last year would
    be compared with it wrongly."""
    from model.crossyear import attach_prior

    prior = load(sample_path())
    prior.meta.year = 2023
    attach_prior(session.document.report, prior, str(tmp_path / "上年.nianbao.json"), embed=True)
    session.document.undo_stack.setClean()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Discard))
    stand_in_reader(monkeypatch)
    choose(monkeypatch, choice)
    assert session.window.import_report(small_docx(tmp_path / "年报.docx"))
    report = session.document.report
    assert report.meta.agency == AGENCY
    assert (report.prior is not None and report.prior.report is not None
            and report.prior.report.meta.year == 2023) is keeps_link


@pytest.mark.parametrize("choice", [ImportChoice.REPLACE, ImportChoice.NEW])
def test_a_document_without_a_year_is_given_one_by_the_user_or_nothing_changes(
        session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, choice: ImportChoice) -> None:
    from PySide6.QtWidgets import QInputDialog

    from model.report import UNKNOWN_YEAR

    def import_document(path: Path, template_year: int | None = None) -> ImportResult:
        return document_result(Path(path), year=UNKNOWN_YEAR)

    monkeypatch.setattr(importing.documents, "import_document", import_document)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Discard))
    choose(monkeypatch, choice)
    before = session.document.report
    docx = small_docx(tmp_path / "年报.docx")
    monkeypatch.setattr(QInputDialog, "exec", lambda _dialog: 0)  # 取消: nothing changes
    assert not session.window.import_report(docx)
    assert session.document.report is before
    asked: list[str] = []

    def answer(dialog: QInputDialog) -> int:
        asked.append(dialog.labelText())
        dialog.setIntValue(2023)
        return 1

    monkeypatch.setattr(QInputDialog, "exec", answer)
    assert session.window.import_report(docx)
    assert asked and "“年报.docx”中没有写明报告年度" in asked[0]
    assert session.document.report.meta.agency == AGENCY and session.document.report.meta.year == 2023
