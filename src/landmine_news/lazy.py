"""Names a package loads on first use (PEP 562), shared by the top-level package and `models`.

Loading on first use keeps `import landmine_news` cheap and lets a validation served from
the cache run without importing pydantic and every model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_names(namespace: dict[str, Any], modules: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` for the package whose `globals()` is `namespace`.

    Each name of `modules` is found in the submodule it maps to (relative to the package)
    and kept in `namespace`, so later lookups are plain attribute reads. `__dir__` lists the
    package's `__all__`.
    """
    package: str = namespace["__name__"]

    def __getattr__(name: str) -> object:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(namespace["__all__"])

    return __getattr__, __dir__
