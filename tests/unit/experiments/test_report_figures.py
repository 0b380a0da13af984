"""report_figures: the colours of the plots."""

from __future__ import annotations

from nqpf.sim.experiments.report_figures import colors


def test_the_reference_is_dark_grey_and_the_others_distinct():
    palette = colors(5)
    assert palette[0] == "#333333" and len(set(palette)) == 5
