"""The documentation that travels with the tool: ``docs``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import LvvError
from ..resources import doc_text, doc_topics
from .app import app, fail


@app.command("docs", rich_help_panel="4. Help")
def docs_command(
    topic: Annotated[
        str | None,
        typer.Argument(help="The document to show, e.g. releasing (default: list them)."),
    ] = None,
) -> None:
    """Read the documentation of lvv-publish: the quarterly routine, the data contract, …

    Without TOPIC, lists the documents; with it, prints that document (Markdown).
    """
    if topic is None:
        topics = doc_topics()
        width = max(len(name) for name in topics)
        typer.echo("The documentation of lvv-publish; read one with `lvv-publish docs TOPIC`:")
        for name, title in topics.items():
            typer.echo(f"  {name:<{width}}  {title}")
        return
    try:
        text = doc_text(topic)
    except LvvError as exc:
        fail(exc, False)
    typer.echo(text, nl=False)
