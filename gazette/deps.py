"""What each output read while it was produced, and which of those inputs a build changed.

While an output renders, every attribute it reads on a model object (Document, Issue, Department,
Site, Config) and every layout it loads is noted: dependencies are observed, not declared or
guessed (Lektor's ``Context.record_dependency``). Each input has a key and, in every build, a
digest; the next build re-renders exactly the outputs one of whose inputs changed digest.

Keys: ``d:<url>`` a document, ``i:<id>`` an issue, ``p:<id>`` a department, ``s`` the site,
``c`` the config, ``l:<name>`` a layout. Attributes that are long lists or the body have keys of
their own (``d:<url>.body_path``, ``p:<id>.documents`` …), so a page that shows a department's
name does not depend on every document it lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .config import Config
from .model import Department, Document, Issue, Lookup, Site

# Attributes with keys of their own: the body and what only its own page shows, the neighbours a
# document's page links to (so its neighbours' pages need not re-render with every new document),
# and lists that grow with the archive.
SEPARATE = {
    Document: ("body_path", "outline", "text_length", "prev", "next", "cited_by", "interpreted_by", "corrected_by"),
    Issue: ("documents",),
    Department: ("documents", "sent"),
    Site: ("issues", "documents", "departments", "groups", "issue_by_id", "department_by_id"),
    Config: (),
}
LOOKUPS = ("issue_by_id", "department_by_id")
"""Site's id tables: reading one is not a dependency, each entry looked up is (model.Lookup)."""
_SCALARS = (str, int, float, bool, type(None), dt.date)
MODEL_TYPES = frozenset(SEPARATE)
_recording: set | None = None
"""The (object id, attribute) pairs read since start(); None when not recording."""


def note(obj: Any, name: str) -> None:
    """Record that the output being rendered read obj.name (templates call this through render.Environment)."""
    if _recording is not None and type(obj) in MODEL_TYPES:
        _recording.add((id(obj), name))


def _observed_getattribute(self, name: str):
    if _recording is not None and name[0] != "_":
        _recording.add((id(self), name))
    return object.__getattribute__(self, name)


@contextmanager
def recording() -> Iterator[None]:
    """Within this block, reads reported by note() (and observed Python code) are kept (see reads())."""
    global _recording
    _recording = Lookup.reads = set()
    try:
        yield
    finally:
        _recording = Lookup.reads = None


@contextmanager
def observing() -> Iterator[None]:
    """Within this block every attribute read on a model object is noted, also from Python code.

    Templates report their reads themselves (cheaply, see render.Environment); Python producers
    (data files, body links) run inside this block, which costs a Python call per attribute read.
    """
    saved = {cls: cls.__dict__.get("__getattribute__") for cls in SEPARATE}
    for cls in SEPARATE:
        cls.__getattribute__ = _observed_getattribute
    try:
        yield
    finally:
        for cls, original in saved.items():
            if original is None:
                del cls.__getattribute__
            else:
                cls.__getattribute__ = original


def start() -> None:
    """Forget what was read so far (a new output begins)."""
    if _recording is not None:
        _recording.clear()


def reads() -> set[tuple[int, str]]:
    """(object id, attribute) pairs read since start()."""
    return set(_recording or ())


def key_of(obj: Any) -> str | None:
    """The key of a model object, None for anything else."""
    get = object.__getattribute__
    if isinstance(obj, Document):
        return f"d:{get(obj, 'issue_id')}/{get(obj, 'slug')}"
    if isinstance(obj, Issue):
        return f"i:{get(obj, 'id')}"
    if isinstance(obj, Department):
        return f"p:{get(obj, 'id')}"
    if isinstance(obj, Site):
        return "s"
    if isinstance(obj, Config):
        return "c"
    return None


class Index:
    """The model objects of one build by id(), to turn recorded reads into keys."""

    def __init__(self, site: Site, config: Config):
        self.site, self.config = site, config
        self.objects: dict[int, tuple[str, type]] = {id(config): ("c", Config), id(site): ("s", Site)}
        for objects in (site.documents, site.issues, site.departments):
            for obj in objects:
                self.objects[id(obj)] = (key_of(obj), type(obj))
        for name in LOOKUPS:
            self.objects[id(getattr(site, name))] = (f"s.{name}", Lookup)
        self.known: dict[tuple[int, str], str | None] = {}
        """(object id, attribute) → its key (None: not an input), as found so far."""

    def use_config(self, config: Config) -> None:
        """The same site, read with the settings of a new build (equal, as a new object)."""
        if config is not self.config:
            del self.objects[id(self.config)]
            self.objects[id(config)] = ("c", Config)
            self.config = config
            self.known = {}

    def keys(self, reads: set[tuple[int, str]]) -> set[str]:
        """The input keys behind a set of recorded reads."""
        # Each read's key made once per build (a department page reads ~700, mostly read before).
        known = self.known
        keys = {known[read] if read in known else self._key(read) for read in reads}
        keys.discard(None)
        return keys

    def _key(self, read: tuple[int, str]) -> str | None:
        obj_id, name = read
        found = self.objects.get(obj_id)
        key = None
        if found is not None:
            key, cls = found
            if cls is Lookup:
                key = key if name == Lookup.WHOLE else f"{key}[{name}]"
            elif cls is Site and name in LOOKUPS:  # a table read for a lookup: the lookup is noted
                key = None
            elif name in SEPARATE[cls]:
                key = f"{key}.{name}"
        self.known[read] = key
        return key


_keys: dict[int, str] = {}
"""id() → key of every model object of the build under way (see keyed()); empty outside it."""
_SCALAR_TYPES = frozenset(_SCALARS)
_frozen: dict[int, tuple] = {}
"""id() → (list or tuple, its frozen form) for those frozen so far in the keyed() block."""


@contextmanager
def keyed(site: Site, config: Config) -> Iterator[None]:
    """Within this block freeze() finds the keys of this build's model objects by id (much faster)."""
    _keys.update((i, k) for i, (k, _) in Index(site, config).objects.items())
    try:
        yield
    finally:
        _keys.clear()
        _frozen.clear()


def freeze(value: Any) -> Any:
    """A stable, hashable form of a model value; model objects inside become their keys."""
    kind = type(value)
    if kind in _SCALAR_TYPES:
        return value
    key = _keys.get(id(value))
    if key is not None:
        return key
    if kind in MODEL_TYPES:
        return key_of(value)
    if isinstance(value, (list, tuple)):
        memo = _frozen.get(id(value)) if _keys else None
        if memo is not None:  # the same list in many pages' contexts (a department's year index)
            return memo[1]
        frozen = tuple(map(_keys.get, map(id, value)))  # lists of documents are the common case: no call each
        if None in frozen:
            scalar = _SCALAR_TYPES
            frozen = tuple([k if k is not None else v if type(v) in scalar else freeze(v) for k, v in zip(frozen, value)])
        if _keys:
            _frozen[id(value)] = (value, frozen)  # holding value: its id is not reused inside the block
        return frozen
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(freeze(v)) for v in value))
    if isinstance(value, dict):
        return tuple((freeze(k), freeze(v)) for k, v in value.items())
    names = _FIELD_NAMES.get(kind, ())
    if names == ():
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value)) \
            if dataclasses.is_dataclass(value) else None
    if names is not None:
        return (kind.__name__, tuple(freeze(getattr(value, name)) for name in names))
    return repr(value)


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
"""Dataclass → its field names (None for other types), looked up once per type."""


def digest(value: Any) -> bytes:
    """A short digest of a frozen value."""
    if type(value) is tuple:  # a list of keys (a department's documents): joined, not repr'd (4× faster)
        try:
            joined = "\0".join(value)
        except TypeError:
            joined = None
        if joined is not None and joined.count("\0") == len(value) - 1:  # no string holds the separator
            return hashlib.blake2b(b"\1" + joined.encode("utf-8", "surrogatepass"), digest_size=12).digest()
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=12).digest()


def _fields(obj: Any, skip: tuple[str, ...]) -> Any:
    return tuple((f.name, freeze(getattr(obj, f.name))) for f in dataclasses.fields(obj) if f.name not in skip)


def loaded_digests(doc: Document | Any, file_digest: bytes) -> dict[str, bytes]:
    """Digests of what loading a file produced: "" for what the model is built from, one per separate part."""
    if not isinstance(doc, Document):
        return {"": digest(freeze(doc))}
    # Pickled rather than frozen: the C pickler is ten times faster, and for values made by the same
    # code from the same file it writes the same bytes (nothing loaded holds a set, whose order
    # would vary between processes; tests/test_incremental.py builds under two hash seeds).
    separate = SEPARATE[Document]
    model = {k: v for k, v in doc.__dict__.items() if k not in separate and k != "source_path"}
    parts = {"": hashlib.blake2b(pickle.dumps(model, protocol=5), digest_size=12).digest()}
    parts.update((name, digest(freeze(getattr(doc, name)))) for name in LOADED_PARTS if name != "body_path")
    parts["body_path"] = file_digest
    return parts


LOADED_PARTS = ("body_path", "outline", "text_length")
"""Document parts that loading a file sets (the others in SEPARATE are set by assembling the model)."""


def config_digest(config: Config) -> bytes:
    """The digest of key "c": every setting (where the site sits is not an input)."""
    return digest(_fields(config, ("root",)))


def site_digests(site: Site, config: Config, loaded: dict[str, tuple[dict[str, bytes], Document]],
                 layouts: dict[str, bytes]) -> dict[str, bytes]:
    """Every input key of this build → its digest.

    loaded maps a document's key to (its loaded_digests, the document as loaded): fields that still
    hold the loaded value are covered by those; only what building the model set on a document
    (relations, validity, neighbours) is frozen here.
    """
    result: dict[str, bytes] = {"c": config_digest(config)}
    separate = SEPARATE[Document]
    for doc in site.documents:
        key = key_of(doc)
        parts, pristine = loaded[key]
        kept = pristine.__dict__
        derived = tuple((k, freeze(v)) for k, v in doc.__dict__.items() if v is not kept.get(k) and k not in separate)
        result[key] = digest((parts[""], derived))
        result.update((f"{key}.{name}", parts.get(name) or digest(freeze(getattr(doc, name)))) for name in separate)
    for issue in site.issues:
        key = key_of(issue)
        result[key] = digest(_fields(issue, ("documents",)))
        result[f"{key}.documents"] = digest(freeze(issue.documents))
    for dept in site.departments:
        key = key_of(dept)
        result[key] = digest(_fields(dept, SEPARATE[Department]))
        result.update((f"{key}.{name}", digest(freeze(getattr(dept, name)))) for name in SEPARATE[Department])
    result["s"] = digest(_fields(site, SEPARATE[Site]))
    for name in SEPARATE[Site]:
        result[f"s.{name}"] = digest(freeze(getattr(site, name)))
    for name in LOOKUPS:
        table = getattr(site, name)
        result.update((f"s.{name}[{k}]", digest(key_of(dict.__getitem__(table, k)))) for k in dict.keys(table))
    result.update((f"l:{name}", value) for name, value in layouts.items())
    return result


def build_id(digests: dict[str, bytes], outputs: dict[str, bytes]) -> str:
    """Names a build by what it read and what it wrote, so equal content gives an equal id."""
    h = hashlib.blake2b(digest_size=16)
    for table in (digests, outputs):
        keys = sorted(table)
        h.update("\0".join(keys).encode())
        h.update(b"".join(map(table.__getitem__, keys)))
    return h.hexdigest()


def changed(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """Keys whose digest differs between two builds, or that exist in only one."""
    return {k for k, v in new.items() if old.get(k) != v} | (old.keys() - new.keys())
