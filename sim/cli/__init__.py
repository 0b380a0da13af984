"""The ``nqpf`` command line (``nqpf = "nqpf.sim.cli:main"``; ``python -m nqpf.sim.cli``)."""

from nqpf.sim.cli.app import app, main

__all__ = ["app", "main"]
