"""How much of an input file is read: past these limits a file is refused, not read on.

Every table arrives by e-mail, so a file can be hostile: one character in cell XFD1048576,
a shared string of 400 MB, a zip bomb. The limits are far above any real LVV table (the
bundled Totaaloverzicht has 41 rows and 19 columns, a national one of every Dutch
municipality over six periods some 2,100 columns) and low enough that any file up to 10 MB
is answered within 30 s and 500 MiB (``benchmarks/hostile.py`` measures it). They are
documented in docs/robustness.md ("Bounded reading").
"""

from __future__ import annotations

# A file on disk (CSV, workbook, YAML): the real ones are a few KB to a few hundred KB.
MAX_FILE_BYTES = 32 * 2**20
# A table's rows: one per indicator (39 in the registry) plus headers and notes.
MAX_ROWS = 5_000
# A table's columns: one per municipality and period. Excel's own last column is 16,384
# (XFD); the widest real table (all 342 municipalities, six periods) needs about 2,100.
MAX_COLUMNS = 16_384
# Rows × columns of the grid as read (what is held in memory, and what reading costs: a
# workbook's cells are read at some 100,000 a second): six times the widest real table
# (342 municipalities × six periods × 41 rows is 84,000 cells).
MAX_CELLS = 500_000
# Excel's own limit on the text of one cell; a longer one was not written by Excel.
MAX_CELL_TEXT = 32_767
# A workbook is a zip archive: its members together, unpacked. A real Totaaloverzicht
# unpacks to well under 1 MiB; the largest table MAX_CELLS allows to some 40 MiB.
MAX_UNPACKED = 64 * 2**20
# Any other part (shared strings, styles, the workbook's own XML): openpyxl builds each as
# a whole in memory, some ten times its size. Real ones are a few KB to a few hundred KB.
MAX_PART = 16 * 2**20
# A worksheet part without a <dimension> (Excel always writes one) is parsed in full by
# openpyxl when it opens the workbook, keeping a small object per element: past this size
# such a part is refused.
MAX_UNDIMENSIONED = 4 * 2**20
# Worksheet XML packs 5 to 30 times; a zip bomb packs a thousand times and more. Only
# members of more than RATIO_FROM bytes unpacked are held to it (tiny parts pack oddly).
MAX_RATIO = 100
RATIO_FROM = 2**20
