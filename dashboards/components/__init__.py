"""Solara components of the dashboard (see ``dashboards/app.py``)."""
