"""The records kernel (sim/economics/compiled_records.py) against its NumPy reference
(sim/outputs/firm_totals.py): the year's records of ``metrics.collect`` made on both paths
must be the same, every number bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.sim.economics import compiled_path
from nqpf.sim.outputs import firm_totals, metrics
from tests.unit.economics.test_compiled_finance import assert_same, model, twin

pytest.importorskip("numba")


@pytest.mark.parametrize(
    ("scenario", "seed"), [("baseline.toml", 0), ("baseline.toml", 1), ("herding.toml", 2)]
)
def test_records_compiled_and_reference_are_the_same(scenario, seed, monkeypatch):
    """Every year's four records of a few years' run."""
    calls: dict[str, int] = {}
    m = model(scenario, seed, 1500)
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    assert compiled_path.compiled("records.firm_totals") is not None
    monkeypatch.setattr(metrics, "collect", twin(metrics.collect, calls))
    for _ in range(3):
        m.step()
    assert calls == {"collect": 3}


def test_records_of_degenerate_firms_and_of_some_tables(monkeypatch):
    """Firms without capacity, output, assets or workers, zombies; the records with and
    without the regional tables; and a kernel that is off by one bit is seen."""
    m = model("herding.toml", 3, 800)
    m.step()
    m.step()
    w, sc = m.world, m.scenario
    f = w.firms
    rows = np.arange(f.n)
    f.capacity[rows % 5 == 0] = 0.0
    f.output[rows % 5 == 0] = 0.0
    f.output[rows % 6 == 0] *= 2.0  # some above capacity
    f.capital[rows % 7 == 0] = 0.0
    f.pipeline[rows % 7 == 0] = 0.0
    f.labor[rows % 8 == 0] = 0.0
    f.zombie[rows % 4 == 0] = True
    monkeypatch.setenv(compiled_path.ENV_SWITCH, "1")
    previous, every_table = m.recorder.previous(), m.recorder.recorded
    for tables in (("national", "industries"), every_table):
        with compiled_path.reference_only():
            expected = metrics.collect(w, sc, previous, tables)
        assert_same(expected, metrics.collect(w, sc, previous, tables), str(tables))
    kernel = compiled_path.compiled("records.firm_totals")

    def off_by_a_bit(*args):  # noqa: ANN002, ANN202
        sums = kernel(*args)
        sums[0][0] = np.nextafter(sums[0][0], np.inf)  # the firms' assets in the first region
        return sums

    monkeypatch.setattr(firm_totals.compiled_path, "compiled", lambda name: off_by_a_bit)
    with pytest.raises(AssertionError, match="capital"):
        assert_same(expected, metrics.collect(w, sc, previous, every_table))
