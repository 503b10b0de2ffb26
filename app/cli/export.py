"""`intelgraph export --format graphml|ftm|csv [--output FILE]`: the domain graph for other tools.

GraphML for Gephi and yEd, followthemoney entities (JSON lines) for Aleph and the OpenSanctions
tools, CSV nodes and edges for link-chart tools. The graph streams from Neo4j in batches
(app/graph/export.py). `--format` here names the file format, not the table|json|csv of the
commands that print results; the one-line summary goes to stderr, so stdout is only the export.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from app.cli.output import BAD_INPUT, fail, say
from app.cli.query import _graph, _run


class ExportFormat(enum.StrEnum):
    graphml = "graphml"
    ftm = "ftm"
    csv = "csv"


def register(cli: typer.Typer) -> None:
    cli.command("export")(export)


def csv_paths(output: Path) -> tuple[Path, Path]:
    """The two files of a CSV export: `<stem>-nodes.csv` and `<stem>-edges.csv` beside `output`."""
    stem = output.name[: -len(".csv")] if output.name.endswith(".csv") else output.name
    return output.with_name(f"{stem}-nodes.csv"), output.with_name(f"{stem}-edges.csv")


def export(
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="graphml (Gephi, yEd), ftm (followthemoney JSON lines) or csv."
        ),
    ] = ExportFormat.graphml,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (default stdout). CSV writes two files: <stem>-nodes.csv and "
            "<stem>-edges.csv.",
        ),
    ] = None,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Nodes or edges read per query.")] = 1000,
) -> None:
    """Export the domain graph: entities, statements, events and the facts between them."""
    from app.graph import export as graph_export

    driver, database = _graph()
    nodes = graph_export.iter_nodes(driver, database, batch)
    edges = graph_export.iter_edges(driver, database, batch)
    if fmt is ExportFormat.csv:
        if output is None:
            fail(
                "--format csv writes two files: give --output FILE (FILE-nodes.csv, FILE-edges.csv)",
                BAD_INPUT,
            )
        node_path, edge_path = csv_paths(output)
        with node_path.open("w", encoding="utf-8", newline="") as fh:
            n_nodes = _run(lambda: graph_export.write_csv_nodes(fh, nodes))
        with edge_path.open("w", encoding="utf-8", newline="") as fh:
            n_edges = _run(lambda: graph_export.write_csv_edges(fh, edges))
        say(f"exported {n_nodes} nodes to {node_path} and {n_edges} edges to {edge_path}")
        return

    def write(out: IO[str]) -> graph_export.ExportCounts:
        if fmt is ExportFormat.graphml:
            return graph_export.write_graphml(out, nodes, edges)
        from app.graph.export_ftm import write_ftm

        return write_ftm(out, nodes, edges)

    if output is None:
        counts = _run(lambda: write(sys.stdout))
        sys.stdout.flush()
    else:
        with output.open("w", encoding="utf-8") as fh:
            counts = _run(lambda: write(fh))
    skipped = f", {counts.skipped} without a {fmt.value} counterpart skipped" if counts.skipped else ""
    say(
        f"exported {counts.nodes} nodes and {counts.edges} edges as {fmt.value}{skipped}"
        + (f" to {output}" if output else "")
    )
