"""The hand-built BatchResult of tests/test_batch_xlsx.py for the summary's tests (PDF, web page), with
the report of every BatchReport dropped as `run_batch` drops it: the writers must never need it.

A test module takes both fixtures under their names:
`result, batch_result = batch_fixtures.result, batch_fixtures.batch_result`.
"""

from __future__ import annotations

import dataclasses

import pytest

from model.batch_types import BatchResult
from tests.test_batch_xlsx import result  # noqa: F401  (the fixture `batch_result` builds on)


def without_reports(built: BatchResult) -> BatchResult:
    return dataclasses.replace(built, reports=[dataclasses.replace(entry, report=None) for entry in built.reports])


@pytest.fixture
def batch_result(result: BatchResult) -> BatchResult:  # noqa: F811  (the imported fixture, by name)
    return without_reports(result)
