"""Textbook verification (design §5.1, §5.3): the engine against closed forms derived here.

The closed forms are written out in this file from the textbook model, independently of the
engine's code; the engine's output is read from the tables ``nqpf run`` writes.
"""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pytest

from nqpf.sim.experiments.runner import read_outputs
from tests.conftest import SCENARIOS

RTOL = 1e-9


@pytest.fixture(scope="module")
def solow_run(tmp_path_factory):
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("solow")
    proc = run_cli("run", str(SCENARIOS / "textbook/solow.toml"), "--out", str(out), "--no-summary")
    assert proc.returncode == 0, proc.stderr
    params = tomllib.loads((SCENARIOS / "textbook/solow.toml").read_text())
    return read_outputs(out), params


def _solow_params(params):
    s = params["solow"]
    reg = params["world"]["regions"][0]
    return dict(
        alpha=s["alpha"],
        delta=s["delta"],
        s=s["saving_rate"],
        n=s["population_growth"],
        g=reg["tfp_growth"],
        K0=reg["capital"],
        L0=reg["population"] * s["labor_force_share"],
        A0=reg["tfp"],
    )


def test_solow_law_of_motion_every_year(solow_run):
    tables, params = solow_run
    p = _solow_params(params)
    nat = tables["national"]
    t = np.arange(len(nat))
    A = p["A0"] * (1 + p["g"]) ** t
    L = p["L0"] * (1 + p["n"]) ** t
    # capital per effective worker, E = A^(1/(1-alpha)) L
    E = A ** (1 / (1 - p["alpha"])) * L
    k = np.empty(len(t))
    k[0] = p["K0"] / E[0]
    growth_E = (1 + p["g"]) ** (1 / (1 - p["alpha"])) * (1 + p["n"])
    for i in range(1, len(t)):
        k[i] = (p["s"] * k[i - 1] ** p["alpha"] + (1 - p["delta"]) * k[i - 1]) / growth_E
    K_expected = k * E
    Y_expected = E * k ** p["alpha"]
    np.testing.assert_allclose(nat["capital"], K_expected, rtol=RTOL)
    np.testing.assert_allclose(nat["gdp"], Y_expected, rtol=RTOL)
    np.testing.assert_allclose(nat["labor"], L, rtol=RTOL)
    # measured TFP (Solow residual) equals the exogenous A in a one-region economy
    np.testing.assert_allclose(nat["tfp"], A, rtol=RTOL)
    np.testing.assert_allclose(nat["tfp_growth"].iloc[1:], p["g"], rtol=RTOL)


def test_solow_steady_state(solow_run):
    tables, params = solow_run
    p = _solow_params(params)
    nat = tables["national"]
    growth_E = (1 + p["g"]) ** (1 / (1 - p["alpha"])) * (1 + p["n"])
    k_star = (p["s"] / (growth_E - 1 + p["delta"])) ** (1 / (1 - p["alpha"]))
    ky_star = p["s"] / (growth_E - 1 + p["delta"])
    t = len(nat) - 1
    E_last = (p["A0"] * (1 + p["g"]) ** t) ** (1 / (1 - p["alpha"])) * p["L0"] * (1 + p["n"]) ** t
    k_last = nat["capital"].iloc[-1] / E_last
    assert k_last == pytest.approx(k_star, rel=RTOL)
    assert nat["capital"].iloc[-1] / nat["gdp"].iloc[-1] == pytest.approx(ky_star, rel=RTOL)
    # on the balanced growth path GDP grows at (1+g)^(1/(1-alpha)) (1+n) - 1
    assert nat["gdp_growth"].iloc[-1] == pytest.approx(growth_E - 1, rel=RTOL)


def test_solow_starting_on_the_steady_state_stays_there(cli, tmp_path):
    params = tomllib.loads((SCENARIOS / "textbook/solow.toml").read_text())
    p = _solow_params(params)
    growth_E = (1 + p["g"]) ** (1 / (1 - p["alpha"])) * (1 + p["n"])
    k_star = (p["s"] / (growth_E - 1 + p["delta"])) ** (1 / (1 - p["alpha"]))
    K0 = k_star * p["A0"] ** (1 / (1 - p["alpha"])) * p["L0"]
    proc = cli(
        "run",
        str(SCENARIOS / "textbook/solow.toml"),
        "--out",
        str(tmp_path),
        "--no-summary",
        "--end-year",
        "2050",
        "--set",
        f"world.regions=[{{name='S', population=100.0, capital={K0!r}, tfp=1.0, tfp_growth=0.02}}]",
    )
    assert proc.returncode == 0, proc.stderr
    nat = read_outputs(tmp_path)["national"]
    np.testing.assert_allclose(nat["capital"] / nat["gdp"], k_star ** (1 - p["alpha"]), rtol=RTOL)


@pytest.fixture(scope="module")
def diffusion_run(tmp_path_factory):
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("diffusion")
    proc = run_cli(
        "run", str(SCENARIOS / "textbook/diffusion.toml"), "--out", str(out), "--no-summary"
    )
    assert proc.returncode == 0, proc.stderr
    params = tomllib.loads((SCENARIOS / "textbook/diffusion.toml").read_text())
    return read_outputs(out), params


def test_diffusion_catch_up_path(diffusion_run):
    tables, params = diffusion_run
    leader, follower = params["world"]["regions"]
    g = leader["tfp_growth"]
    phi_h = params["technology"]["catch_up_rate"] * follower["absorptive_capacity"]
    reg = tables["regions"]
    A_L = reg.loc[reg.region == "Leader", "tfp"].to_numpy()
    A_F = reg.loc[reg.region == "Follower", "tfp"].to_numpy()
    t = np.arange(len(A_L))
    np.testing.assert_allclose(A_L, leader["tfp"] * (1 + g) ** t, rtol=RTOL)
    x_star = phi_h / (g + phi_h)
    x0 = follower["tfp"] / leader["tfp"]
    x_expected = x_star + (x0 - x_star) * ((1 - phi_h) / (1 + g)) ** t
    np.testing.assert_allclose(A_F / A_L, x_expected, rtol=RTOL)
    distance = np.abs(A_F / A_L - x_star)
    assert (
        np.diff(distance) < 0
    ).all()  # the follower closes the gap to its steady state every year
    assert A_F[-1] / A_L[-1] == pytest.approx(x_star, rel=RTOL)
    assert math.isclose(A_F[0], follower["tfp"])
