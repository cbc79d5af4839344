"""A folder of results that grows as runs finish and survives being killed.

Layout of an experiment folder::

    manifest.json         what the experiment is (scenario, arms or design, seed, ...)
    parts/part-*.parquet  finished runs, a small file per batch, each written atomically
    trajectories/part-*.parquet  finished runs' thinned trajectories, until consolidated
    runs.parquet          every run, one row each, sorted (built from the parts)
    trajectories.parquet  every run's trajectory, sorted, labelled (the only copy)

Parts are the record: a part is written to a temporary name and renamed, so a kill
leaves either the whole part or none of it. Resuming reads which (cell, replicate)
pairs the parts hold and runs only the others; ``runs.parquet`` is rebuilt from the
parts and sorted canonically, so it is the same however the work was split. A batch's
trajectories are written before its runs: a kill between the two leaves trajectories
of runs that are not recorded, which resuming runs again; the identical rows they write
are dropped as duplicates.

Trajectories are kept once. When an experiment ends, its trajectory parts and any
``trajectories.parquet`` written before (of a run that is being extended or retried)
are merged, by streaming, into a new ``trajectories.parquet``; once it is in place the
parts it was built from are deleted. A kill at any point of this leaves every
trajectory in the parts, in the file, or in both (duplicates, dropped again), so
resuming loses none.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from agi_economy.columns import RUN_ROW_SCHEMA, TRAJECTORY_SCHEMA, conform
from agi_economy.provenance import parquet_metadata, provenance


class StoreError(ValueError):
    """The folder holds another experiment, or another process is writing it."""


def _atomic_write(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class ResultStore:
    """The results folder of one experiment."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.parts = self.root / "parts"
        self.trajectory_parts = self.root / "trajectories"
        self.trajectories_path = self.root / "trajectories.parquet"
        self.manifest_path = self.root / "manifest.json"
        self.runs_path = self.root / "runs.parquet"
        self._lock = self.root / ".lock"
        self._fd: int | None = None

    # ------------------------------------------------------------------ ownership

    def acquire(self) -> None:
        """Claim the folder; refuse while another process holds it, whatever the flags.

        The claim is an exclusive ``flock`` on ``.lock``, held as long as this store is
        open: the kernel drops it when the holder exits or is killed, so a lock left
        by a dead process never stands in the way, and a live one always does.
        """
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"--out: {self.root} is a file; expected a folder for the results")
        self.parts.mkdir(parents=True, exist_ok=True)
        if self._fd is not None:
            raise StoreError(f"{self.root} is already claimed by this store")
        fd = os.open(self._lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            os.close(fd)  # the holder's lock file is left as it is
            raise StoreError(
                f"{self.root} is being written by another run ({holder or 'a process'}); "
                "wait for it to finish or stop it, or use another --out"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()} on {socket.gethostname()}".encode(), 0)
        for folder in (self.parts, self.trajectory_parts):
            for tmp in folder.glob(".*.tmp"):  # left by a killed session
                tmp.unlink(missing_ok=True)

    def release(self) -> None:
        """Give the folder up (only a store that holds the claim can)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.ftruncate(fd, 0)
        os.close(fd)  # closing drops the flock; the file stays, so no one locks a ghost

    # ------------------------------------------------------------------ manifest

    def read_manifest(self) -> dict[str, Any] | None:
        """The stored manifest, or None for a new folder."""
        if not self.manifest_path.exists():
            return None
        return json.loads(self.manifest_path.read_text(encoding="utf-8"))

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        """Store the manifest (atomically), with the provenance of the code writing it."""
        manifest = {**manifest, "provenance": provenance()}
        text = json.dumps(manifest, indent=2, sort_keys=True, default=str)
        _atomic_write(self.manifest_path, lambda p: p.write_text(text, encoding="utf-8"))

    def clear(self, derived: Sequence[str] = ()) -> None:
        """Delete every result (parts, runs and the named derived files)."""
        shutil.rmtree(self.parts, ignore_errors=True)
        shutil.rmtree(self.trajectory_parts, ignore_errors=True)
        self.parts.mkdir(parents=True, exist_ok=True)
        for name in ("runs.parquet", "trajectories.parquet", "manifest.json", *derived):
            path = self.root / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)  # e.g. discover/: boxes of old runs
            else:
                path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ runs

    def part_files(self) -> list[Path]:
        """Every finished part, in name order."""
        return sorted(self.parts.glob("part-*.parquet"))

    def append(self, rows: list[dict[str, Any]]) -> None:
        """Write finished runs as one new part."""
        if not rows:
            return
        frame = pl.DataFrame(rows, infer_schema_length=None, strict=False)
        name = f"part-{secrets.token_hex(8)}.parquet"
        _atomic_write(self.parts / name, frame.write_parquet)

    def done(self, cells: int, replicates: int, *, retry_failed: bool = False) -> np.ndarray:
        """A (cells, replicates) mask of the runs the parts already hold."""
        mask = np.zeros((cells, replicates), dtype=bool)
        for path in self.part_files():
            keys = pl.read_parquet(path, columns=["cell", "replicate", "status"])
            if retry_failed:
                keys = keys.filter(pl.col("status") == "ok")
            keys = keys.filter((pl.col("cell") < cells) & (pl.col("replicate") < replicates))
            mask[keys["cell"].to_numpy(), keys["replicate"].to_numpy()] = True
        return mask

    def collect(self, cells: int, replicates: int) -> pl.DataFrame:
        """Every run of the first ``cells`` x ``replicates``, one row each, sorted."""
        files = self.part_files()
        if not files:
            return pl.DataFrame(schema={k: RUN_ROW_SCHEMA[k] for k in ("cell", "replicate")})
        frame = (
            pl.concat([pl.scan_parquet(f) for f in files], how="diagonal_relaxed")
            .filter((pl.col("cell") < cells) & (pl.col("replicate") < replicates))
            # ok sorts after failed, so a retried run that succeeded is the one kept
            .sort(["cell", "replicate", "status"], maintain_order=True)
            .unique(subset=["cell", "replicate"], keep="last", maintain_order=True)
            .collect()
        )
        return conform(frame, RUN_ROW_SCHEMA)

    def compact(self) -> None:
        """Merge every part into one (the new part is written before the old go)."""
        files = self.part_files()
        if len(files) < 2:
            return
        merged = pl.concat([pl.read_parquet(f) for f in files], how="diagonal_relaxed")
        name = f"part-{secrets.token_hex(8)}.parquet"
        _atomic_write(self.parts / name, merged.write_parquet)
        for f in files:
            f.unlink(missing_ok=True)

    def write_runs(self, frame: pl.DataFrame) -> Path:
        """Write ``runs.parquet`` (atomically)."""
        frame = conform(frame, RUN_ROW_SCHEMA)
        metadata = parquet_metadata()
        _atomic_write(self.runs_path, lambda p: frame.write_parquet(p, metadata=metadata))
        return self.runs_path

    # ------------------------------------------------------------------ trajectories

    def trajectory_files(self) -> list[Path]:
        """Every finished trajectory part, in name order."""
        return sorted(self.trajectory_parts.glob("part-*.parquet"))

    def append_trajectories(self, frame: pl.DataFrame) -> None:
        """Write finished runs' trajectories (keyed by cell and replicate) as one part."""
        if frame.height == 0:
            return
        self.trajectory_parts.mkdir(exist_ok=True)
        name = f"part-{secrets.token_hex(8)}.parquet"
        _atomic_write(self.trajectory_parts / name, frame.write_parquet)

    def scan_trajectories(
        self, cells: int, replicates: int, cell_column: str = "cell"
    ) -> pl.LazyFrame | None:
        """Every trajectory row of the first ``cells`` x ``replicates``, lazily; None if none.

        The rows of the parts and of ``trajectories.parquet`` (whose cell is the
        column ``cell_column``, named as it was written), each run's once.
        """
        keys = {"cell": RUN_ROW_SCHEMA["cell"], "replicate": RUN_ROW_SCHEMA["replicate"]}
        columns = [*keys, *TRAJECTORY_SCHEMA]
        sources = [pl.scan_parquet(f).select(columns) for f in self.trajectory_files()]
        if self.trajectories_path.exists():
            written = pl.scan_parquet(self.trajectories_path).rename({cell_column: "cell"})
            sources.append(written.select(columns))
        if not sources:
            return None
        return (
            pl.concat(sources, how="vertical")
            .filter((pl.col("cell") < cells) & (pl.col("replicate") < replicates))
            .unique(subset=["cell", "replicate", "year"], keep="any")
        )

    def write_trajectories(
        self,
        cells: int,
        replicates: int,
        labels: pl.DataFrame,
        rename: dict[str, str] | None = None,
    ) -> Path | None:
        """Write ``trajectories.parquet``: the runs' rows joined to ``labels`` on ``cell``.

        Rows are sorted by cell, replicate and year, so the file is the same however
        the work was split; ``rename`` renames columns after the join. The parts the
        file was built from are deleted once it is in place (it is their only copy).
        """
        rename = rename or {}
        parts = self.trajectory_files()
        lazy = self.scan_trajectories(cells, replicates, rename.get("cell", "cell"))
        if lazy is None:
            return None
        first = [c for c in labels.columns if c != "cell"]
        lazy = lazy.join(labels.lazy(), on="cell", how="left").sort(["cell", "replicate", "year"])
        lazy = lazy.select(*first, pl.exclude(first))
        if rename:
            lazy = lazy.rename(rename)
        schema = {k: v for k, v in RUN_ROW_SCHEMA.items() if k in labels.columns}
        lazy = lazy.cast({rename.get(k, k): v for k, v in schema.items()})
        _atomic_write(self.trajectories_path, lazy.sink_parquet)
        for f in parts:
            f.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # removed only if empty
            self.trajectory_parts.rmdir()
        return self.trajectories_path
