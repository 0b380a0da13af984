"""Pure economics: functions of arrays and parameters, no agents and no model.

``solow`` (production, capital accumulation, Nelson-Phelps catch-up), ``markets`` (merit-order supply
and market clearing), ``strategies`` (fit, heat, the priority choice and the campaign rule),
``flows`` (migration and saving allocation by logit), ``technology`` (spillover weights, regional
TFP, Wright's law). Local learning by doing, which needs the firms' arrays, is a firm phase
(``agents/firms/production.py``).
"""
