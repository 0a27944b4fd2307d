"""Benchmarks of the domain model: the checks that run on every keystroke, the project file.

The timings that were assertions of unit tests until issue 13 are rows here, with the bounds those
tests had as budgets; the tests keep what can fail deterministically, and lend the benchmark the
reports they build (tests/test_narrative_speed.py, tests/test_crossyear.py).
"""

from __future__ import annotations

from bench.common import Row, main_py, median_cold_seconds, median_seconds, process_seconds
from model import crossyear, projectfile
from model.checks import check_report
from model.report import Report
from model.resources import sample_path


def project_file_rows() -> list[Row]:
    report = projectfile.load(sample_path())
    text = projectfile.dumps(report)
    return [
        Row("一次完整检查 full check (sample)", median_seconds(lambda: check_report(report), 2000) * 1000, "ms", 1),
        Row("解析项目文件 loads", median_seconds(lambda: projectfile.loads(text), 500) * 1000, "ms"),
        Row("序列化项目文件 dumps", median_seconds(lambda: projectfile.dumps(report), 500) * 1000, "ms"),
        Row("check 整个进程 whole process", process_seconds(main_py("check", str(sample_path()))) * 1000, "ms"),
    ]


def narrative_rows() -> list[Row]:
    """The narrative checks uncached: on the sample (every keystroke, < 5 ms) and on a report of
    2,000 paragraphs (< 1.25 s, about six times what the development machine takes)."""
    from model import narrative_numbers
    from model.narrative_numbers import check_narrative_numbers
    from model.narrative_years import check_narrative_years
    from model.report import AgencyKind
    from tests.test_narrative_speed import clear_memos, long_report

    sample = projectfile.load(sample_path())
    rows = [Row("叙述数字检查（样例，无缓存）narrative numbers, sample cold",
                median_cold_seconds(narrative_numbers._analyse.cache_clear,
                                    lambda: check_narrative_numbers(sample), 30) * 1000, "ms", 5)]
    for kind in AgencyKind:
        report = long_report(sample, kind)

        def check(report: Report = report) -> None:
            check_narrative_numbers(report)
            check_narrative_years(report)

        seconds = median_cold_seconds(clear_memos, check, 3)
        rows.append(Row(f"叙述检查 2000 段（{kind.value}，无缓存）narrative checks, 2,000 paragraphs",
                        seconds * 1000, "ms", 1250))
    return rows


def repetition_rows() -> list[Row]:
    """The cross-year checks with the repetition share, the sample vs a modified sample: cold < 5 ms,
    warm < 1 ms (they run with every check on every keystroke)."""
    from model.crossyear import check_cross_year
    from tests.test_crossyear import modified_sample

    report = modified_sample(projectfile.load(sample_path()))

    def clear() -> None:
        crossyear._normalised.cache_clear()
        crossyear._grams.cache_clear()
        crossyear._paragraph_repetition.cache_clear()

    return [
        Row("跨年度检查（无缓存）cross-year checks cold",
            median_cold_seconds(clear, lambda: check_cross_year(report), 30) * 1000, "ms", 5),
        Row("跨年度检查（缓存）cross-year checks warm",
            median_seconds(lambda: check_cross_year(report), 30) * 1000, "ms", 1),
    ]


def rows() -> list[Row]:
    return [*project_file_rows(), *narrative_rows(), *repetition_rows()]
