"""Universities' phase (agents/university.py): funding, knowledge, graduates, talent."""

from __future__ import annotations

import numpy as np

from nqpf.agents import university
from tests.builders import small_world


def test_funding_knowledge_and_graduates():
    w, sc, _ = small_world()
    reg, u = w.regions, w.universities
    # budgets proportional to GDP: every region has the same funding intensity
    w.flows.university_budget = 0.001 * reg.gdp
    knowledge = u.knowledge.copy()
    talent = reg.talent.copy()
    university.produce_research_and_graduates(w, sc)
    np.testing.assert_allclose(u.funding, 0.005 * reg.gdp)
    np.testing.assert_allclose(u.knowledge, 0.9 * knowledge + 0.005 * reg.gdp)
    np.testing.assert_allclose(u.graduates, sc.talent.graduate_rate * reg.labor)
    np.testing.assert_allclose(reg.talent, talent + u.graduates - sc.talent.attrition * talent)


def test_better_funded_universities_train_more_graduates():
    w, sc, _ = small_world()
    reg = w.regions
    budget = 0.001 * reg.gdp
    budget[0] *= 5
    w.flows.university_budget = budget
    university.produce_research_and_graduates(w, sc)
    per_worker = w.universities.graduates / reg.labor
    assert per_worker[0] > sc.talent.graduate_rate > per_worker[1]
    # graduates add up to the rate x labour weighted by relative funding intensity
    intensity = (w.universities.funding / reg.gdp) / (w.universities.funding.sum() / reg.gdp.sum())
    np.testing.assert_allclose(per_worker, sc.talent.graduate_rate * intensity)


def test_knowledge_steady_state_is_funding_over_depreciation():
    w, sc, _ = small_world()
    reg = w.regions
    w.flows.university_budget = np.zeros(w.n_regions)
    for _ in range(400):
        university.produce_research_and_graduates(w, sc)
    np.testing.assert_allclose(w.universities.knowledge, 0.004 * reg.gdp / 0.1, rtol=1e-12)


def test_talent_capped_at_share_of_workers():
    w, sc, _ = small_world(talent={"graduate_rate": 0.1, "attrition": 0.0})
    w.regions.talent = 0.79 * w.regions.labor
    university.produce_research_and_graduates(w, sc)
    np.testing.assert_allclose(w.regions.talent, 0.8 * w.regions.labor)
