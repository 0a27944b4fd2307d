"""The batch check as a whole process (issue 17, item 7): `main.py batch FOLDER --json` on a generated
folder of project files — 500 in under 5 s; with --full, 5,000 in under 60 s — on this 2-core machine,
and its peak memory (Linux: sampled from /proc), the main process's at most 400 MB at 5,000.

The corpus: the sample report under varied agencies, for 2023 and 2024 (so most reports find last
year's), each with narrative text of its own; every 10th report with a broken total, every 25th
with a section copied from another agency's. tests/test_batch*.py build their folders from
`make_report` too.

    .venv/bin/python bench/batch_bench.py [--full] [--keep DIR]
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Row, main_py, run_sampled
from model.projectfile import SUFFIX, load, save
from model.report import AgencyKind, Report
from model.resources import sample_path

#: Common characters of these reports: generated text reads as Chinese to every check (no rare glyphs).
CHARACTERS = ("政府信息公开工作年度报告本机关认真贯彻落实条例要求进一步加强主动公开依申请办理规范"
              "平台建设监督保障全面推进决策执行管理服务结果重点领域基层政务标准化制度机制完善健全"
              "有效提升群众满意度网站专栏发布更新及时准确完整便民解读回应关切培训考核宣传力度明显"
              "加大深化拓展渠道载体创新方式方法积极稳妥做好相关问题改进措施落实到位持续优化流程")
AGENCIES = ("{city}市{bureau}", "{city}市{district}区{bureau}", "{city}市{district}区人民政府")
CITIES = ("枣庄", "济南", "青岛", "淄博", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州")
DISTRICTS = ("市中", "薛城", "峄城", "台儿庄", "山亭", "历下", "市南", "张店", "芝罘", "奎文", "任城", "泰山")
BUREAUS = ("行政审批服务局", "发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局",
           "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局",
           "水务局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局",
           "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "退役军人事务局", "信访局")


def agency_name(index: int) -> str:
    """A distinct agency name for every index (a department of a city, of a district, or a government)."""
    pattern = AGENCIES[index % len(AGENCIES)]
    rest = index // len(AGENCIES)
    city = CITIES[rest % len(CITIES)]
    district = DISTRICTS[(rest // len(CITIES)) % len(DISTRICTS)]
    bureau = BUREAUS[(rest // (len(CITIES) * len(DISTRICTS))) % len(BUREAUS)]
    return pattern.format(city=city, district=district, bureau=bureau)


def paragraph(rng: random.Random, sentences: int = 3) -> str:
    """Text of its own: `sentences` sentences of random common characters (never 13 in a row shared by
    chance with another report's)."""
    parts = []
    for _ in range(sentences):
        clauses = [_clause(rng, rng.randint(8, 16)) for _ in range(3)]
        parts.append("，".join(clauses) + "。")
    return "".join(parts)


def _clause(rng: random.Random, length: int) -> str:
    """`length` characters, none of them among the four before it: no word written twice in a row,
    which TEXT-DOUBLED would take for a typing slip ("便新便新")."""
    chosen: list[str] = []
    while len(chosen) < length:
        character = rng.choice(CHARACTERS)
        if character not in chosen[-4:]:
            chosen.append(character)
    return "".join(chosen)


_SAMPLE: Report | None = None


def make_report(agency: str, year: int, seed: int, *, broken_total: bool = False) -> Report:
    """The sample's tables under `agency` and `year`, with narrative text generated from `seed`.
    `broken_total`: 表三 一、本年新收 总计 one more than its row adds up to (an error)."""
    global _SAMPLE
    if _SAMPLE is None:
        _SAMPLE = load(sample_path())
    report = copy.deepcopy(_SAMPLE)
    report.meta.agency, report.meta.year = agency, year
    if agency.endswith("人民政府"):
        report.meta.kind = AgencyKind.GOVERNMENT
    rng = random.Random(seed)
    report.preamble = [f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。"]
    for section in report.sections:
        if section.paragraphs:
            section.paragraphs = [paragraph(rng) for _ in range(3)]
    report.sections[5].paragraphs.append("本年度未收取政府信息公开信息处理费。")
    if broken_total:
        report.cells[("t3", "1", "total")] = (report.cells[("t3", "1", "total")] or 0) + 1
    return report


def write_corpus(folder: Path, count: int) -> list[Path]:
    """`count` project files in `folder`: pairs of one agency's 2023 and 2024 reports, every 10th with a
    broken total, every 25th with its 五 copied from the report before it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    previous: Report | None = None
    for index in range(count):
        agency, year = agency_name(index // 2), 2023 + index % 2
        report = make_report(agency, year, seed=index, broken_total=index % 10 == 9)
        if index % 25 == 24 and previous is not None:
            report.sections[4].paragraphs = list(previous.sections[4].paragraphs)
        path = folder / f"{index:05d}{SUFFIX}"
        save(report, path)
        paths.append(path)
        previous = report
    return paths


#: The main process's peak resident memory at 5,000 files: an office PC has 4 GB shared with a browser.
MEMORY_BUDGET_MB = 400


@dataclass
class Measured:
    seconds: float
    #: Peak resident memory (MB) of the main process and of it with its pool's processes together;
    #: None where /proc cannot be read (not Linux).
    main_mb: float | None = None
    tree_mb: float | None = None


def measure_batch(count: int) -> Measured:
    """`main.py batch FOLDER --json` as a whole process on `count` generated files: its seconds and,
    on Linux, its peak memory (sampled from /proc: psutil is not a dependency)."""
    with tempfile.TemporaryDirectory(prefix="nianbao-batch-") as temporary:
        folder = Path(temporary) / "reports"
        write_corpus(folder, count)
        start = time.perf_counter()
        peaks, status, error = run_sampled(main_py("batch", str(folder), "--json"))
        measured = Measured(time.perf_counter() - start, peaks.main_mb, peaks.tree_mb)
        if status not in (0, 1):
            raise RuntimeError(error.decode("utf-8", "replace"))
    return measured


def batch_seconds(count: int) -> float:
    """Seconds of `main.py batch FOLDER --json` as a whole process on `count` generated files."""
    return measure_batch(count).seconds


def rows(full: bool = False) -> list[Row]:
    counts = [(500, 5), *([(5000, 60)] if full else [])]
    found = []
    for count, budget in counts:
        measured = measure_batch(count)
        found.append(Row(f"批量检查 {count} 份 batch {count:,} project files", measured.seconds, "s", budget))
        if measured.main_mb is None or measured.tree_mb is None:
            print(f"batch {count:,}: memory not measured (no /proc on this system)", file=sys.stderr)
            continue
        # (each row named with its count: --repeat matches rows by name)
        found.append(Row(f"  内存峰值 主进程 main process peak RSS ({count:,})", measured.main_mb, "MB",
                         MEMORY_BUDGET_MB if count >= 5000 else None))
        found.append(Row(f"  内存峰值 含工作进程 with pool workers ({count:,})", measured.tree_mb, "MB"))
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="also 5,000 files")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args(argv)
    if args.keep:
        write_corpus(args.keep, 5000 if args.full else 500)
        print(f"written to {args.keep}")
        return 0
    measured = rows(args.full)
    for row in measured:
        budget = f"budget {row.budget:g} {row.unit}  {'yes' if row.ok else 'NO'}" if row.budget is not None else ""
        print(f"{row.name:<50}{row.value:>8.2f} {row.unit}  {budget}")
    return 0 if all(row.ok for row in measured) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
