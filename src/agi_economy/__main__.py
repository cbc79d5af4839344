"""``python -m agi_economy``: the same command line as ``agi-economy``."""

from agi_economy.cli import main

main()
