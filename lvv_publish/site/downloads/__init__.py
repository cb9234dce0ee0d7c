"""The downloads of a release (``/<N>/downloads/``) and of the whole site (``/downloads/``).

The package's tidy CSVs for programs and their Dutch-Excel twins, the Totaaloverzicht and a
table per municipality (``files.py``), the Excel workbook (``workbook.py``), the recipes that
read the CSVs with the right types (``recipes.py``) and the vintage file of every release.
"""
