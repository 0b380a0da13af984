"""The nqpf dashboard: a Solara app for exploring the regional economy in a browser.

Start it with ``nqpf ui`` (or ``make ui``), or ``solara run dashboards/app.py``. As in Mesa's
SolaraViz apps, this file only builds the page: the state of each browser session (its own model,
settings and selection) is created by :func:`~dashboards.components.state.use_app_state` inside
``Page``, and Reset simply constructs a new model. The views live in ``dashboards/components``.
"""

from nqpf.dashboards.serve import apply_offline_env

apply_offline_env()  # before Solara reads its settings: no telemetry, local front-end files

import warnings  # noqa: E402

# Solara warns on every page served over http to a host other than "localhost" (127.0.0.1
# included) that it cannot set a cross-site session cookie, which only matters when the page is
# embedded in another site's iframe; the dashboard is not, so the warning would only hide real ones.
warnings.filterwarnings(
    "ignore", message="Cookies with samesite=none require https", category=UserWarning
)

import threading  # noqa: E402

import solara  # noqa: E402
import solara.server.settings as _server_settings  # noqa: E402

# `solara run dashboards/app.py` reads its settings before this file runs: switch telemetry off
# here too (the setting is read at every event).
_server_settings.telemetry.mixpanel_enable = False
_server_settings.theme.show_banner = False


def _import_page() -> None:
    """Import the page and the engine behind it (Mesa, pandas: about 2 s)."""
    import nqpf.dashboards.page  # noqa: F401


# Cold start: the server answers and the browser loads the front end while the engine is
# imported in the background; the first page waits only for what is left of the import.
threading.Thread(target=_import_page, name="nqpf-import", daemon=True).start()


@solara.component
def Page():
    from nqpf.dashboards.page import MainPage

    MainPage()
