"""(placeholder: filled by the issue that owns this command group)"""

from __future__ import annotations

import typer


def register(cli: typer.Typer) -> None:
    """Add this module's commands to the root CLI."""
