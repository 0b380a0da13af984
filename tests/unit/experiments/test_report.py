"""report: the Markdown and HTML tables of the report documents."""

from __future__ import annotations

from nqpf.sim.experiments.report import html_table, markdown_table


def test_markdown_and_html_tables_escape_their_cells():
    md = markdown_table(["a|b", "c"], [["x|y", "line\nbreak"]])
    assert md.splitlines() == ["| a\\|b | c |", "|---|---|", "| x\\|y | line break |"]
    page = html_table(["<h>"], [["a & b"]])
    assert "<th>&lt;h&gt;</th>" in page and "<td>a &amp; b</td>" in page
