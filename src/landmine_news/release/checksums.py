"""The release's checksum file, and the digests it is made of (from `landmine_news.digests`)."""

from __future__ import annotations

from ..digests import file_digest, sha256_hex

CHECKSUMS = "SHA256SUMS"
"""The release's checksum file, in `sha256sum` format."""

sha256_bytes = sha256_hex

__all__ = ["CHECKSUMS", "file_digest", "sha256_bytes"]
