"""Experiments: the layer that runs the engine many times, and what it writes.

- :mod:`~nqpf.sim.experiments.runner`: one run of a scenario and its output files;
- :mod:`~nqpf.sim.experiments.batch`: the executor seam (``RunSpec``, ``run_one``,
  ``make_executor``, ``map_runs``) shared by sweeps, comparisons and calibration;
- :mod:`~nqpf.sim.experiments.sweep_spec` and the ``sweep*`` modules: parameter sweeps;
- :mod:`~nqpf.sim.experiments.sensitivity`: Sobol and Morris indices of a finished sweep;
- :mod:`~nqpf.sim.experiments.compare` and the ``report*`` modules: scenario comparisons on
  common random numbers and their HTML/Markdown report.

The engine (model, agents, scenario, outputs) never imports this package. Nothing is imported
here, so that ``import nqpf.sim.experiments.batch`` costs only that module.
"""
