"""JSON Schema (draft 2020-12) of the project file, format versions 1 to 4.

Built from the template declarations in `model.templates.TEMPLATES`, so a new
template year changes the schema without code here. The shipped copy is
resources/schema/nianbao-report-v4.schema.json (it validates version-1 to -3
files too); regenerate it with

    python -m model.schema > resources/schema/nianbao-report-v4.schema.json

(tests/test_projectfile.py fails when the shipped copy is stale).

The loader (`model.projectfile`) is the authority. The schema describes the
same format for other tools and for people, and is as strict as JSON Schema
allows; what it cannot say is listed in `LOADER_ONLY_RULES` (and in
docs/file-format.md).
"""

from __future__ import annotations

import io
import json
import sys
from typing import Any

from model.projectfile import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KEYS_ADDED_IN,
    MAX_FILE_BYTES,
    MAX_MAGNITUDE,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
    META_KEYS_ADDED_IN,
)
from model.report import AgencyKind
from model.signoff import MAX_NOTE_CHARS
from model.template import Table, Template
from model.templates import TEMPLATES
from model.text_rules import NO_REFUSED_CONTROL_PATTERN

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"urn:nianbao:schema:{FORMAT_NAME}:v{FORMAT_VERSION}"
#: The shipped copy, under resources/schema/.
SCHEMA_FILE_NAME = f"{FORMAT_NAME}-v{FORMAT_VERSION}.schema.json"
#: Must stay in step with projectfile._sections_from_json.
MAX_SECTIONS = 50
#: Characters the loader refuses in any text (model/text_rules.py);
#: tab, line feed and carriage return are allowed.
NO_CONTROL_CHARS = NO_REFUSED_CONTROL_PATTERN

LOADER_ONLY_RULES = (
    "numbers: at most 15 significant digits and no digit below 10^-15",
    "meta.year, version and template: written as integers (2024, not 2024.0)",
    "meta.published, meta.local_deadline: a real calendar date (2024-02-30 is refused)",
    "signoffs: each (rule, location, fingerprint) at most once; note not only white space",
    "sections: each id at most once",
    "prior.path: not only white space (as Python's str.strip() sees it)",
    "text: no unpaired surrogate code points",
    f"the whole file: at most {MAX_FILE_BYTES} bytes, UTF-8 (a BOM is accepted), no duplicate keys",
)


def json_schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict (deterministic: same templates, same dict)."""
    defs: dict[str, Any] = {
        "text": {
            "type": "string",
            "maxLength": MAX_TEXT_CHARS,
            "pattern": NO_CONTROL_CHARS,
        },
        "paragraphs": {
            "type": "array",
            "maxItems": MAX_PARAGRAPHS,
            "items": {"$ref": "#/$defs/text"},
        },
        "cell": {
            "description": "单元格：数值（按报告所述，合计也照录），null 表示空白（空白不等于 0）。",
            "type": ["number", "null"],
            "exclusiveMinimum": -int(MAX_MAGNITUDE),
            "exclusiveMaximum": int(MAX_MAGNITUDE),
        },
        "meta": _meta(),
    }
    for year, template in sorted(TEMPLATES.items()):
        defs[f"sections-{year}"] = _sections(template)
        defs[f"tables-{year}"] = _tables(template)
        defs[f"cell-keys-{year}"] = _cell_keys(template)
        for table in template.tables:
            defs[f"rows-{year}-{table.id}"] = _row_cells(table)
    defs["prior"] = _prior()
    defs["signoffs"] = _signoffs()
    defs["embedded-report"] = {
        "description": (f"内嵌的上年报告：一个完整的报告对象（格式版本 1 至 {FORMAT_VERSION}），"
                        "但不能再有自己的 prior。"),
        **_report_object(embedded=True),
    }
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "年报编制助手项目文件（政府信息公开工作年度报告）",
        "description": (
            f"nianbao project file, format versions 1 to {FORMAT_VERSION}: one annual report "
            "(metadata, narrative paragraphs, statistical tables; from version 2 optionally last year's "
            "report and the cells filled from it; from version 3 the cells an import from a document could not "
            "read for certain; from version 4 the warnings a reviewer signed off and a local earlier deadline). "
            "File suffix .nianbao.json, UTF-8. "
            "See docs/file-format.md. The loader also enforces: " + "; ".join(LOADER_ONLY_RULES) + "."
        ),
        **_report_object(embedded=False),
        "$defs": defs,
    }


def _report_object(embedded: bool) -> dict[str, Any]:
    """The report object: the whole file, or (`embedded`) the copy of last year's inside "prior"."""
    conditions: list[dict[str, Any]] = []
    for year in sorted(TEMPLATES):
        conditions.append({
            "if": {"properties": {"template": {"const": year}}, "required": ["template"]},
            "then": {"properties": {
                "sections": {"$ref": f"#/$defs/sections-{year}"},
                "tables": {"$ref": f"#/$defs/tables-{year}"},
                "prefilled": {"$ref": f"#/$defs/cell-keys-{year}"},
                "uncertain": {"$ref": f"#/$defs/cell-keys-{year}"},
            }},
        })
    for version in range(1, FORMAT_VERSION):  # the keys a later version added are refused
        later = [key for added, keys in KEYS_ADDED_IN.items() if added > version for key in keys]
        later_meta = [key for added, keys in META_KEYS_ADDED_IN.items() if added > version for key in keys]
        properties: dict[str, Any] = dict.fromkeys(later, False)
        if later_meta:
            properties["meta"] = {"properties": dict.fromkeys(later_meta, False)}
        conditions.append({
            "if": {"properties": {"version": {"const": version}}, "required": ["version"]},
            "then": {"properties": properties},
        })
    return {
        "type": "object",
        "required": ["format", "version", "template", "meta", "preamble", "sections", "tables"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {
                "description": (f"格式版本（1 至 {FORMAT_VERSION}）。读取程序拒绝比自己新的版本。"
                                "写成能容纳所用键的最低版本：不含 prior、prefilled、uncertain 的报告仍写成版本 1，"
                                "含 uncertain 的写成版本 3，含 signoffs 或 meta.local_deadline 的写成版本 4。"),
                "enum": list(range(1, FORMAT_VERSION + 1)),
            },
            "template": {
                "description": "统计表模板的年份：" + "；".join(
                    f"{year} = {template.source}" for year, template in sorted(TEMPLATES.items())) + "。",
                "enum": sorted(TEMPLATES),
            },
            "meta": {"$ref": "#/$defs/meta"},
            "preamble": {
                "description": "“一、总体情况”之前的引言段落。",
                "$ref": "#/$defs/paragraphs",
            },
            "sections": {"type": "array", "maxItems": MAX_SECTIONS},
            "tables": {"type": "object"},
            "prefilled": {
                "description": "（格式版本 2 起）由上年报告预填的单元格 [表 id, 行 id, 列 id]，如二、上年结转。",
                "type": "array",
            },
            "uncertain": {
                "description": ("（格式版本 3 起）从文档导入时未能确定读数、尚待用户核对确认的单元格"
                                " [表 id, 行 id, 列 id]；值照常在 tables 中，确认后从此列表删除。"),
                "type": "array",
            },
            "prior": False if embedded else {"$ref": "#/$defs/prior"},
            "signoffs": {"$ref": "#/$defs/signoffs"},
        },
        "allOf": conditions,
    }


def _prior() -> dict[str, Any]:
    return {
        "description": ("（格式版本 2 起）上年报告：path 为上年项目文件的路径"
                        "（相对于本文件所在文件夹，不能相对时为绝对路径），"
                        "embedded 为内嵌的副本；至少一个不为 null，有内嵌副本时以副本为准。"),
        "type": "object",
        "required": ["path", "embedded"],
        "additionalProperties": False,
        "properties": {
            "path": {"anyOf": [{"type": "null"}, {"allOf": [{"$ref": "#/$defs/text"}, {"pattern": r"\S"}]}]},
            "embedded": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/embedded-report"}]},
        },
        "not": {"properties": {"path": {"type": "null"}, "embedded": {"type": "null"}}},
    }


def _signoffs() -> dict[str, Any]:
    text = {"$ref": "#/$defs/text"}
    location = {
        "description": "检查结果指向的位置（与 check --json 的 location 相同，但不含 span）",
        "type": "object",
        "required": ["section"],
        "additionalProperties": False,
        "properties": {
            **{key: text for key in ("section", "table", "row", "column", "field", "source")},
            "paragraph": {"type": "integer", "minimum": 0},
            "cells": {"type": "array", "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": text}},
        },
    }
    return {
        "description": ("（格式版本 4 起）已核实的警告：rule 为规则编号，location 为位置，fingerprint 为核实时"
                        "该警告及其所指内容（单元格的值、句子或段落的文字、基本信息的值、说明文字）的 SHA-256 指纹，"
                        "note 为核实说明。内容改变后指纹不再相符，该记录即失效并在保存时删除。"),
        "type": "array",
        "items": {
            "type": "object",
            "required": ["rule", "location", "fingerprint", "note"],
            "additionalProperties": False,
            "properties": {
                "rule": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"},
                "location": location,
                "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "note": {"allOf": [text, {"pattern": r"\S", "maxLength": MAX_NOTE_CHARS}]},
            },
        },
    }


def _cell_keys(template: Template) -> dict[str, Any]:
    keys = [[key[0], key[1], key[2]] for key, _table, _column in template.cell_specs]
    return {
        "description": f"{template.year} 年版模板的单元格 [表 id, 行 id, 列 id]，每个最多一次",
        "type": "array",
        "uniqueItems": True,
        "items": {"enum": keys},
    }


def _meta() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["agency", "year", "kind", "published", "website", "phone", "email"],
        "additionalProperties": False,
        "properties": {
            "agency": {"description": "机关名称", "$ref": "#/$defs/text"},
            "year": {"description": "报告年度；null 表示未知（如从未写明年度的工作簿导入）",
                     "type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
            "kind": {
                "description": "department = 政府部门（1 月 31 日前公布），government = 人民政府（3 月 31 日前公布）",
                "enum": [k.value for k in AgencyKind],
            },
            "published": {
                "description": "公布日期 YYYY-MM-DD，未定为 null",
                "type": ["string", "null"],
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "format": "date",
            },
            "website": {"description": "网站地址", "$ref": "#/$defs/text"},
            "phone": {"description": "联系电话", "$ref": "#/$defs/text"},
            "email": {"description": "电子邮箱", "$ref": "#/$defs/text"},
            "local_deadline": {
                "description": ("（格式版本 4 起）本地要求的更早期限 YYYY-MM-DD：“晚于公布期限”按法定期限与它中"
                                "较早的一个判断；晚于法定期限时不起作用"),
                "type": "string",
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "format": "date",
            },
        },
    }


def _sections(template: Template) -> dict[str, Any]:
    table_sections = [s.id for s in template.sections if s.kind != "narrative"]
    item: dict[str, Any] = {
        "type": "object",
        "required": ["id", "title"],
        "additionalProperties": False,
        "properties": {
            "id": {"enum": [s.id for s in template.sections]},
            "title": {"$ref": "#/$defs/text"},
            "paragraphs": {"$ref": "#/$defs/paragraphs"},
        },
    }
    if table_sections:
        # Table sections (二 to 四) carry no paragraphs; an empty list is tolerated.
        item["if"] = {"properties": {"id": {"enum": table_sections}}}
        item["then"] = {"properties": {"paragraphs": {"maxItems": 0}}}
    titles = "；".join(f"{s.id} = {s.title}" for s in template.sections)
    return {
        "description": f"{template.year} 年版模板的部分：{titles}",
        "type": "array",
        "maxItems": MAX_SECTIONS,
        "items": item,
    }


def _tables(template: Template) -> dict[str, Any]:
    return {
        "description": f"{template.year} 年版模板（{template.source}）的统计表：表 → 行 → 列 → 单元格",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            table.id: {
                "title": table.name,
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    row.id: {
                        "title": " ".join(row.path) or table.name,
                        "$ref": f"#/$defs/rows-{template.year}-{table.id}",
                    }
                    for row in table.rows
                },
            }
            for table in template.tables
        },
    }


def _row_cells(table: Table) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            column.id: {"title": "·".join(column.path), "$ref": "#/$defs/cell"}
            for column in table.columns
        },
    }


def main() -> int:
    if isinstance(sys.stdout, io.TextIOWrapper):  # a Windows console may be cp936
        sys.stdout.reconfigure(encoding="utf-8")
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
