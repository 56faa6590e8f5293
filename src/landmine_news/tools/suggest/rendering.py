"""A draft as text a curator pastes: record entries as YAML, the rest as commented lines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..entry_fields import entry_lines, scalar

if TYPE_CHECKING:  # pragma: no cover
    from .drafts import Draft, Skipped, Suggestion


def render(
    dataset: str | Path, article_id: str, suggestions: list[Suggestion], skipped: list[Skipped] | None, extra: Draft | None
) -> str:
    from ..scaffold import planned_ids

    ids = planned_ids(dataset, article_id, [s.kind for s in suggestions])
    out: list[str] = []
    for key, kind in (("quotes", "quote"), ("figures", "figure")):
        chosen = [(rid, s) for rid, s in zip(ids, suggestions, strict=True) if s.kind == kind]
        if chosen:
            out.append(f"{key}:  # {len(chosen)} suggested; paste under the article's `{key}:` and confirm each")
            for rid, s in chosen:
                fields = dict(s.fields)
                if s.part_of is not None:
                    fields["part_of"] = ids[s.part_of]
                if s.occurrence is not None:
                    fields["occurrence"] = s.occurrence
                out += entry_lines(rid, "text" if kind == "quote" else "mention", s.text, fields)
    if extra is not None:
        for actor in extra.actors:
            command = f"# new actor: landmine-news new actor --id {actor.id} --name {scalar(actor.name)} --kind {actor.kind}"
            if actor.member_of:
                command += "".join(f" --member-of {m}" for m in actor.member_of) + f" --basis {scalar(actor.member_of_basis)}"
            out.append(f"{command}   (from {actor.seen_as!r})")
        if extra.mentions:
            out.append(f"# mentions: the text names {', '.join(extra.mentions)}; add those it names as actors to `mentions:`")
        for name, value in extra.article_fields.items():
            out.append(f"# article: {name}: {scalar(value)}")
        out += [f"# article: {note}" for note in extra.article_notes]
    out += [f"# skipped {s.cue!r} (line {s.line}, column {s.column}): {s.reason}" for s in skipped or []]
    return "\n".join(out) + "\n" if out else "# no candidates: every finding is covered or reviewed\n"
