"""Checking an article's source text: present, unchanged (sha256), decodable, its length."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...digests import sha256_hex
from ...models.constraints import SHA256_PATTERN, SOURCE_FILE_PATTERN
from ..report.problems import Problem
from .files import decode, read_source
from .positions import Positions


@dataclass
class SourceCheck:
    """What `check_source` found of an article's source."""

    name: str | None
    """The source file named (None when `source_file` is no valid name: the model reports it)."""
    text: str | None
    """The text, only when it can be trusted: else every offset would be meaningless."""
    problems: list[Problem]
    state: str | None
    """`read_source`'s state: what a cached result depends on."""


def check_source(article: dict[str, Any], sources: Path, display: str, pos: Positions) -> SourceCheck:
    """The source of one article's data: present, unchanged (sha256), decodable; fills in the computed `length`."""
    name = article.get("source_file")
    if not isinstance(name, str) or not re.fullmatch(SOURCE_FILE_PATTERN, name):
        return SourceCheck(None, None, [], None)
    read = read_source(sources, name)
    text, problems = _checked(article, sources, name, display, pos, read)
    return SourceCheck(name, text, problems, read[1])


def _checked(
    article: dict[str, Any], sources: Path, name: str, display: str, pos: Positions, read: tuple[bytes | None, str, list[Problem]]
) -> tuple[str | None, list[Problem]]:
    """The source's text, only when it can be trusted, and its problems; `read` is what `read_source` gave."""
    data, digest, problems = read
    path = (sources / name).as_posix()

    def problem(code: str, message: str, field: str, value: Any, hint: str | None = None) -> list[Problem]:
        line, column = pos.at((field,))
        return [Problem(code, message, file=display, line=line, column=column, field=field, value=value, hint=hint)]

    if data is None:
        missing = f"source file {name} is not in {sources.as_posix()}/"
        return None, problems or problem("source-missing", missing, "source_file", name)
    written = article.get("sha256")
    if digest != written:
        if not (isinstance(written, str) and re.fullmatch(SHA256_PATTERN, written)):
            return None, []
        message = f"{name} has sha256 {digest}, the record says {written}"
        return None, problem("source-hash-mismatch", message, "sha256", written, _line_ending_hint(data, written))
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    if "\x00" in text:
        # A NUL is no character of a text: the file is damaged or binary, and every quote
        # anchored in it would carry the NUL into the release.
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        message = f"{name} holds a NUL character (U+0000) at line {line}, column {column}: it is not a text"
        return None, [Problem("source-not-text", message, file=path, line=line, column=column)]
    found = []
    if text.startswith("\ufeff"):
        # Like CRs: not wrong (kept as collected), but invisible, and every offset counts it.
        message = f"{name} begins with a byte-order mark (U+FEFF); offsets count it as the first character"
        found.append(Problem("source-bom", message, file=path, line=1, severity="warning"))
    if "\r" in text:
        # Not wrong in itself, but offsets then count every CR, and a checkout that converts
        # line endings will no longer match the hash.
        line = text.count("\n", 0, text.index("\r")) + 1
        message = f"{name} has CR line endings (first on line {line}); offsets count each CR"
        found.append(Problem("source-line-endings", message, file=path, line=line, severity="warning"))
    written_length = article.get("length")
    if written_length is None:
        article["length"] = len(text)
    elif written_length != len(text) and isinstance(written_length, int):
        message = f"length is {written_length} but the source has {len(text)} code points"
        found += problem("length-mismatch", message, "length", written_length)
    return text, found


def _line_ending_hint(data: bytes, written: str) -> str | None:
    """A hint when the recorded hash is that of the same text with other line endings."""
    lf = data.replace(b"\r\n", b"\n")
    for variant, was in ((lf, "LF"), (lf.replace(b"\n", b"\r\n"), "CRLF")):
        if variant != data and sha256_hex(variant) == written:
            now = "CRLF" if was == "LF" else "LF"
            return (
                f"The source's line endings were converted (CRLF vs LF): the recorded hash is of the text with"
                f" {was} line endings, the file now has {now}. Restore the original bytes (e.g. `git checkout` the"
                " file, and set `dataset/sources/*.txt -text` in .gitattributes so git leaves them alone)."
            )
    return None
