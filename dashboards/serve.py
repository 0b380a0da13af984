"""Serving the dashboard on localhost, offline and without usage telemetry.

``nqpf ui`` (and ``make ui``) call :func:`serve`, which runs ``solara run dashboards.app`` in a
child process with :data:`SERVER_ENV`: Solara's usage telemetry off and the front end served from
the local copy that the ``solara-assets`` package installs (no CDN). ``dashboards/app.py`` applies
the same settings, so ``solara run dashboards/app.py`` behaves the same way.

This module does not import Solara at import time: its settings are read when Solara is first
imported, so the environment must be set before that.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path

SERVER_ENV: dict[str, str] = {
    # no usage statistics sent to Solara's analytics service
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    # the page's JavaScript, CSS and fonts come from the local proxy cache (solara-assets)
    "SOLARA_ASSETS_PROXY": "True",
    # Font Awesome is part of solara-assets; keep it (icons) but never fetch anything else
    "SOLARA_ASSETS_FONTAWESOME_ENABLED": "True",
    # no "This website runs on Solara" banner: it is English only and covers the charts
    "SOLARA_THEME_SHOW_BANNER": "False",
}
APP_MODULE = "nqpf.dashboards.app"
ASSETS_HINT = (
    "pip install 'solara-assets==1.58.2' 'ipyvuetify>=1.9,<2' 'ipyvue>=1.10,<2' "
    "(or reinstall nqpf: pip install -e .)"
)


class ServeError(RuntimeError):
    """The dashboard cannot be served (front-end files missing, port taken)."""


def apply_offline_env(environ: MutableMapping[str, str] | None = None) -> None:
    """Set :data:`SERVER_ENV` where the user has not set these variables already."""
    env = os.environ if environ is None else environ
    for key, value in SERVER_ENV.items():
        env.setdefault(key, value)


def front_end_files() -> tuple[Path, list[str]]:
    """The local asset folder and the paths under it that the page template loads.

    Read from Solara's page template, so a Solara upgrade that needs other files is noticed:
    the Vue 2 or Vue 3 application bundle (by the installed ``ipyvue``), RequireJS and the
    Font Awesome stylesheet.
    """
    import ipyvue
    import solara.server.settings as server_settings

    template = (Path(server_settings.__file__).parent / "templates" / "solara.html.j2").read_text(
        encoding="utf-8"
    )
    app = "solara-vuetify3-app" if ipyvue.__version__.startswith("3") else "solara-vuetify-app"
    needed = sorted(set(re.findall(r"\{\{cdn\}\}/(@widgetti/" + app + r"@[\w.\-]+)/", template)))
    needed += sorted(set(re.findall(r"\{\{cdn\}\}/(requirejs@[\w.\-]+)/", template)))
    if server_settings.assets.fontawesome_enabled:
        needed.append(server_settings.assets.fontawesome_path.strip("/"))
    return Path(server_settings.assets.proxy_cache_dir), needed


def missing_front_end_files() -> list[str]:
    """Paths of the page's front-end files that are not installed locally (empty = offline ok)."""
    root, needed = front_end_files()
    return [str(root / rel) for rel in needed if not (root / rel).exists()]


def bind_error(host: str, port: int) -> OSError | None:
    """Why ``host:port`` cannot be bound now (None when it can): the port taken, the host name
    not resolved, or an address that is not this machine's."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:  # socket.gaierror (a name not resolved) is one
            return exc
    return None


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now."""
    return bind_error(host, port) is None


def free_port(host: str = "127.0.0.1") -> int:
    """A port the operating system reports free on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def solara_command(port: int, host: str = "localhost", open_browser: bool = False) -> list[str]:
    """The ``solara run`` command line that serves the dashboard."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        APP_MODULE,
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-check-version",
        "--open" if open_browser else "--no-open",
    ]


SESSION_TIMEOUT_MIN = 10.0
"""Default minutes a dashboard session (a Solara virtual kernel, with its model) is kept after its
browser connection drops, so that a reload or a short network loss resumes it (Solara's own
default is 24 hours). Set with ``nqpf ui --session-timeout``."""
MAX_SESSIONS = 20
"""Default cap on concurrent dashboard sessions (each holds a model: tens of MB); connections
beyond it wait for a free slot. Set with ``nqpf ui --max-sessions``."""


def session_environment(
    timeout_min: float = SESSION_TIMEOUT_MIN, max_sessions: int = MAX_SESSIONS
) -> dict[str, str]:
    """Solara's settings that release dropped sessions after ``timeout_min`` minutes and cap
    their number (``SOLARA_KERNEL_CULL_TIMEOUT``, ``SOLARA_KERNEL_MAX_COUNT``)."""
    if timeout_min <= 0 or max_sessions < 1:
        raise ServeError(
            f"--session-timeout must be above 0 minutes (got {timeout_min}) and --max-sessions "
            f"at least 1 (got {max_sessions})."
        )
    return {
        "SOLARA_KERNEL_CULL_TIMEOUT": f"{max(1, round(timeout_min * 60))}s",
        "SOLARA_KERNEL_MAX_COUNT": str(max_sessions),
    }


def server_environment(
    base: MutableMapping[str, str] | None = None,
    timeout_min: float = SESSION_TIMEOUT_MIN,
    max_sessions: int = MAX_SESSIONS,
) -> dict[str, str]:
    """The child process's environment: ``base`` (default: this process's) plus SERVER_ENV and
    the session settings (:func:`session_environment`)."""
    env = dict(os.environ if base is None else base)
    apply_offline_env(env)
    env.update(session_environment(timeout_min, max_sessions))
    return env


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """In the server's process: get SIGTERM when the ``nqpf ui`` process dies (Linux), so a
    killed ``nqpf ui`` (even ``kill -9``) does not leave the server serving."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def check_ready(host: str, port: int) -> None:
    """Raise :class:`ServeError` when the front end is not installed or the port is taken."""
    missing = missing_front_end_files()
    if missing:
        raise ServeError(
            "the dashboard's front-end files are not installed locally (needed to "
            f"work offline): missing {', '.join(missing)}. Install them with: "
            f"{ASSETS_HINT}"
        )
    problem = bind_error("127.0.0.1" if host == "localhost" else host, port)
    if problem is None:
        return
    if isinstance(problem, socket.gaierror):
        raise ServeError(
            f"--host {host}: the name cannot be resolved ({problem.strerror}); give a name or "
            "address of this machine, e.g. localhost or 0.0.0.0."
        )
    if problem.errno == errno.EADDRNOTAVAIL:
        raise ServeError(
            f"--host {host}: not an address of this machine; give one of its own, e.g. "
            "localhost or 0.0.0.0."
        )
    if problem.errno == errno.EACCES:
        raise ServeError(
            f"port {port} on {host} needs administrator rights (ports below 1024); choose "
            "another with --port (for example --port 8765)."
        )
    other = port + 1 if port < 65535 else 8766
    raise ServeError(
        f"port {port} on {host} is already in use; choose another with "
        f"--port (for example --port {other})."
    )


def serve(
    port: int = 8765,
    host: str = "localhost",
    open_browser: bool = True,
    session_timeout_min: float = SESSION_TIMEOUT_MIN,
    max_sessions: int = MAX_SESSIONS,
) -> int:
    """Serve the dashboard until interrupted; return the server's exit code.

    Ctrl-C or SIGTERM stop the server process too; on Linux the server also ends when this
    process is killed outright (``PR_SET_PDEATHSIG``).
    """
    env = server_environment(timeout_min=session_timeout_min, max_sessions=max_sessions)
    check_ready(host, port)
    print(f"nqpf dashboard at http://{host}:{port} (Ctrl-C to stop)", flush=True)
    linux = sys.platform.startswith("linux")
    proc = subprocess.Popen(
        solara_command(port, host, open_browser),
        env=env,
        preexec_fn=_die_with_parent if linux else None,  # noqa: PLW1509 - no threads yet
    )

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
