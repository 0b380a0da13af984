"""What a government's plan reads from the world to score fit: the arguments of
:func:`nqpf.sim.economics.strategies.fit_scores` (and of ``fit_terms``, its terms), from the state
now. The plan (``agents/government.py``) and the dashboard's lesson panel read the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nqpf.agents.firms.costs import cell_capacity

if TYPE_CHECKING:
    from nqpf.sim.config.sections_policy import Strategy
    from nqpf.sim.world import World


def fit_inputs(w: World, st: Strategy) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Positional and keyword arguments of ``strategies.fit_scores`` / ``fit_terms``: capacity
    by region and industry [bn yuan/year], regional capability, technology intensity, the
    traditional flags, university strength, demand growth, the strategy's weights and the
    endowments' unit-cost factor."""
    ind = w.industries
    args = (
        cell_capacity(w.firms, w.n_regions, w.n_industries),
        w.learning.capability,
        ind.tech_intensity,
        w.costs.traditional,
        w.universities.strength,
        ind.demand_growth,
    )
    kwargs = {
        "misfit_aversion": st.misfit_aversion,
        "future_pace": st.future_pace,
        "traditional_support": st.traditional_support,
        "endowment": w.costs.endowment,
    }
    return args, kwargs
