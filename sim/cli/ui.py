"""Command ``nqpf ui``: the dashboard (Solara, offline)."""

from __future__ import annotations

from typing import Annotated

import typer

from nqpf.sim.cli.common import UserError, interrupted


def ui(
    port: Annotated[
        int, typer.Option(help="Port to serve the dashboard on.", min=1, max=65535)
    ] = 8765,
    host: Annotated[
        str, typer.Option(help="Interface to listen on (localhost: this machine only).")
    ] = "localhost",
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the dashboard in a web browser.")
    ] = True,
    session_timeout: Annotated[
        float,
        typer.Option(help="Minutes a session is kept after its browser connection drops."),
    ] = 10.0,
    max_sessions: Annotated[int, typer.Option(help="Most concurrent dashboard sessions.")] = 20,
) -> None:
    """Launch the dashboard (Solara, offline, no telemetry) at http://HOST:PORT."""
    from nqpf.dashboards.serve import ServeError, apply_offline_env, serve

    apply_offline_env()  # before anything imports Solara in this process
    try:
        code = serve(
            port=port,
            host=host,
            open_browser=open_browser,
            session_timeout_min=session_timeout,
            max_sessions=max_sessions,
        )
    except ServeError as exc:
        raise UserError(str(exc)) from None
    if code == 130:  # Ctrl-C (or SIGTERM) stopped the server
        raise interrupted("dashboard stopped")
    if code:
        raise SystemExit(code)
