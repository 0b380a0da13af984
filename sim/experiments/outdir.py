"""Output folders that are complete or absent: names, write checks, a lock, atomic replacement.

Every command that writes a folder of results (``nqpf run``, ``nqpf compare``, the sweep store)
goes through this module:

* :func:`safe_segment` turns a scenario's or spec's ``name`` into one path segment, so that a name
  such as ``../../evil`` or ``/etc`` cannot place the default output outside its root.
* :func:`check_writable` is called before a run starts: an output path under ``/proc``, in a
  read-only folder or naming a file is reported at once, not after the whole run;
  :func:`check_replaceable` also refuses, before the run, a folder that is not an nqpf output,
  a sweep's or policy search's store, an output beside whose tables a user has put files, or a
  mount point (which cannot be renamed).
* :class:`OutputLock` holds an exclusive ``flock`` on ``.<name>.lock`` beside the folder; a second
  writer into the same folder is refused. The kernel releases the lock when the holder dies, even
  on SIGKILL, so a killed run never leaves a stale lock.
* :func:`atomic_folder` gives a temporary sibling folder ``.<name>.tmp-<pid>``; the caller writes
  every table into it, :func:`seal` writes ``manifest.json`` last with the SHA-256 of each file,
  and on success the folder is renamed into place (an older output folder of the same name is
  moved aside first and deleted after). A kill at any moment leaves either the old complete
  folder, the new complete folder, or no folder, plus hidden leftovers that the next writer
  removes.
* :func:`verify_folder` is what readers call: a folder without a manifest, with a manifest that
  lists no content hashes, or with a file whose hash disagrees is refused with
  :class:`OutputError`; files that the manifest does not list (a stale table of another format)
  are never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
"""The file written last into every output folder."""
HASH_KEY = "content_sha256"
"""Manifest key: ``{relative file path: SHA-256 hex digest}`` of every file in the folder."""
MAX_SEGMENT = 100
"""Longest output folder name made from a scenario name (characters)."""


class OutputError(ValueError):
    """An output folder cannot be written or is not a complete output (a user-facing message)."""


def safe_segment(name: str, fallback: str = "unnamed") -> str:
    """``name`` as one harmless path segment: letters, digits (any script), ``.``, ``-``, ``_``.

    Separators and other characters become ``_``; leading and trailing dots and ``_`` are dropped (no ``..``, no hidden
    folder); an empty result is ``fallback``; at most :data:`MAX_SEGMENT` characters.
    """
    text = re.sub(r"[^\w.\-]+", "_", str(name), flags=re.UNICODE)
    return text[:MAX_SEGMENT].strip("._") or fallback


def default_output(root: Path, name: str) -> Path:
    """``root/<safe name>``: the default output folder of a named scenario, spec or config."""
    return Path(root) / safe_segment(name)


def check_writable(target: Path) -> None:
    """Refuse now an output folder that could not be written at the end of a run.

    Creates the parent folders (as the writer would) and a probe file beside the target.

    Raises
    ------
    OutputError
        The target is a file, or its folder cannot be created or written.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputError(f"output {target} exists and is not a folder; choose another --out.")
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        where = (
            f"no file can be created in {parent} ({reason})"  # /proc, a read-only mount
            if parent.is_dir()
            else f"the folder {parent} cannot be created ({reason})"
        )
        raise OutputError(
            f"output {target} cannot be written: {where}; choose another --out."
        ) from None


def check_replaceable(target: Path, kind: str | None = None) -> None:
    """:func:`check_writable`, and refuse an existing folder that :func:`atomic_folder` would not
    replace: one that is not an nqpf output (a non-empty folder without ``manifest.json``), the
    store of a sweep or a policy search (many runs, resumed in place, never replaced by another
    command), the output of another command than the writer's ``kind`` (``nqpf run`` into a
    calibration's folder would delete its estimates; a folder whose manifest names no kind, as
    older ones, is taken for the writer's), or an output that holds files its manifest does not
    list (a user's notes or analysis beside the tables would be deleted with it), or a mount
    point (the new folder is renamed into the target's place, which fails there).

    Commands call it before their runs so that the refusal comes first, not after them."""
    target = Path(target)
    check_writable(target)
    if target.is_dir() and os.path.ismount(target):  # the rename at the end would fail: EBUSY
        raise OutputError(
            f"output folder {target.absolute()} is a mount point: the output is written beside "
            "it and renamed into its place, which a mount point does not allow; choose a folder "
            f"inside it, e.g. --out {target / 'results'}."
        )
    if target.is_dir():
        reason = _refusal(target, kind)
        if reason:
            raise OutputError(f"output folder {target.absolute()} {reason}")


class OutputLock:
    """An exclusive, non-blocking lock on ``.<name>.lock`` beside an output folder.

    Released on :meth:`release`, on exit of a ``with`` block, or by the kernel when the process
    dies. Re-entrant within a process (a command may take the lock before its run and the writer
    take it again). Where ``fcntl`` is unavailable (Windows) the lock is a no-op.
    """

    _held: dict[Path, int] = {}
    """Locks this process holds: lock path -> nesting depth."""

    def __init__(self, target: Path) -> None:
        target = Path(target).absolute()
        self.path = target.parent / f".{target.name}.lock"
        self.target = target
        self._fd: int | None = None

    def acquire(self) -> OutputLock:
        if self.path in OutputLock._held:
            OutputLock._held[self.path] += 1
            self._nested = True
            return self
        self._nested = False
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._cannot_write(exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(
                f"another nqpf process is writing {self.target} (lock {self.path}); wait for it "
                "to finish or choose another --out."
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        except OSError as exc:  # a full disk: the probe of check_writable wrote no bytes
            os.close(fd)
            raise self._cannot_write(exc) from None
        self._fd = fd
        OutputLock._held[self.path] = 1
        return self

    def _cannot_write(self, exc: OSError) -> OutputError:
        reason = exc.strerror or type(exc).__name__
        return OutputError(f"cannot write {self.path}: {reason}; choose another --out.")

    def release(self) -> None:
        if getattr(self, "_nested", False):
            OutputLock._held[self.path] -= 1
            self._nested = False
            return
        OutputLock._held.pop(self.path, None)
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the file stays (no unlink race)
            self._fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


STORES = ("nqpf-sweep", "nqpf-policy-search")
"""Manifest kinds of folders that are resumed in place and never replaced by another output."""
SHOWN = 3
"""Files named in a refusal (the rest are counted)."""
NOT_AN_OUTPUT = (
    f"exists and is not an nqpf output (no {MANIFEST}); choose another --out or empty it."
)
"""Why a non-empty folder without a manifest is never written into."""


def _refusal(target: Path, kind: str | None) -> str | None:
    """Why an existing folder may not be replaced by a writer of ``kind`` (None: empty, or an
    nqpf output of the same kind, or of no stated kind, whose manifest lists every file in it and
    which is not a sweep's or policy search's store)."""
    if not any(target.iterdir()):
        return None
    path = target / MANIFEST
    if not path.is_file():
        return NOT_AN_OUTPUT
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return (
            f"has a {MANIFEST} that is not readable JSON, so what it holds is unknown; choose "
            "another --out."
        )
    if not isinstance(manifest, dict):
        return f"has a {MANIFEST} that is not an nqpf manifest; choose another --out."
    found = manifest.get("kind")
    if found is None and str(manifest.get("command", "")).startswith("nqpf compare"):
        found = "nqpf-compare"  # compare reports named no kind before 2026-12-05
    if found in STORES:
        what = _command(found)
        return (
            f"holds the results of an nqpf {what} ({MANIFEST} kind {found!r}), which this "
            "command would delete; choose another --out."
        )
    if kind is not None and isinstance(found, str) and found != kind:
        return (
            f"holds the results of an nqpf {_command(found)} ({MANIFEST} kind {found!r}), which "
            f"this nqpf {_command(kind)} would delete; choose another --out."
        )
    listed = manifest.get(HASH_KEY)
    if not isinstance(listed, dict) or not listed:
        return (
            f"was written by an older nqpf (its {MANIFEST} lists no content hashes), so its "
            "files cannot be told from files put there later; choose another --out or delete it."
        )
    files = sorted(p for p in target.rglob("*") if p.is_file() and p != path)
    extra = [rel for rel in (p.relative_to(target).as_posix() for p in files) if rel not in listed]
    changed = [
        rel
        for rel, digest in listed.items()
        if (target / rel).is_file() and file_sha256(target / rel) != digest
    ]
    for found, what in ((extra, "does not list"), (sorted(changed), "lists with other contents")):
        if found:
            more = f" and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
            return (
                f"holds files its {MANIFEST} {what} ({', '.join(found[:SHOWN])}{more}): "
                "put or edited there after the output was written, and replacing it would "
                "delete them; choose another --out or move them."
            )
    return None


def _command(kind: str) -> str:
    """The command a manifest ``kind`` names, in words (``nqpf-policy-search``: policy search)."""
    return kind.removeprefix("nqpf-").replace("-", " ")


def check_store_target(target: Path) -> None:
    """:func:`check_writable`, and refuse a non-empty folder without ``manifest.json``: a sweep
    or a policy search writes its store only into an empty folder or a store of its own (whose
    manifest its reader checks), never among other files (the policy search would overwrite or
    delete files of its own names there)."""
    target = Path(target)
    check_writable(target)
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputError(f"output folder {target.absolute()} {NOT_AN_OUTPUT}")


def remove_leftovers(target: Path) -> None:
    """Delete hidden ``.<name>.tmp-*`` and ``.<name>.old-*`` siblings of killed writers.

    Call only while holding the folder's :class:`OutputLock`."""
    target = Path(target).absolute()
    for pattern in (f".{target.name}.tmp-*", f".{target.name}.old-*"):
        for stale in target.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def atomic_folder(target: Path, kind: str | None = None) -> Iterator[Path]:
    """Yield a temporary sibling folder to write into; on success it replaces ``target`` (an
    output of the writer's ``kind``, the manifest's ``kind``, or none: :func:`check_replaceable`).

    Holds the folder's lock throughout. The caller must :func:`seal` the folder (write the
    manifest with hashes) before the block ends. On an exception (Ctrl-C included) the temporary
    folder is deleted and ``target`` is left as it was.

    Raises
    ------
    OutputError
        ``target`` is a folder that is not an nqpf output, or another process holds the lock.
    """
    target = Path(target).absolute()
    check_replaceable(target, kind)
    with OutputLock(target):
        remove_leftovers(target)
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        tmp.mkdir()
        try:
            yield tmp
            if not (tmp / MANIFEST).is_file():
                raise RuntimeError(f"{tmp}: output folder not sealed (no {MANIFEST})")
            if target.exists():
                old = target.parent / f".{target.name}.old-{os.getpid()}"
                os.rename(target, old)
                os.rename(tmp, target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.rename(tmp, target)
            _fsync_dir(target.parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (the renames) to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def seal(folder: Path, manifest: dict[str, Any], default: Any = None) -> Path:
    """Write ``manifest.json`` into ``folder`` last, with the SHA-256 of every other file.

    ``default`` is passed to :func:`json.dumps` for values it cannot serialise."""
    folder = Path(folder)
    hashes = {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }
    manifest = dict(manifest, **{HASH_KEY: hashes})
    path = folder / MANIFEST
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=default)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def verify_folder(folder: Path) -> dict[str, Any]:
    """The manifest of a complete output folder; :class:`OutputError` otherwise.

    Complete means: ``manifest.json`` exists, is JSON, lists content hashes, and every listed
    file exists with that hash."""
    folder = Path(folder)
    path = folder / MANIFEST
    if not path.is_file():
        raise OutputError(
            f"{folder} is not a complete nqpf output: {MANIFEST} is missing (an interrupted "
            "write, or not an output folder)."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise OutputError(f"{path}: not a readable manifest: {exc}.") from None
    hashes = manifest.get(HASH_KEY)
    if not isinstance(hashes, dict) or not hashes:
        raise OutputError(
            f"{path} lists no content hashes ('{HASH_KEY}'): written by an older nqpf or by "
            "hand, so its tables cannot be checked; run it again."
        )
    for rel, expected in hashes.items():
        file = folder / rel
        if not file.is_file():
            raise OutputError(f"{folder} is incomplete: {rel} listed in {MANIFEST} is missing.")
        if file_sha256(file) != expected:
            raise OutputError(
                f"{folder} is inconsistent: {rel} does not match the hash in {MANIFEST} "
                "(changed or half-written after the run)."
            )
    return manifest
