"""Stage 4, tools for curators and maintainers: `diff`, `stats`, `codebook`, `scaffold`
(and their renderers). Depend on `release`, `checks` and `models`."""
