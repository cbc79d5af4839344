"""Imported only by the fork server (as its first preload): it dies with the command.

Importing this module anywhere else would tie that process to its own parent, so
nothing but the fork server's preload list names it. The fork server is started by
whichever thread of the command first needs it, so it watches the command's process
rather than asking the kernel (whose "parent" would be that thread).
"""

from agi_economy.experiment.lifeline import watch_parent

watch_parent()
