"""The site's Jinja2 templates, theme overrides and assets.

Installed as ``lvv_publish.site_templates`` (see ``[tool.setuptools.package-dir]`` in
pyproject.toml), so the tool finds them with ``importlib.resources`` wherever it runs.
"""
