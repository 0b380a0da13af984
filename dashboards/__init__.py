"""The nqpf dashboard (design §10): a Solara app on Mesa's SolaraViz conventions.

``app.py`` builds the page; ``components/`` holds the Solara components and the two browser-side
widgets (SVG charts and the province map); the other modules are plain Python that the components
call: ``levers`` (controls generated from the scenario schema), ``simulation`` (one session's
model), ``view_tables`` and ``chart_specs`` (what the views show, from the result tables),
``region_info`` (the region inspector's accessors), ``map_geometry`` (province outlines),
``ui_labels`` and ``i18n`` (English and Chinese labels and their look-up), ``units`` (values shown
with their units) and ``serve`` (running the app offline).

The engine never imports this package.
"""
