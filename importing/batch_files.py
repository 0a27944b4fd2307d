"""The files of a batch check: every report file in the folders, each read as `main.py check` reads it.

A file that cannot be read becomes a BatchReport saying why (`unreadable`), never an exception that
stops the batch. PDFs are slow to read (pdfplumber, ~1 s each), so they are read in a process pool
(spawn-safe: the worker is a module-level function given paths); in a large batch the pool reads
chunks of the other files too, while this process reads from the other end (`read_all`).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from model.batch_types import BatchReport
from model.formats import reader_for

#: Called after each file with (files done, all files): the GUI's progress bar.
Progress = Callable[[int, int], None]
#: Files always read in the process pool.
SLOW_SUFFIXES = (".pdf",)
#: From this many other files on, the pool reads chunks of them too.
POOL_MIN = 100
#: Files per chunk a worker reads: few enough to share the work out, many enough to keep the
#: cost of handing results back small (a report pickles in ~0.3 ms, reads and checks in ~4 ms).
CHUNK = 20


def _is_temporary(path: Path) -> bool:
    """Office's lock and temporary files (~$年报.docx, .~lock.年报.xlsx#) and hidden files."""
    return path.name.startswith(("~$", ".~", "."))


def report_files(folders: Iterable[Path]) -> list[Path]:
    """Every file some reader of the registry takes (project files, workbooks, Word, web pages, PDF,
    text, and the legacy formats, which become a row saying how to save them anew), in the folders and
    their subfolders, sorted and without duplicates. A path that is a file is taken as it is.
    FileNotFoundError (in Chinese) for a folder that does not exist."""
    found: dict[Path, None] = {}
    for folder in folders:
        if folder.is_file():
            found.setdefault(folder)
            continue
        if not folder.is_dir():
            raise FileNotFoundError(f"找不到文件夹“{folder}”。")
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _is_temporary(path) and reader_for(path) is not None:
                found.setdefault(path)
    return sorted(found)


def read_one(path: Path) -> BatchReport:
    """The file read and checked exactly as `main.py check FILE` does it (without --trust-links), or a
    BatchReport saying why it could not be read."""
    from cli import Unreadable, read_report  # the command's own reading: the same reader, the same words
    from model.batch import summarise

    try:
        read = read_report(path)
    except Unreadable as error:
        return BatchReport(file=str(path), unreadable=_one_line(str(error)))
    except Exception as error:  # a reader's bug on one file must not stop the batch
        return _failed(path, error)
    return summarise(str(path), read.report, read.import_findings)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_chunk(paths: list[Path]) -> list[BatchReport]:
    """`read_one` of each path: what a worker process is given (a module-level function: spawn-safe)."""
    return [read_one(path) for path in paths]


def _failed(path: Path, error: BaseException) -> BatchReport:
    return BatchReport(file=str(path), unreadable=f"无法读取“{path.name}”：{type(error).__name__}")


def read_all(paths: Iterable[Path], progress: Progress | None = None) -> list[BatchReport]:
    """Every file read (`read_one`), in the order given, `progress(done, total)` as files are done.

    PDFs (slow) go to a process pool of os.cpu_count() − 1 workers (at least one); so, in a large batch,
    do chunks of the other files, taken from the end while this process reads from the start: both
    cores read. Whatever a worker has not started yet this process takes back (`Future.cancel`), so
    neither waits for the other. A small batch of fast files is read here alone (no process to start)."""
    paths = list(paths)
    total, done = len(paths), 0
    results: list[BatchReport | None] = [None] * total
    slow = [[i] for i, path in enumerate(paths) if path.name.lower().endswith(SLOW_SUFFIXES)]
    fast_indices = [i for i, path in enumerate(paths) if not path.name.lower().endswith(SLOW_SUFFIXES)]
    fast = [fast_indices[at:at + CHUNK] for at in range(0, len(fast_indices), CHUNK)]

    def store(unit: list[int], entries: list[BatchReport]) -> None:
        nonlocal done
        for i, entry in zip(unit, entries, strict=True):
            results[i] = entry
        done += len(unit)
        if progress is not None:
            progress(done, total)

    def read_here(unit: list[int]) -> None:
        for i in unit:
            store([i], [read_one(paths[i])])

    if not slow and len(fast_indices) < POOL_MIN:
        for unit in fast:
            read_here(unit)
        return [entry for entry in results if entry is not None]
    workers = max(1, (os.cpu_count() or 1) - 1)
    # Spawned, never forked: the same on Linux as on Windows, and safe from the GUI's threads later.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures: list[tuple[list[int], Future[list[BatchReport]]]] = [
            (unit, pool.submit(read_chunk, [paths[i] for i in unit])) for unit in [*slow, *reversed(fast)]]
        by_unit = {id(unit): future for unit, future in futures}
        for unit in [*fast, *slow]:  # this process: fast files from the start, then PDFs left waiting
            if by_unit[id(unit)].cancel():
                read_here(unit)
        for unit, future in futures:
            if future.cancelled():
                continue
            try:
                store(unit, future.result())
            except Exception as error:  # a worker that died (memory): its files are rows saying so
                store(unit, [_failed(paths[i], error) for i in unit])
    finally:
        pool.shutdown(cancel_futures=True)
    return [entry for entry in results if entry is not None]
