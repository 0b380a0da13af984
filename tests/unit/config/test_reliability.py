"""What validation refuses so that ``validate`` and ``run`` agree: repeated and ignored ``--set``
keys, booleans as numbers, industry overrides, whole years to build, the horizon and geography
caps, and ranges narrowed to what the economics supports."""

from __future__ import annotations

import pytest

from nqpf.sim.config import Scenario, ScenarioError
from nqpf.sim.config.scenario import MAX_YEARS, MAX_YEARS_TEXTBOOK
from nqpf.sim.config.sections_world import MAX_REGIONS


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text('[world]\ngeography = "synthetic:3"\nend_year = 2030\n', encoding="utf-8")
    return p


def refused(path, *overrides: str) -> str:
    with pytest.raises(ScenarioError) as info:
        Scenario.load(path, overrides=list(overrides))
    return str(info.value)


def test_a_key_set_twice_is_an_error(path):
    msg = refused(path, "solow.delta=0.1", "solow.delta=0.2")
    assert "'solow.delta' is already set by --set 'solow.delta=0.1'" in msg
    msg = refused(path, "solow.delta=0.1", "solow={delta = 0.2}")
    assert "already set" in msg
    Scenario.load(path, overrides=["solow.delta=0.1", "solow.alpha=0.4"])


def test_a_table_value_merges_into_the_files_table(tmp_path):
    p = tmp_path / "s.toml"
    p.write_text(
        '[world]\ngeography = "synthetic:3"\nend_year = 2030\n[solow]\ndelta = 0.07\n',
        encoding="utf-8",
    )
    sc = Scenario.load(p, overrides=["solow={alpha = 0.45}"])
    assert (sc.solow.alpha, sc.solow.delta) == (0.45, 0.07)  # delta kept, not the default
    again = sc.with_overrides({"solow": {"alpha": 0.3}})
    assert (again.solow.alpha, again.solow.delta) == (0.3, 0.07)
    msg = refused(p, "solow={alpha = 1.5}")
    assert msg.startswith("--set: field 'solow.alpha' = 1.5 is invalid")  # placed at the --set


def test_a_table_valued_field_is_replaced_whole():
    """Inside a section a table is the field's value: it replaces the file's (a map can be
    cleared), while a whole section's table merges."""
    from nqpf.sim.config.toml import set_path

    data = {"strategy": {"mode": "tailored", "by_region": {"A": "herding", "B": "herding"}}}
    set_path(data, ["strategy", "by_region"], {"B": "tailored"})
    assert data["strategy"]["by_region"] == {"B": "tailored"}
    set_path(data, ["strategy", "by_region"], {})
    assert data["strategy"] == {"mode": "tailored", "by_region": {}}
    set_path(data, ["strategy"], {"by_region": {"C": "herding"}})
    assert data["strategy"] == {"mode": "tailored", "by_region": {"C": "herding"}}


def test_extends_cannot_be_set(path):
    assert "'extends' cannot be set from the command line" in refused(path, "extends=other.toml")


@pytest.mark.parametrize("text", ["true", "false"])
def test_booleans_are_not_numbers(path, text):
    msg = refused(path, f"solow.delta={text}")
    assert "field 'solow.delta'" in msg and "true/false is not a number" in msg
    assert "is not a number" in refused(path, f"economy.initial_firms={text}")
    Scenario.load(path, overrides=["economy.enabled=false"])  # a boolean field takes them


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("solow.alpha='0.4'", "'0.4' is text, not a number (numbers take no quotes)"),
        ("world.end_year='2030'", "'2030' is text, not a number"),
        ("solow.alpha=abc", "'abc' is text, not a number"),
        ("economy.enabled='no'", "'no' is not a switch; give true or false (no quotes)"),
        ("economy.enabled=1", "1 is not a switch"),
        ("economy.enabled=True", "'True' is not a switch"),  # TOML's booleans are lower case
    ],
)
def test_text_is_not_a_number_and_numbers_are_not_switches(path, override, fragment):
    msg = refused(path, override)
    assert fragment in msg and msg.startswith("--set: field")


def test_quoted_numbers_in_a_file_are_refused_with_the_line(tmp_path):
    p = tmp_path / "q.toml"
    p.write_text('[world]\ngeography = "synthetic:3"\n[solow]\nalpha = "0.4"\n', encoding="utf-8")
    assert f"{p}, line 4: field 'solow.alpha' = '0.4' is invalid: '0.4' is text" in refused(p)


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ("industries.quantum.demand_growth=5.0", "industries.quantum.demand_growth = 5.0"),
        ("industries.quantum.time_to_build=2.7", "a whole number of years"),
        ("industries.steel.demand_growth=0.1", "industries.steel: unknown industry"),
        ("industries.quantum.colour=1", "industries.quantum.colour: unknown field"),
    ],
)
def test_industry_overrides_are_validated(path, override, fragment):
    assert fragment in refused(path, override)


def test_time_to_build_whole_numbers_pass(path):
    sc = Scenario.load(path, overrides=["industries.quantum.time_to_build=3.0"])
    assert sc.industries["quantum"]["time_to_build"] == 3.0


def test_horizon_is_capped_with_the_full_economy_not_in_textbook_mode(path):
    msg = refused(path, f"world.end_year={2023 + MAX_YEARS + 1}")
    assert f"at most {MAX_YEARS} with the full economy" in msg
    Scenario.load(path, overrides=[f"world.end_year={2023 + MAX_YEARS}"])
    textbook = ["economy.enabled=false", f"world.end_year={2023 + MAX_YEARS_TEXTBOOK}"]
    Scenario.load(path, overrides=textbook)


def test_regional_investment_from_data_needs_the_provinces(path):
    msg = refused(path, "macro.regional_investment=data")
    assert "macro.regional_investment = 'data'" in msg and "'synthetic:3'" in msg
    assert "Allowed: 'data' with geography 'china31', or 'uniform' or 'auto'" in msg
    path.write_text(path.read_text() + '[macro]\nregional_investment = "data"\n', encoding="utf-8")
    assert refused(path).startswith(f"{path}, line ")  # the file that asks for it is named
    path.write_text(path.read_text().replace('"data"', '"uniform"'), encoding="utf-8")
    assert "'uniform'" in refused(path, "macro.regional_investment=provinces")
    Scenario.load(path, overrides=["macro.regional_investment=uniform"])
    Scenario.load(path, overrides=["world.geography=china31", "macro.regional_investment=data"])


def test_regional_investment_auto_follows_the_data_where_the_map_has_it(path):
    """The default "auto" is "data" on china31 (the provinces' shares) and "uniform" on any other
    map, so that a synthetic map can be run from the baseline without naming the option."""
    synthetic = Scenario.load(path)
    assert synthetic.macro.regional_investment == "auto"
    assert not synthetic.investment_shares_from_data
    provinces = Scenario.load(path, overrides=["world.geography=china31"])
    assert provinces.investment_shares_from_data
    uniform = ["world.geography=china31", "macro.regional_investment=uniform"]
    assert not Scenario.load(path, overrides=uniform).investment_shares_from_data


def test_custom_geography_is_capped(tmp_path):
    p = tmp_path / "custom.toml"
    regions = "".join(f'[[world.regions]]\nname = "R{i}"\n' for i in range(MAX_REGIONS + 1))
    p.write_text(f'[world]\ngeography = "custom"\nend_year = 2025\n{regions}', encoding="utf-8")
    assert f"at most {MAX_REGIONS} are allowed" in refused(p)


@pytest.mark.parametrize(
    ("override", "bound"),
    [
        ("solow.delta=0.6", "<= 0.5"),
        ("finance.initial_leverage=0.002", ">= 0.05"),
        ("technology.spillover_distance_km=1e-300", ">= 10"),
        ("technology.absorptive_scale=1e-300", ">= 0.1"),
        ("talent.labor_mobility=1.0", "<= 0.5"),
    ],
)
def test_ranges_narrowed_to_what_the_economics_supports(path, override, bound):
    assert bound in refused(path, override)


def test_narrowed_ranges_say_why():
    from nqpf.sim.config.params import param_extra

    delta = Scenario.model_fields["solow"].annotation.model_fields["delta"]
    lev = Scenario.model_fields["finance"].annotation.model_fields["initial_leverage"]
    assert "At most 0.5" in param_extra(delta)["source"]
    assert "Floor 0.05" in param_extra(lev)["source"]


def test_spillovers_and_absorptive_capacity_at_their_lowest_allowed_scales_do_not_overflow():
    """At the narrowed bounds the weights and the capacity are computed without an overflow
    (which the schema test turns into an error), for any two points on Earth and any R&D
    intensity up to 100 % of GDP; below them ``d / scale`` overflowed."""
    import warnings

    import numpy as np

    from nqpf.sim.economics.solow import absorptive_capacity
    from nqpf.sim.economics.technology import spillover_weights

    distance = np.array([[0.0, 2.4, 20_000.0], [2.4, 0.0, 109.0], [20_000.0, 109.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = spillover_weights(
            distance,
            np.zeros((3, 3), dtype=bool),
            None,
            decay_km=10.0,
            neighbor_weight=1.0,
            cooperation_weight=0.0,
        )
        h = absorptive_capacity(np.array([0.0, 0.2, 100.0]), 0.1)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)  # each region's weights still sum to one
    assert w[0, 1] > 0.99 and w[2, 1] > 0.99  # nearly all to the nearest region
    np.testing.assert_allclose(h, [0.0, 1 - np.exp(-2.0), 1.0])
    with pytest.warns(RuntimeWarning, match="overflow"):
        spillover_weights(
            distance,
            np.zeros((3, 3), dtype=bool),
            None,
            decay_km=1e-307,
            neighbor_weight=1.0,
            cooperation_weight=0.0,
        )
