"""Sweep specs: validation before any run, designs, seeds, summary reducers."""

from __future__ import annotations

import re
import tomllib

import numpy as np
import pandas as pd
import pytest

from nqpf.sim.experiments.batch import spawn_seeds
from nqpf.sim.experiments.sweep_metrics import REDUCERS, MetricSpec
from nqpf.sim.experiments.sweep_plan import plan
from nqpf.sim.experiments.sweep_spec import SweepSpecError, load_sweep
from tests.builders import SOLOW_BASE as BASE
from tests.conftest import SCENARIOS

GOOD = """name = "t"
base = "base.toml"
replicates = 3
master_seed = 11
[parameters]
"solow.saving_rate" = { range = [0.2, 0.4], points = 3 }
"technology.catch_up_rate" = { values = [0.0, 0.01] }
[design]
method = "grid"
[metrics]
g = { reduce = "mean", column = "gdp_growth", years = [2024, 2030] }
"""


def write(tmp_path, spec: str, base: str = BASE):
    (tmp_path / "base.toml").write_text(base)
    path = tmp_path / "spec.toml"
    path.write_text(spec)
    return path


def error_of(tmp_path, spec: str) -> str:
    with pytest.raises(SweepSpecError) as info:
        load_sweep(write(tmp_path, spec))
    return str(info.value)


@pytest.mark.parametrize(
    "name",
    [
        "herding_intensity",
        "lever_screening",
        "ishigami",
        "herding_gap_herding",
        "herding_gap_tailored",
    ],
)
def test_shipped_specs_validate(name):
    sweep = load_sweep(SCENARIOS / "sweeps" / f"{name}.toml")
    the_plan = plan(sweep)
    assert len(the_plan.runs) == len(the_plan.points) * sweep.spec.replicates
    assert the_plan.runs["run_id"].is_unique


def test_the_two_herding_gap_sweeps_pair_point_by_point():
    # the gap analysis subtracts point k of one sweep from point k of the other
    h, t = (
        plan(load_sweep(SCENARIOS / "sweeps" / f"herding_gap_{side}.toml"))
        for side in ("herding", "tailored")
    )
    np.testing.assert_array_equal(h.points, t.points)
    pd.testing.assert_frame_equal(h.runs, t.runs)


def test_herding_intensity_grid_and_common_seeds():
    sweep = load_sweep(SCENARIOS / "sweeps" / "herding_intensity.toml")
    assert [p.path for p in sweep.parameters] == [
        "strategy.herding_propensity",
        "finance.bank_extrapolation",
    ]
    the_plan = plan(sweep)
    assert the_plan.points.shape == (25, 2)
    assert sorted({float(v) for v in the_plan.points[:, 0]}) == [0.0, 0.25, 0.5, 0.75, 1.0]
    seeds = the_plan.runs.pivot(index="point", columns="replicate", values="seed")
    assert (seeds.nunique() == 1).all()  # replicate k has one seed at every point
    assert seeds.iloc[0].tolist() == spawn_seeds(sweep.spec.master_seed, 4)
    assert sweep.scenario.world.end_year == 2040  # [set] applied to the base


def test_independent_seeds_when_not_common(tmp_path):
    spec = GOOD.replace("master_seed = 11", "master_seed = 11\ncommon_random_numbers = false")
    sweep = load_sweep(write(tmp_path, spec))
    runs = plan(sweep).runs
    assert runs["seed"].tolist() == spawn_seeds(11, 18)


def test_grid_is_the_product_and_design_is_reproducible(tmp_path):
    sweep = load_sweep(write(tmp_path, GOOD))
    a, b = plan(sweep), plan(sweep)
    assert a.points.tolist() == b.points.tolist()
    assert {tuple(p) for p in a.points} == {(s, c) for s in (0.2, 0.3, 0.4) for c in (0.0, 0.01)}
    assert a.values(sweep, 0) == {"solow.saving_rate": 0.2, "technology.catch_up_rate": 0.0}


def test_latin_hypercube_stratifies_every_dimension(tmp_path):
    spec = (
        GOOD.replace("{ range = [0.2, 0.4], points = 3 }", "{ range = [0.2, 0.4] }")
        .replace("{ values = [0.0, 0.01] }", "{ range = [0.0, 0.1] }")
        .replace('method = "grid"', 'method = "latin_hypercube"\nsamples = 20')
    )
    pts = plan(load_sweep(write(tmp_path, spec))).points
    for col, (lo, hi) in zip(pts.T, [(0.2, 0.4), (0.0, 0.1)]):
        bins = np.floor((col - lo) / (hi - lo) * 20).astype(int)
        assert sorted(bins) == list(range(20))


@pytest.mark.parametrize(
    "method,extra,rows",
    [
        ("sobol", "samples = 16", 16 * (2 + 2)),
        ("sobol", "samples = 16\nsecond_order = true", 16 * (2 * 2 + 2)),
        ("morris", "samples = 5", 5 * (2 + 1)),
    ],
)
def test_salib_designs_have_their_sizes_and_stay_in_range(tmp_path, method, extra, rows):
    spec = (
        GOOD.replace("{ range = [0.2, 0.4], points = 3 }", "{ range = [0.2, 0.4] }")
        .replace("{ values = [0.0, 0.01] }", "{ range = [0.0, 0.1] }")
        .replace('method = "grid"', f'method = "{method}"\n{extra}')
    )
    pts = plan(load_sweep(write(tmp_path, spec))).points
    assert pts.shape == (rows, 2)
    assert pts[:, 0].min() >= 0.2 and pts[:, 0].max() <= 0.4
    assert pts[:, 1].min() >= 0.0 and pts[:, 1].max() <= 0.1


def test_integer_fields_get_integers(tmp_path):
    spec = GOOD.replace(
        '"technology.catch_up_rate" = { values = [0.0, 0.01] }',
        '"strategy.priorities_smallest" = { range = [1, 4], points = 4 }',
    )
    sweep = load_sweep(write(tmp_path, spec))
    values = [plan(sweep).values(sweep, i)["strategy.priorities_smallest"] for i in range(12)]
    assert all(isinstance(v, int) for v in values) and set(values) == {1, 2, 3, 4}


# ------------------------------------------------------------------ errors, before any run


def test_unknown_parameter_path_names_file_line_and_allowed(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('"solow.saving_rate"', '"solow.savings_rate"'))
    assert "spec.toml, line 6" in msg
    assert "unknown field 'solow.savings_rate'" in msg and "saving_rate" in msg


def test_range_end_outside_the_schema_is_reported(tmp_path):
    msg = error_of(tmp_path, GOOD.replace("[0.2, 0.4], points = 3", "[0.2, 1.5], points = 3"))
    assert "spec.toml, line 6" in msg and "upper end 1.5" in msg
    assert "solow.saving_rate" in msg and "0.95" in msg


def test_schema_errors_name_line_field_and_allowed(tmp_path):
    msg = error_of(tmp_path, GOOD.replace('method = "grid"', 'method = "factorial"'))
    assert "spec.toml, line 9" in msg and "design.method" in msg and "latin_hypercube" in msg
    msg = error_of(tmp_path, GOOD.replace("replicates = 3", "replicate = 3"))
    assert "line 3" in msg and "unknown field 'replicate'" in msg and "replicates" in msg
    msg = error_of(tmp_path, GOOD.replace("points = 3", "points = 3, step = 2"))
    assert "unknown field 'parameters.solow.saving_rate.step'" in msg and "points" in msg


@pytest.mark.parametrize(
    "change,expected",
    [
        (
            ('method = "grid"', 'method = "sobol"\nsamples = 100'),
            "line 10: sobol needs design.samples a power of 2",
        ),
        (
            ('method = "grid"', 'method = "sobol"\nsamples = 1'),
            "line 10: sobol needs design.samples a power of 2, at least 2",
        ),
        (('method = "grid"', 'method = "sobol"\nsamples = 64'), "line 7: design method 'sobol'"),
        (('method = "grid"', 'method = "latin_hypercube"'), "needs design.samples"),
        (('column = "gdp_growth"', 'column = "gdp_grow"'), "Allowed: year, gdp, gdp_growth"),
        (("years = [2024, 2030]", "years = [2024, 2040]"), "year 2040 is outside the runs' years"),
        (('base = "base.toml"', 'base = "missing.toml"'), "does not exist"),
        (('base = "base.toml"', 'base = "."'), "is a folder. 'base' takes a scenario file's"),
        (("[0.2, 0.4], points = 3", "[], points = 3"), "range takes two numbers, [low, high]"),
        (
            ('"solow.saving_rate"', '"solow"'),
            "parameter 'solow' names a section of the scenario, not a field; vary one of its "
            "fields, e.g. 'solow.",
        ),
        (("[parameters]", '[set]\n"solow.alpha" = 2.0\n[parameters]'), "[set] is not valid"),
        (("g = {", "seed = {"), "line 11: name 'seed' is taken"),
        (("{ values = [0.0, 0.01] }", "{ values = [0.0, nan] }"), "values must be finite"),
        (
            ("{ values = [0.0, 0.01] }", "{ values = [0.0, true] }"),
            "value True: a float field takes numbers only",
        ),
        (
            ("{ values = [0.0, 0.01] }", '{ values = [0.0, "x"] }'),
            "parameter 'technology.catch_up_rate', value 'x': a float field takes numbers only",
        ),
    ],
)
def test_spec_errors(tmp_path, change, expected):
    assert expected in error_of(tmp_path, GOOD.replace(*change))


def test_spec_error_exits_2_before_any_run(tmp_path, cli):
    path = write(tmp_path, GOOD.replace("[0.2, 0.4], points = 3", "[0.2, 1.5], points = 3"))
    proc = cli("sweep", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "upper end 1.5" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ reducers


def test_reducers_on_a_known_series():
    national = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2023],
            "gdp": [100.0, 110.0, 121.0, 133.1],
            "gdp_growth": [np.nan, 0.1, 0.1, 0.1],
        }
    )

    def value(**kw):
        return MetricSpec(**kw).evaluate(national)

    assert value(reduce="mean", column="gdp_growth") == pytest.approx(0.1)
    assert value(reduce="mean", column="gdp", years=(2021, 2022)) == pytest.approx(115.5)
    assert value(reduce="value", column="gdp", year=2022) == 121.0
    assert value(reduce="max", column="gdp") == 133.1
    assert value(reduce="min", column="gdp", years=(2021, 2023)) == 110.0
    assert value(reduce="sum", column="gdp", years=(2020, 2021)) == 210.0
    assert value(reduce="change", column="gdp", years=(2020, 2022)) == pytest.approx(21.0)
    assert value(reduce="growth", column="gdp", years=(2020, 2023)) == pytest.approx(0.1)
    assert np.isnan(value(reduce="mean", column="npl_ratio"))  # column absent: no crash
    assert np.isnan(value(reduce="value", column="gdp", year=2030))
    assert set(REDUCERS) == {"mean", "min", "max", "sum", "value", "change", "growth"}
    assert MetricSpec(reduce="mean", column="gdp_growth", years=(2024, 2030)).describe() == (
        "mean of national.gdp_growth over 2024-2030"
    )


def test_docs_describe_every_spec_field_and_reducer():
    from nqpf.sim.experiments.sweep_spec import DesignSpec, ParameterSpec, SweepSpec

    text = (SCENARIOS.parent / "docs" / "sweeps.md").read_text(encoding="utf-8")
    fields = [
        *SweepSpec.model_fields,
        *(f"design.{f}" for f in DesignSpec.model_fields),
        *ParameterSpec.model_fields,
        *MetricSpec.model_fields,
        *REDUCERS,
    ]
    missing = [f for f in fields if f"`{f}`" not in text and f"{f} =" not in text]
    assert not missing, f"docs/sweeps.md does not describe {missing}"


def test_the_spec_shown_in_the_docs_is_the_shipped_spec():
    """docs/sweeps.md section 1 shows herding_intensity.toml "in full apart from its header
    comment": the TOML block parses to the same tables as the file."""
    text = (SCENARIOS.parent / "docs" / "sweeps.md").read_text(encoding="utf-8")
    section = text.split("## 1. A sweep spec", 1)[1]
    shown = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    shipped = (SCENARIOS / "sweeps" / "herding_intensity.toml").read_text(encoding="utf-8")
    assert tomllib.loads(shown) == tomllib.loads(shipped)


def test_a_base_that_is_a_sweep_spec_is_named_as_one(tmp_path):
    other = SCENARIOS / "sweeps" / "herding_intensity.toml"
    spec = GOOD.replace('base = "base.toml"', f'base = "{other}"')
    message = error_of(tmp_path, spec)
    assert message == (
        f"{tmp_path / 'spec.toml'}, line 2: {tmp_path / 'spec.toml'} has base '{other}', which "
        "is a sweep specification, not a scenario. 'base' takes a scenario file (like those "
        "in scenarios/)."
    )
