"""The MSM estimator on analytic moment functions: search, Jacobian, sandwich, time guard."""

from __future__ import annotations

import numpy as np
import pytest

from nqpf.calibration.config import CalibrationError
from nqpf.calibration.config_schema import Budget
from nqpf.calibration.msm import (
    PENALTY,
    criterion,
    jacobian_from,
    jacobian_points,
    sandwich,
    weighting_matrix,
)
from nqpf.calibration.msm_search import Clock, search

G = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
COV = np.array([[0.04, 0.01, 0.0], [0.01, 0.09, 0.0], [0.0, 0.0, 0.01]])


def linear_moments(theta: np.ndarray, stage: str = "") -> np.ndarray:
    """m(theta) = G theta + c: the textbook case where the sandwich is exact."""
    return np.atleast_2d(theta) @ G.T + np.array([0.5, -0.2, 0.1])


def test_criterion_is_the_weighted_quadratic_form_and_penalises_missing():
    data = np.array([1.0, 2.0, 3.0])
    w = np.diag([1.0, 2.0, 3.0])
    sim = np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 3.0], [np.nan, 2.0, 3.0]])
    np.testing.assert_allclose(criterion(sim, data, w), [0.0, 1.0, PENALTY])


def test_weighting_matrices():
    names = ["a", "b", "c"]
    np.testing.assert_allclose(weighting_matrix(COV, "diagonal", names), np.diag(1 / np.diag(COV)))
    np.testing.assert_allclose(
        weighting_matrix(COV, "efficient", names) @ COV, np.eye(3), atol=1e-12
    )
    singular = np.ones((3, 3)) * 0.01
    with pytest.raises(CalibrationError, match="nearly\\) singular.*rd_share"):
        weighting_matrix(singular, "efficient", names)


def test_sandwich_efficient_equals_inverse_information_with_simulation_factor():
    w = np.linalg.inv(COV)
    inf = sandwich(
        G,
        w,
        COV,
        replications=4,
        names=["a", "b"],
        at_bound=[False, False],
        j_value=2.5,
        efficient=True,
    )
    expected = 1.25 * np.linalg.inv(G.T @ w @ G)
    np.testing.assert_allclose(inf.cov, expected, rtol=1e-10)
    np.testing.assert_allclose(inf.se, np.sqrt(np.diag(expected)))
    assert inf.j_dof == 1
    assert 0.0 < inf.j_pvalue < 1.0
    assert inf.notes == []


def test_sandwich_flags_unidentified_and_boundary_parameters():
    g = np.column_stack([G[:, 0], np.zeros(3)])
    inf = sandwich(
        g,
        np.diag(1 / np.diag(COV)),
        COV,
        replications=1,
        names=["a", "b"],
        at_bound=[True, False],
        j_value=1.0,
        efficient=False,
    )
    assert np.isfinite(inf.se[0]) and np.isnan(inf.se[1])
    assert any(n.startswith("b:") and "not identified" in n for n in inf.notes)
    assert any(n.startswith("a:") and "bound" in n for n in inf.notes)
    assert inf.j_pvalue is None


def test_jacobian_is_central_inside_and_one_sided_at_a_bound():
    lower, upper = np.array([0.0, -1.0]), np.array([1.0, 1.0])
    theta = np.array([0.0, 0.3])  # first parameter at its lower bound
    pts, spans = jacobian_points(theta, lower, upper, 0.05)
    assert pts[1, 0] == 0.0 and pts[0, 0] == pytest.approx(0.05)  # forward only
    assert spans[1] == pytest.approx(0.2)  # central: 2 x 0.05 x width 2
    jac = jacobian_from(linear_moments(pts), spans)
    np.testing.assert_allclose(jac, G, atol=1e-12)


def test_search_finds_the_minimum_of_a_nonlinear_problem():
    truth = np.array([0.3, -0.4])

    def moments(thetas: np.ndarray, stage: str) -> np.ndarray:
        t = np.atleast_2d(thetas)
        return np.column_stack([t[:, 0], t[:, 1], t[:, 0] * t[:, 1], np.exp(t[:, 0])])

    data = moments(truth, "")[0]
    budget = Budget(
        popsize=6,
        generations=25,
        polish_evaluations=200,
        replications=1,
        bootstrap=20,
        max_minutes=5,
    )
    stages = []
    result = search(
        lambda t, s: (stages.append(s), moments(t, s))[1],
        data,
        np.eye(4),
        np.array([-1.0, -1.0]),
        np.array([1.0, 1.0]),
        np.array([0.9, 0.9]),
        budget,
        method="nelder-mead",
        seed=3,
        clock=Clock(300.0),
        reserve_s=lambda t: 0.0,
    )
    np.testing.assert_allclose(result.theta, truth, atol=2e-3)
    assert result.j_value < 1e-5 < result.j_start
    assert stages[0] == "start" and "global" in stages and stages[-1] == "local"
    # the same seed gives the same path
    again = search(
        moments,
        data,
        np.eye(4),
        np.array([-1.0, -1.0]),
        np.array([1.0, 1.0]),
        np.array([0.9, 0.9]),
        budget,
        method="nelder-mead",
        seed=3,
        clock=Clock(300.0),
        reserve_s=lambda t: 0.0,
    )
    np.testing.assert_array_equal(again.theta, result.theta)


def test_search_with_lbfgsb_polish():
    data = linear_moments(np.array([0.2, 0.1]))[0]
    budget = Budget(
        popsize=4,
        generations=3,
        polish_evaluations=200,
        replications=1,
        bootstrap=20,
        max_minutes=5,
    )
    result = search(
        linear_moments,
        data,
        np.eye(3),
        np.zeros(2),
        np.ones(2),
        np.array([0.8, 0.8]),
        budget,
        method="l-bfgs-b",
        seed=1,
        clock=Clock(300.0),
        reserve_s=lambda t: 0.0,
    )
    np.testing.assert_allclose(result.theta, [0.2, 0.1], atol=1e-3)


def test_time_limit_stops_the_global_stage_and_says_so():
    data = linear_moments(np.array([0.2, 0.1]))[0]
    budget = Budget(
        popsize=4,
        generations=50,
        polish_evaluations=20,
        replications=1,
        bootstrap=20,
        max_minutes=5,
    )
    result = search(
        linear_moments,
        data,
        np.eye(3),
        np.zeros(2),
        np.ones(2),
        np.array([0.8, 0.8]),
        budget,
        method="nelder-mead",
        seed=1,
        clock=Clock(300.0),
        reserve_s=lambda t: 1e6,
    )
    assert any("global search stopped after 1 of 50 generations" in s for s in result.stopped_early)
    assert any("local polish skipped" in s for s in result.stopped_early)


def test_failing_start_values_are_reported():
    budget = Budget(
        popsize=4, generations=2, polish_evaluations=0, replications=1, bootstrap=20, max_minutes=5
    )
    with pytest.raises(CalibrationError, match="fails at the start values"):
        search(
            lambda t, s: np.full((len(np.atleast_2d(t)), 3), np.nan),
            np.zeros(3),
            np.eye(3),
            np.zeros(2),
            np.ones(2),
            np.array([0.5, 0.5]),
            budget,
            method="none",
            seed=1,
            clock=Clock(300.0),
            reserve_s=lambda t: 0.0,
        )
