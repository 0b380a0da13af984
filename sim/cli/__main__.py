"""``python -m nqpf.sim.cli``: the same as the ``nqpf`` console script."""

from nqpf.sim.cli.app import main

main()
