"""Firms: columnar state (``state``) and the phases of their year, one module per job.

``costs`` (unit costs, agglomeration, R&D shares, hiring, value added per unit), ``investment``
(expectations, capacity orders, entry), ``production`` (market clearing, output, hiring, value
added), ``settlement`` (profits, debt service, distress, exits).
"""
