"""Which link to last year's report a project file may make the app open (docs/file-format.md, 2.1).

A project file arrives by e-mail or on a USB stick; what it says is not the user's choice. Its
`prior.path` is opened while the file loads, so a crafted file could make the app read any file
(`/etc/shadow` as root, `/proc/self/environ`), a device that never ends, or on Windows connect
to `//host/share` (SMB, which sends the user's credentials). The documented layout, one folder
per year written by 从上年报告新建, needs none of that:

    年报/2024/某某局-2024.nianbao.json
    年报/2025/某某局-2025.nianbao.json   "prior": {"path": "../2024/某某局-2024.nianbao.json"}

So a link in a file is opened only when it is a relative path that, with `..` and symbolic links
resolved, stays within the folder that holds both years (the report's folder's parent, 年报/
above), and names a project file or a workbook. Anything else is not opened; the reason says why.
A link the user attaches in this session (关联上年报告) is the user's choice and is trusted, as is
a file the command line is told to trust (--trust-links).
"""

from __future__ import annotations

import os
import re

from model.report import PriorReport

#: Every reason a link was not opened starts so; the window offers to relink then.
REFUSED = "为安全起见未打开"
#: What last year's report may be: a project file, or a workbook (the Excel import).
PRIOR_SUFFIXES = (".nianbao.json", ".json", ".xlsx", ".xlsm")
#: POSIX trees of devices and kernel files, never a report (even below a folder that is "/").
DEVICE_TREES = ("/dev", "/proc", "/sys")
#: Windows device names, reserved in every folder and with any extension ("NUL.json" is NUL).
_WINDOWS_DEVICE = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$|clock\$)(\..*)?")
_DRIVE = re.compile(r"^[A-Za-z]:")


def refusal(reason: str) -> str:
    return f"{REFUSED}：{reason}"


def is_refused(prior: PriorReport | None) -> bool:
    """Whether `prior` is a link that was not opened because of what it names (see `link_problem`)."""
    return (prior is not None and not prior.embedded and prior.report is None
            and (prior.problem or "").startswith(REFUSED))


def syntax_problem(stored: str) -> str | None:
    """Why the path as written cannot be a link within the two years' folder; None if it may be."""
    unified = stored.replace("\\", "/")
    if unified.startswith(("//./", "//?/")):  # Windows device and raw-path namespaces
        return refusal("链接指向设备路径（\\\\.\\…），不是上年报告")
    if unified.startswith("//"):
        return refusal("链接指向网络位置（UNC 路径），上年报告应与本报告放在同一个文件夹树中")
    if unified.startswith("/") or _DRIVE.match(unified) or os.path.isabs(stored):
        return refusal("链接是绝对路径（或带盘符），只打开两个年度共同所在文件夹内的相对路径")
    parts = [part for part in unified.split("/") if part]
    if any(_WINDOWS_DEVICE.fullmatch(part.rstrip(" .")) for part in parts):
        return refusal("链接指向设备（如 CON、NUL），不是上年报告")
    if not stored.lower().endswith(PRIOR_SUFFIXES):
        return refusal("链接指向的不是年报项目文件（.nianbao.json、.json）或 Excel 工作簿（.xlsx）")
    return None


def link_problem(stored: str, folder: str | os.PathLike[str]) -> tuple[str | None, str]:
    """(why not to open, where it leads) for a link `stored` in a project file in `folder`.

    `folder` is the real folder of the report (symbolic links resolved). The first item is None
    when the link may be opened; the second is the absolute path it resolves to (or `stored`
    when the path is refused before anything on disk is looked at)."""
    problem = syntax_problem(stored)
    if problem is not None:
        return problem, stored
    base = os.path.realpath(folder)
    both_years = os.path.dirname(base)
    target = os.path.realpath(os.path.join(base, stored))  # `..` and symbolic links resolved
    if not _within(target, both_years):
        return refusal(f"链接超出了两个年度共同所在的文件夹“{both_years}”"), target
    if os.name != "nt" and any(_within(target, tree) for tree in DEVICE_TREES):
        return refusal("链接指向设备或系统文件，不是上年报告"), target
    if not os.path.basename(target).lower().endswith(PRIOR_SUFFIXES):  # a symbolic link to something else
        return refusal("链接实际指向的不是年报项目文件或 Excel 工作簿"), target
    return None, target


def absolute_problem(stored: str) -> str | None:
    """Why an absolute link (of a report whose folder is unknown) is not opened unless trusted."""
    return syntax_problem(stored) or refusal("链接是绝对路径，只打开两个年度共同所在文件夹内的相对路径")


def _within(path: str, folder: str) -> bool:
    try:
        common = os.path.commonpath([path, folder])
    except ValueError:  # another drive on Windows, or one path relative
        return False
    return os.path.normcase(common) == os.path.normcase(folder)  # Windows compares without case
