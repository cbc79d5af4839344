"""Imported only by the fork server (as its first preload): it dies with the command.

Importing this module anywhere else would tie that process to its own parent, so
nothing but the fork server's preload list names it.
"""

from agi_economy.experiment.lifeline import die_with_parent

die_with_parent()
