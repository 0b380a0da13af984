"""docs/architecture.md says a new industry needs no code change: one entry in the industry table.

The test writes the shipped table plus a fifteenth industry to a temporary file, builds a model
from it, and checks that the new industry is produced, traded, chosen and recorded like the others.
"""

from __future__ import annotations

import numpy as np

from nqpf.sim import RegionalEconomy, Scenario
from nqpf.sim import setup as start
from nqpf.sim.data import industries
from tests.builders import small_scenario

EXTRA = """

[industries.hydrogen]
name_en = "Hydrogen and fuel cells"
name_zh = "氢能与燃料电池"
tier = "future"
tech_intensity = 0.8
capital_intensity = 1.4
min_efficient_scale = 1.0
time_to_build = 2
demand_2023 = 300.0
demand_growth = 0.10
price_elasticity = 1.2
export_share = 0.05
learning_rate = 0.18
rd_success_sd = 0.3
value_added_share = 0.3
note = "A test industry."
"""


def test_a_fifteenth_industry_runs_without_code_changes(tmp_path, monkeypatch):
    table = tmp_path / "industries.toml"
    table.write_text(industries.TABLE_PATH.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    monkeypatch.setattr(
        start,
        "load_industries",
        lambda overrides=None: industries.load_industries(overrides, table),
    )
    sc: Scenario = small_scenario(8, end_year=2028, strategy={"mode": "herding"})
    model = RegionalEconomy(sc, seed=1)
    tables = model.run()
    ind = tables["industries"]
    assert model.world.n_industries == 16
    h2 = ind[ind.industry == "hydrogen"].set_index("year")
    assert len(h2) == 6 and (h2["capacity"] > 0).all() and (h2["output"] > 0).all()
    assert np.isfinite(h2["price"]).all() and (h2["price"] > 0).all()
    assert (model.world.firms.industry == 15).any()
    assert tables["national"]["gdp"].notna().all()
