"""Data shipped with the tool: the rule catalogue and the registry defaults for new projects."""
