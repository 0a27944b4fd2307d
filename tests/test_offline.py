"""The app never uses the network: start-up, check and exports (every writer, the bundle) run with every
socket call failing."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from model.checks import check_report
from model.projectfile import load, save
from model.resources import sample_path


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):
        def call(*args, **kwargs):
            attempts.append(name)
            raise NetworkUsed(f"network call: socket.{name}{args!r}")
        return call

    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostname",
                 "getfqdn", "socketpair", "create_server"):
        monkeypatch.setattr(socket, name, refuse(name))
    for method in ("__init__", "connect", "connect_ex", "bind", "sendto"):
        monkeypatch.setattr(socket.socket, method, refuse(f"socket.{method}"))
    return attempts


def test_start_up_check_and_exports_work_offline(qtbot, no_network: list[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    from export.pdf import export_pdf
    from ui.app import Session, create_application
    from ui.settings import Settings

    report = load(sample_path())
    assert check_report(report) == []
    export_pdf(report, tmp_path / "offline.pdf")
    assert (tmp_path / "offline.pdf").read_bytes().startswith(b"%PDF-")
    from export.xlsx_export import export_xlsx

    export_xlsx(report, tmp_path / "offline.xlsx")
    assert (tmp_path / "offline.xlsx").read_bytes().startswith(b"PK")
    from export.bundle import write_bundle  # every writer, the charts too

    bundle = write_bundle(report, tmp_path / "bundle", [], charts=True, make_zip=True)
    assert len(bundle.files) == 7 and bundle.zip_path is not None and bundle.zip_path.exists()

    create_application()
    project = tmp_path / "offline.nianbao.json"
    save(report, project)
    session = Session(project, Settings(), offer=lambda _window, _copies: None)
    qtbot.addWidget(session.window)
    session.show()
    session.document.set_cells({("t3", "3.1", "other"): 0}, "编辑")
    session.autosave.write_now()  # the recovery copy and its lock
    qtbot.waitUntil(lambda: session.preview.last_ready_at > 0, timeout=20_000)  # a PDF preview render
    session.window.close()
    assert no_network == []


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network == ["create_connection"]
