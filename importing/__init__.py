"""Reading files nianbao did not write (export/ is for writing).

The core is format-neutral: `result` (problems at a `SourcePlace`, the `ImportResult`), `labels`
(the template's labels in every published spelling), `grid` (the `Grid` protocol a table of any
format implements), `layout` and `tables` (the table locator and reader over grids), `values`
and `meta`. A format adds its opening and its grids: Excel is `xlsx` (`import_xlsx`),
`xlsx_safety` / `xlsx_parts` (an untrusted workbook examined before openpyxl reads it) and
`xlsx_grid`. Nothing here imports ui/ or export/.
"""
