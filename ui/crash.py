"""Unexpected exceptions: write a log, save a recovery copy, tell the user, keep running.

PySide6 reports an exception raised in a slot or a virtual method override
through sys.excepthook and then carries on with the event loop, so a hook that
does not exit keeps the app alive. Exceptions in `threading` threads arrive
through threading.excepthook; those (and ones on Qt worker threads) are logged
at once and the recovery copy and dialog follow on the GUI thread.
"""

from __future__ import annotations

import contextlib
import platform
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeAlias, cast

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from model import APP_NAME, __version__

if TYPE_CHECKING:
    from ui.recovery import AutosaveController

#: Crash logs kept in <data dir>/logs; older ones are deleted.
MAX_LOGS = 100
#: The same error again within this many seconds of its dialog closing is only logged
#: (a paint handler that raises would otherwise bring the dialog back forever).
REPEAT_QUIET_SECONDS = 10.0

WindowProvider = Callable[[], QWidget | None]
#: One controller, several (one per window), or None before any report is open.
AutosaveProvider: TypeAlias = "Callable[[], AutosaveController | Iterable[AutosaveController] | None]"
DialogFunction = Callable[[QWidget | None, str, str], object]


def show_crash_dialog(parent: QWidget | None, title: str, text: str) -> None:
    """The default dialog; tests monkeypatch this or pass `show_dialog`."""
    if isinstance(QCoreApplication.instance(), QApplication):
        # No parent is Qt's nullptr; PySide6 6.8's stubs (the glibc228 line's) leave None out of the type.
        QMessageBox.critical(cast(QWidget, parent), title, text)


def default_log_dir() -> Path:
    from ui.settings import data_dir

    return data_dir() / "logs"


class _Relay(QObject):
    """Carries an exception from another thread to the GUI thread."""

    raised = Signal(object)


class CrashHandler:
    def __init__(self, window_provider: WindowProvider, autosave_provider: AutosaveProvider,
                 show_dialog: DialogFunction | None = None, log_dir: Path | None = None) -> None:
        self.window_provider = window_provider
        self.autosave_provider = autosave_provider
        self.show_dialog = show_dialog
        self.log_dir = log_dir
        #: The logs written so far (newest last); handy for tests and an About box.
        self.logs: list[Path] = []
        self._active = False
        self._last_signature: tuple[str, ...] | None = None
        self._last_dialog_end = 0.0
        self._relay: _Relay | None = None
        if QCoreApplication.instance() is not None:
            self._relay = _Relay()
            self._relay.raised.connect(self._respond_queued, Qt.ConnectionType.QueuedConnection)

    # --- entry points ------------------------------------------------------------------

    def handle_exception(self, exc_type: type[BaseException], exc: BaseException | None,
                         tb: TracebackType | None, thread_name: str | None = None) -> None:
        """sys.excepthook: never raises, never exits."""
        try:
            self._handle(exc_type, exc, tb, thread_name)
        except Exception:  # the handler itself must not become the next unexpected exception
            with contextlib.suppress(Exception):
                if sys.stderr is not None:
                    traceback.print_exc(file=sys.stderr)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook."""
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback, name)

    # --- internals -----------------------------------------------------------------------

    def _handle(self, exc_type: type[BaseException], exc: BaseException | None,
                tb: TracebackType | None, thread_name: str | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc or exc_type(), tb)
            return
        _print_to_stderr(exc_type, exc, tb)
        nested = self._active and _on_gui_thread()
        log_path = self._write_log(exc_type, exc, tb, thread_name or threading.current_thread().name, nested)
        if nested:
            return  # raised while handling another one (e.g. inside the dialog): logged, nothing more
        summary = _summary(exc_type, exc)
        signature = _signature(exc_type, tb)
        if _on_gui_thread():
            self._respond(log_path, summary, signature)
        elif self._relay is not None:
            self._relay.raised.emit((log_path, summary, signature))

    def _respond_queued(self, payload: tuple[Path | None, str, tuple[str, ...]]) -> None:
        self._respond(*payload)

    def _respond(self, log_path: Path | None, summary: str, signature: tuple[str, ...]) -> None:
        if self._active:
            return
        self._active = True
        try:
            modified, saved = self._save_recovery()
            self._append_log(log_path, _recovery_note(modified, saved))
            now = time.monotonic()
            if signature == self._last_signature and now - self._last_dialog_end < REPEAT_QUIET_SECONDS:
                return
            self._last_signature = signature
            self._show(crash_message(log_path, summary, modified, saved))
            self._last_dialog_end = time.monotonic()
        finally:
            self._active = False

    def _controllers(self) -> list[AutosaveController]:
        try:
            provided = self.autosave_provider()
        except Exception:
            return []
        if provided is None:
            return []
        if isinstance(provided, Iterable):
            return [c for c in provided if hasattr(c, "write_now")]
        return [provided] if hasattr(provided, "write_now") else []

    def _save_recovery(self) -> tuple[bool | None, bool]:
        """(any unsaved changes — None if no report is open, all of them saved to a copy)."""
        controllers = self._controllers()
        if not controllers:
            return None, False
        modified = False
        saved = True
        for controller in controllers:
            try:
                modified = modified or bool(controller.document.is_modified())
            except Exception:
                modified = True
            try:
                saved = bool(controller.write_now()) and saved
            except Exception:
                saved = False
        return modified, saved

    def _show(self, text: str) -> None:
        parent = None
        with contextlib.suppress(Exception):
            parent = self.window_provider()
        show = self.show_dialog or show_crash_dialog  # looked up now, so tests can patch the module
        title = f"{APP_NAME} - 意外错误"
        try:
            show(parent, title, text)
        except Exception:
            # A dialog that fails itself: logged by the re-entrancy rule if it went through the hook.
            exc_type, exc, tb = sys.exc_info()
            assert exc_type is not None
            _print_to_stderr(exc_type, exc, tb)
            self._write_log(exc_type, exc, tb, threading.current_thread().name, nested=True)

    def _directory(self) -> Path:
        return self.log_dir if self.log_dir is not None else default_log_dir()

    def _write_log(self, exc_type: type[BaseException], exc: BaseException | None,
                   tb: TracebackType | None, thread_name: str, nested: bool) -> Path | None:
        try:
            directory = self._directory()
            directory.mkdir(parents=True, exist_ok=True)
            now = datetime.now().astimezone()
            stem = f"crash-{now:%Y%m%d-%H%M%S-%f}"
            lines = [
                f"{APP_NAME} {__version__} 意外错误记录",
                f"时间：{now.isoformat(timespec='seconds')}",
                f"线程：{thread_name}",
                f"环境：Python {platform.python_version()} · PySide6 {PYSIDE_VERSION} · Qt {qVersion()}"
                f" · {platform.platform()}",
            ]
            if nested:
                lines.append("（处理上一个错误时又发生了这个错误）")
            text = "\n".join(lines) + "\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))
            for attempt in range(100):
                path = directory / (stem + (f"-{attempt}" if attempt else "") + ".log")
                try:
                    with path.open("x", encoding="utf-8", errors="backslashreplace") as handle:
                        handle.write(text)
                    break
                except FileExistsError:
                    continue
            else:
                return None
        except Exception:
            return None
        self.logs.append(path)
        _prune_logs(directory)
        return path

    @staticmethod
    def _append_log(path: Path | None, text: str) -> None:
        if path is None:
            return
        with contextlib.suppress(Exception), path.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text + "\n")


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    if app is None:
        return threading.current_thread() is threading.main_thread()
    return QThread.currentThread() is app.thread()


def _print_to_stderr(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> None:
    if sys.stderr is None:  # a windowed (PyInstaller) build has no console
        return
    with contextlib.suppress(Exception):
        traceback.print_exception(exc_type, exc, tb, file=sys.stderr)


def _summary(exc_type: type[BaseException], exc: BaseException | None) -> str:
    text = f"{exc_type.__name__}: {exc}" if exc is not None and str(exc) else exc_type.__name__
    return text if len(text) <= 300 else text[:300] + "…"


def _signature(exc_type: type[BaseException], tb: TracebackType | None) -> tuple[str, ...]:
    frames = traceback.extract_tb(tb)[-3:] if tb is not None else []
    return (exc_type.__qualname__, *(f"{f.filename}:{f.lineno}" for f in frames))


def _recovery_note(modified: bool | None, saved: bool) -> str:
    if modified is None:
        return "恢复副本：没有打开的报告"
    if not modified:
        return "恢复副本：没有未保存的修改"
    return "恢复副本：已写入" if saved else "恢复副本：写入失败"


def crash_message(log_path: Path | None, summary: str, modified: bool | None, saved: bool) -> str:
    if modified is None:
        recovery = ""
    elif not modified:
        recovery = "当前报告没有未保存的修改。\n\n"
    elif saved:
        recovery = "已自动保存恢复副本：即使程序随后无法正常使用，重新启动后也可以恢复未保存的修改。\n\n"
    else:
        recovery = "未能保存恢复副本，请尽快用“另存为”保存当前报告。\n\n"
    where = str(log_path) if log_path else "（未能写入错误记录）"
    return (
        "程序遇到意外错误，刚才的操作可能没有完成，程序将继续运行。\n\n"
        f"{recovery}"
        f"错误：{summary}\n"
        f"错误记录：{where}\n\n"
        "如果问题反复出现，请保存报告后重新启动程序，并把错误记录发给开发者。"
    )


def _prune_logs(directory: Path) -> None:
    with contextlib.suppress(OSError):
        logs = sorted(directory.glob("crash-*.log"))
        for old in logs[:-MAX_LOGS]:
            old.unlink(missing_ok=True)


_installed: CrashHandler | None = None


def install_exception_hook(window_provider: WindowProvider, autosave_provider: AutosaveProvider,
                           show_dialog: DialogFunction | None = None,
                           log_dir: Path | None = None) -> Callable[[], None]:
    """Route unexpected exceptions to a CrashHandler; returns a function that undoes this.

    Call after the QApplication exists (exceptions on other threads are relayed
    to its thread). `autosave_provider()` returns the AutosaveController (or
    several, or None); `window_provider()` the dialog's parent (or None)."""
    global _installed
    handler = CrashHandler(window_provider, autosave_provider, show_dialog, log_dir)
    previous = (sys.excepthook, threading.excepthook, _installed)
    sys.excepthook = handler.handle_exception
    threading.excepthook = handler.handle_thread_exception
    _installed = handler

    def uninstall() -> None:
        global _installed
        if sys.excepthook == handler.handle_exception:
            sys.excepthook = previous[0]
        if threading.excepthook == handler.handle_thread_exception:
            threading.excepthook = previous[1]
        if _installed is handler:
            _installed = previous[2]

    uninstall.handler = handler  # type: ignore[attr-defined]  # for tests: the handler it removes
    return uninstall


def handle_exception(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> None:
    """What the installed hook does, callable directly; the default hook if none is installed."""
    if _installed is None:
        sys.__excepthook__(exc_type, exc or exc_type(), tb)
    else:
        _installed.handle_exception(exc_type, exc, tb)
