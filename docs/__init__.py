"""The documentation, installed with the tool as ``lvv_publish.docs``.

``lvv-publish docs [TOPIC]`` reads it from the installed wheel, so every document a message
names is there wherever the tool is installed (pyproject.toml maps this folder).
"""
