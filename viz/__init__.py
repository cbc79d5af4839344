"""The live Solara view of agi-economy: one world, two worlds side by side, ensembles.

``viz`` imports the simulator package; the package never imports ``viz``. Run it with
``agi-economy viz`` or ``solara run viz/app.py``.
"""
