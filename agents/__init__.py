"""Agent types of the regional economy: one module per type (region, firm, university, government, financier).

Numeric state lives in arrays owned by the model (one dataclass of arrays per role); the Mesa
agents are views on rows of those arrays, so Mesa idioms (``model.agents_by_type``) and inspection
in the dashboard work without a second copy of the state.
"""
