"""The agents of the regional economy: each role's state and its behaviour, one module per role.

``region`` (regions and households: opening the year, migration, aggregate production, regional
TFP), ``firms/`` (state, costs, investment and entry, production, settlement), ``government``
(local and central: rules, plans, budgets, bail-outs, controls, fiscal close), ``financier``
(banks and funds: credit terms, bank close, fund marks, saving allocation), ``university``.

A role's numeric state is a dataclass of NumPy arrays (index = region or firm row), held in the
model's ``World`` (``sim/world.py``); its phases are functions of the world, the scenario and the
model's generator, called in order by ``RegionalEconomy.step()``; its Mesa ``Agent`` classes are
thin views on rows of those arrays (what the dashboard's inspector reads), never a second copy.
Agents never import the model class. A new role goes in a new module here (see
``docs/architecture.md``).
"""
