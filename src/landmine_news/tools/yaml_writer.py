"""Writing record YAML that reads back exactly (scaffolding, tests): double-quoted strings, block layout."""

from __future__ import annotations

from typing import Any

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


def _printable(ch: str) -> bool:
    # YAML 1.1's printable set, less the line breaks a reader would fold into spaces.
    o = ord(ch)
    return (
        (0x20 <= o <= 0x7E)
        or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029))
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
        or o >= 0x10000
    )


def quote_str(value: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `value`."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02X}" if ord(ch) < 0x100 else f"\\u{ord(ch):04X}")
    return '"' + "".join(out) + '"'


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        # PyYAML reads 1e+300 as a string; 1.0e+300 as the float.
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return quote_str(str(value))


def dump(data: dict[str, Any], indent: int = 0) -> str:
    """Record data as block YAML, in the given key order; every string double-quoted."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:" + ("\n" + dump(value, indent + 2).rstrip("\n") if value else " {}"))
        elif isinstance(value, list):
            if not value:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    body = dump(item, indent + 4).rstrip("\n")
                    lines.append(f"{pad}  - " + body[indent + 4 :] if body else f"{pad}  - {{}}")
                else:
                    lines.append(f"{pad}  - {_scalar(item)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"
