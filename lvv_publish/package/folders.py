"""The names of a project's ``datapackage/`` folder: where a release's package lives."""

# Old versions of a corrected release stay here, inside the release's package folder
# (``datapackage/15/versies/15.0.0/``).
VERSIONS_DIR = "versies"
# The SHA-256 of every descriptor validated with frictionless when it was published
# (``datapackage/validated.sha256``, ``ledger.py``).
LEDGER_NAME = "validated.sha256"
DESCRIPTOR = "datapackage.json"
