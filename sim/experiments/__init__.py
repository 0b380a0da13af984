"""Experiments: the layer that runs the engine many times, and what it writes.

- :mod:`~nqpf.sim.experiments.runner`: one run of a scenario and its output files;
- :mod:`~nqpf.sim.experiments.batch`: the executor seam (``RunSpec``, ``run_one``,
  ``make_executor``, ``map_runs``) shared by sweeps, comparisons and calibration;
- parameter sweeps: :mod:`~nqpf.sim.experiments.sweep_spec` (the spec file, validated),
  :mod:`~nqpf.sim.experiments.sweep_plan` (design points and seeds),
  :mod:`~nqpf.sim.experiments.sweep_worker` (one run on a worker and its part file),
  :mod:`~nqpf.sim.experiments.sweep_store` (manifest, reading results) and
  :mod:`~nqpf.sim.experiments.sweep` (running and resuming);
- :mod:`~nqpf.sim.experiments.sensitivity`: Sobol and Morris indices of a finished sweep;
- scenario comparisons: :mod:`~nqpf.sim.experiments.compare` (ensembles on common random numbers
  and their statistics) and the report, :mod:`~nqpf.sim.experiments.report_text` (phrases,
  numbers, the generated reading, tables), :mod:`~nqpf.sim.experiments.report_figures` (plots)
  and :mod:`~nqpf.sim.experiments.report` (data files, Markdown, HTML, manifest).

The engine (model, agents, configuration, outputs, data) never imports this package. Nothing is
imported here, so that ``import nqpf.sim.experiments.batch`` costs only that module.
"""
