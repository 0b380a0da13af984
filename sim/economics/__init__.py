"""Pure economics: functions of arrays and parameters, no agents and no model.

``solow`` (production, capital accumulation, Nelson-Phelps catch-up), ``markets`` (merit-order supply
and market clearing), ``strategies`` (fit, heat and the priority choice), ``flows`` (migration and
saving allocation by logit), ``technology`` (spillover weights, regional TFP, Wright's law),
``learning`` (local learning by doing with national spillover).
"""
