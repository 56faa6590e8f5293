"""Checks that need every record at once: each unit is fed every file's result in file order,
then `finish`ed for its findings, which the validation locates at the end (each file read once).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ...models.lookup import closest
from ..reading.field_paths import YamlPath, field_path
from ..report.problems import Problem
from .file_result import FileResult
from .findings import Finding

if TYPE_CHECKING:  # pragma: no cover
    from ...models.tables import TableName


class Summary(NamedTuple):
    """What the cross-record checks need of a record: small enough to cross processes cheaply."""

    table: TableName
    id: str
    refs: tuple[tuple[str, int | None, str], ...]
    """(field, index in a list or None, actor id) for every actor reference."""
    source_file: str | None = None


class CrossCheck(Protocol):
    """One check over the whole dataset: fed each file's result, then finished for its findings."""

    def feed(self, item: FileResult) -> None: ...

    def finish(self) -> Iterable[Finding]: ...


class UniqueIds:
    """`id-duplicate`: ids are unique across the whole dataset, every table included.

    Ids and their places are kept in flat arrays, ~50 bytes a record where a dict took ~150
    (~85 MB less at 860,000 records). At `finish`, ids whose hashes repeat are compared as
    strings: exact, and in the order a dict fed in order gives.
    """

    ENDS = "I"
    """Type code of `ends`; a test narrows it to see the widening."""

    def __init__(self, hash_of: Callable[[str], int] = hash) -> None:
        self.hash_of = hash_of
        """The id into a signed 64-bit int (tests pass a weak one to make hashes collide)."""
        self.data = bytearray()
        self.ends = array(self.ENDS)
        """End of each id in `data`, in feed order: 32 bits until `data` outgrows them."""
        self.places = array("Q")
        """Where each id was used, packed as `file number << 32 | path number`."""
        self.files: list[str] = []
        self.paths: list[YamlPath] = []
        self.path_no: dict[YamlPath, int] = {}

    def feed(self, item: FileResult) -> None:
        file_no = len(self.files)
        self.files.append(item.display)
        for ypath, rid in (*item.raw_ids, *((ypath, s.id) for ypath, (s, _) in item.models)):
            self.data += rid.encode("utf-8", "surrogatepass")
            try:
                self.ends.append(len(self.data))
            except OverflowError:
                self.ends = array("Q", self.ends)
                self.ends.append(len(self.data))
            number = self.path_no.get(ypath)
            if number is None:
                number = self.path_no[ypath] = len(self.paths)
                self.paths.append(ypath)
            self.places.append(file_no << 32 | number)

    def _repeated_hashes(self, hashes: array[int]) -> set[int]:
        """The hashes used more than once, a bucket at a time: no set of every hash is ever held."""
        buckets = max(1, len(hashes) // 65536)
        parts = [array("q") for _ in range(buckets)]
        for h in hashes:
            parts[h % buckets].append(h)
        repeated: set[int] = set()
        for part in parts:
            if len(set(part)) != len(part):
                repeated.update(h for h, n in Counter(part).items() if n > 1)
        return repeated

    def _id(self, i: int) -> str:
        return self.data[self.ends[i - 1] if i else 0 : self.ends[i]].decode("utf-8", "surrogatepass")

    def finish(self) -> Iterable[Finding]:
        # Hashed here rather than as fed: 8 bytes a record less to hold while every file comes in.
        hashes = array("q", (self.hash_of(self._id(i)) for i in range(len(self.ends))))
        repeated = self._repeated_hashes(hashes)
        first: dict[str, int] = {}
        found: list[Finding] = []
        for i in (i for i, h in enumerate(hashes) if h in repeated) if repeated else ():
            rid = self._id(i)
            packed, here = self.places[first.setdefault(rid, i)], self.places[i]
            if packed == here:  # its first use (or the same place given twice)
                continue
            first_path = self.paths[packed & 0xFFFFFFFF]
            where = self.files[packed >> 32] + (f" at {field_path(first_path)}" if first_path else "")
            path = (*self.paths[here & 0xFFFFFFFF], "id")
            message = f"id {rid!r} is already used in {where}"
            problem = Problem("id-duplicate", message, file=self.files[here >> 32], field=field_path(path), value=rid)
            found.append(Finding(problem, path))
        return found


MAX_GUESSED = 100
"""Distinct unknown actor ids given a did-you-mean guess in one run."""


class ActorReferences:
    """`reference-unresolved`: every actor reference, in any field or list, names an actor.

    Only references to no actor known yet are kept (actor files are fed first, so in a valid
    dataset none are); the known ids only grow, so checking those again at `finish` is exact.
    """

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.pending: list[tuple[str, YamlPath, str, int | None, str]] = []
        """(file, record's place, field, index in a list or None, actor id), in feed order."""

    def feed(self, item: FileResult) -> None:
        if not item.parsed and item.kind == "actor":
            # An unreadable actor file still names its actor: references to it are not the problem.
            self.known.add(Path(item.display).stem)
        self.known.update(rid for _, rid in item.raw_ids)  # a broken record's id is not noise either
        records = [(ypath, summary) for ypath, (summary, _) in item.models]
        self.known.update(summary.id for _, summary in records if summary.table == "actors")
        for ypath, summary in records:
            for name, index, value in summary.refs:
                if value not in self.known:
                    self.pending.append((item.display, ypath, name, index, value))
        # A record that failed its model still names its actors: an unknown one is a problem too.
        for ypath, name, index, value in item.raw_refs:
            if value not in self.known:
                self.pending.append((item.display, ypath, name, index, value))

    def finish(self) -> Iterable[Finding]:
        near: dict[str, list[str] | None] = {}
        for display, ypath, name, index, value in self.pending:
            if value not in self.known:
                if value not in near:
                    # Each guess compares the id with every actor: guessed for the first ids only,
                    # so thousands of unknown ids cost seconds at most, not minutes.
                    near[value] = closest(value, self.known) if len(near) < MAX_GUESSED else None
                path = (*ypath, name) if index is None else (*ypath, name, index)
                message = f"'{name}' refers to actor {value!r}, which does not exist"
                create = f"create dataset/actors/{value}.yaml (landmine-news new actor --id {value} ...)"
                guesses = near[value]
                if guesses is None:
                    hint = (
                        f"Correct the id or {create} (the closest actors are named for the first {MAX_GUESSED} unknown ids only)."
                    )
                elif guesses:
                    hint = f"Did you mean {', '.join(repr(n) for n in guesses)}? Otherwise {create}."
                else:
                    hint = f"Correct the id or {create}."
                problem = Problem("reference-unresolved", message, file=display, field=field_path(path), value=value, hint=hint)
                yield Finding(problem, path)


class UnreferencedActors:
    """`actor-unreferenced` (warning): every actor is referenced by some record (silent when an
    article file could not be read: what it references is unknown)."""

    def __init__(self) -> None:
        self.referenced: set[str] = set()
        self.actors: list[tuple[str, YamlPath, str]] = []
        self.unparsed_articles = 0

    def feed(self, item: FileResult) -> None:
        self.unparsed_articles += not item.parsed and item.kind == "article"
        self.referenced.update(value for *_, value in item.raw_refs)
        for ypath, (summary, _) in item.models:
            self.referenced.update(value for _, _, value in summary.refs)
            if summary.table == "actors":
                self.actors.append((item.display, ypath, summary.id))

    def finish(self) -> Iterable[Finding]:
        if self.unparsed_articles:
            return
        for display, ypath, actor_id in self.actors:
            if actor_id not in self.referenced:
                message = f"actor {actor_id!r} is not referenced by any record"
                problem = Problem("actor-unreferenced", message, file=display, field="id", severity="warning", value=actor_id)
                yield Finding(problem, (*ypath, "id"))


class OrphanSources:
    """`source-orphan` (warning): every source text is used by an article (silent as above)."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.sources = sources
        self.unused: set[str] = set(sources)
        """Sources no article fed so far uses: it shrinks as articles come."""
        self.unparsed_articles = 0

    def feed(self, item: FileResult) -> None:
        self.unparsed_articles += not item.parsed and item.kind == "article"
        if item.source_file:
            self.unused.discard(item.source_file)

    def finish(self) -> Iterable[Finding]:
        if self.unparsed_articles:
            return
        for name, display in self.sources.items():
            if name in self.unused:
                yield Finding(
                    Problem("source-orphan", f"source {name} is not used by any article", file=display, severity="warning"), None
                )


class MemberCycles:
    """`member-of-cycle`: no actor belongs to itself, directly or through others; every actor in
    a cycle is reported at its `member_of` entry that stays in the cycle."""

    def __init__(self) -> None:
        self.edges: dict[str, list[tuple[int, str]]] = {}
        self.places: dict[str, tuple[str, YamlPath]] = {}

    def feed(self, item: FileResult) -> None:
        for ypath, (summary, _) in item.models:
            if summary.table == "actors":
                self.places.setdefault(summary.id, (item.display, ypath))
                self.edges[summary.id] = [(i, v) for name, i, v in summary.refs if name == "member_of" and i is not None]

    def finish(self) -> Iterable[Finding]:
        for group in _cycles(self.edges):
            names = ", ".join(sorted(group))
            for actor in sorted(group):
                index, target = next((i, v) for i, v in self.edges[actor] if v in group)
                display, ypath = self.places[actor]
                path = (*ypath, "member_of", index)
                message = (
                    f"actor {actor!r} lists itself in member_of"
                    if len(group) == 1
                    else f"actor {actor!r} is a member of {target!r}, and member_of leads back: cycle among {names}"
                )
                problem = Problem("member-of-cycle", message, file=display, field=field_path(path), value=target)
                yield Finding(problem, path)


def _cycles(edges: dict[str, list[tuple[int, str]]]) -> list[set[str]]:
    """Strongly connected groups with a cycle (Tarjan's algorithm, iterative, so deep chains do not recurse)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((v for _, v in children if v in edges), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1 or any(v == node for _, v in edges[node]):
                    found.append(group)
    return found


def standard_checks(sources: dict[str, str]) -> list[CrossCheck]:
    """The cross-record checks every validation runs, in reporting order."""
    return [UniqueIds(), ActorReferences(), UnreferencedActors(), OrphanSources(sources), MemberCycles()]


def payloads(item: FileResult) -> Iterable[tuple[TableName, Any]]:
    """(table, kept payload) of each valid record of a file, after the parallel map."""
    for _ypath, (summary, payload) in item.models:
        if payload is not None:
            yield summary.table, payload
