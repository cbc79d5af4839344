"""Imported only by the fork server (as its last preload): what it imported is frozen.

Every worker is forked from the fork server and starts by sharing its memory with
it. A full garbage collection in a worker visits, and so writes to, every object it
inherited, copying each page it touches: a worker's memory then creeps up run after
run towards a whole private copy of the imported model. ``gc.freeze()`` (Python's
``gc`` documentation: call it before forking "to avoid copy-on-write") moves the
fork server's objects out of the collector's reach, so workers leave them shared.
Importing this module anywhere else would freeze that process's objects for good.
"""

import gc

gc.freeze()
