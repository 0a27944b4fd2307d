"""The files of a batch check: every report file in the folders, each read as `main.py check` reads it.

A file that cannot be read becomes a BatchReport saying why (`unreadable`), never an exception that
stops the batch. PDFs are slow to read (pdfplumber, ~1 s each), so they are read in a process pool
(spawn-safe: the worker is a module-level function given paths); in a large batch the pool reads
chunks of the other files too, while this process reads from the other end (`read_all`).

`run_batch` is the whole batch check in one call (reading, last year's reports, `model.batch.assemble`),
with progress and cancelling, for the command and the batch window alike.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

from model.batch_types import BatchReport, BatchResult, HierarchyRow
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


#: In a worker process: set by the batch when it is cancelled, so that a chunk stops after its file.
_STOP: EventType | None = None


def _worker_start(stop: EventType) -> None:
    global _STOP
    _STOP = stop


def read_chunk(paths: list[Path]) -> list[BatchReport]:
    """`read_one` of each path: what a worker process is given (a module-level function: spawn-safe).
    Fewer than the paths when the batch was cancelled meanwhile (nobody reads them then)."""
    entries = []
    for path in paths:
        if _STOP is not None and _STOP.is_set():
            break
        entries.append(read_one(path))
    return entries


def _failed(path: Path, error: BaseException) -> BatchReport:
    return BatchReport(file=str(path), unreadable=f"无法读取“{path.name}”：{type(error).__name__}")


class BatchCancelled(Exception):
    """The batch was cancelled (`cancelled()` returned True): nothing is returned."""

    def __init__(self) -> None:
        super().__init__("已取消批量检查。")


#: Seconds between two looks at `cancelled()` while this process waits for the pool.
POLL_SECONDS = 0.1


def read_all(paths: Iterable[Path], progress: Progress | None = None) -> list[BatchReport]:
    """Every file read (`read_one`), in the order given, `progress(done, total)` after each file.

    PDFs (slow) go to a process pool of os.cpu_count() − 1 workers (at least one); so, in a large batch,
    do chunks of the other files, taken from the end while this process reads from the start: both
    cores read. Whatever a worker has not started yet this process takes back (`Future.cancel`), so
    neither waits for the other. A small batch of fast files is read here alone (no process to start)."""
    paths = list(paths)
    results: list[BatchReport | None] = [None] * len(paths)
    for done, (index, entry) in enumerate(read_each(paths), start=1):
        results[index] = entry
        if progress is not None:
            progress(done, len(paths))
    return [entry for entry in results if entry is not None]


def read_each(paths: Sequence[Path], cancelled: Callable[[], bool] | None = None
              ) -> Iterator[tuple[int, BatchReport]]:
    """(index into `paths`, its BatchReport) for every file as it is read, in no set order (as `read_all`
    shares them out). `cancelled()` is asked between files and, while this process waits for the pool,
    every POLL_SECONDS: BatchCancelled when it says True, the pool's pending chunks cancelled, its
    running ones stopped after their current file and its processes ended.
    Each report's cells get its template's key tuples (`canonical_cells`) as it arrives (memory)."""
    from model.batch import canonical_cells

    with contextlib.closing(_read_each(paths, cancelled)) as entries:  # closed: the pool shut down
        for index, entry in entries:
            if entry.report is not None:
                canonical_cells(entry.report)
            yield index, entry


def _read_each(paths: Sequence[Path], cancelled: Callable[[], bool] | None
               ) -> Generator[tuple[int, BatchReport], None, None]:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise BatchCancelled

    slow = [[i] for i, path in enumerate(paths) if path.name.lower().endswith(SLOW_SUFFIXES)]
    fast_indices = [i for i, path in enumerate(paths) if not path.name.lower().endswith(SLOW_SUFFIXES)]
    fast = [fast_indices[at:at + CHUNK] for at in range(0, len(fast_indices), CHUNK)]
    if not slow and len(fast_indices) < POOL_MIN:
        for i in fast_indices:
            check()
            yield i, read_one(paths[i])
        return
    workers = max(1, (os.cpu_count() or 1) - 1)
    # Spawned, never forked: the same on Linux as on Windows, and safe from the GUI's threads.
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start,
                               initargs=(stop,))
    try:
        futures: list[tuple[list[int], Future[list[BatchReport]]]] = [
            (unit, pool.submit(read_chunk, [paths[i] for i in unit])) for unit in [*slow, *reversed(fast)]]
        by_unit = {id(unit): future for unit, future in futures}
        for unit in [*fast, *slow]:  # this process: fast files from the start, then PDFs left waiting
            if by_unit[id(unit)].cancel():
                for i in unit:
                    check()
                    yield i, read_one(paths[i])
        for unit, future in futures:
            if future.cancelled():
                continue
            while not wait([future], timeout=POLL_SECONDS).done:
                check()
            check()
            try:
                entries = future.result()
            except Exception as error:  # a worker that died (memory): its files are rows saying so
                entries = [_failed(paths[i], error) for i in unit]
            yield from zip(unit, entries, strict=True)
    finally:
        stop.set()  # a chunk running stops after its file: shutting down waits for nothing more
        pool.shutdown(wait=True, cancel_futures=True)


def run_batch(paths: Sequence[Path], hierarchy_rows: Sequence[HierarchyRow] | None = None,
              threshold: float = 0.5, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> BatchResult:
    """The whole batch check of `paths` (`report_files`): every file read and checked, last year's
    reports matched, then copies, roll-up, hierarchy and rates (`model.batch.assemble`).

    `progress(done, total)` after each file; `cancelled()` asked between files (and while waiting for
    the pool), BatchCancelled when it says True. Memory: the reports are kept only until `assemble` has
    what it needs, and the returned BatchReports hold none (`report` is None): the roll-up is
    `result.rollup`. ValueError (Chinese) for a threshold outside 0–1, before any file is read."""
    from model.batch import assemble, match_priors
    from model.batch_copies import check_threshold

    check_threshold(threshold)
    results: list[BatchReport | None] = [None] * len(paths)
    for done, (index, entry) in enumerate(read_each(paths, cancelled), start=1):
        results[index] = entry
        if progress is not None:
            progress(done, len(paths))
    if cancelled is not None and cancelled():
        raise BatchCancelled
    reports = [entry for entry in results if entry is not None]
    del results
    match_priors(reports)
    return assemble(reports, hierarchy_rows, threshold)
