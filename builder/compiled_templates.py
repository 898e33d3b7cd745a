"""Compiled templates, shared by the language environments of a build and kept between builds.

Each language has its own Jinja environment (its own catalog and filters), but
the three compile every template to the same code: without sharing, a build
compiled each template three times before rendering its first page. With a
build cache, the compiled code is also kept there, so a build compiles only
the templates changed since the last one.

Jinja checks what it loads: the stored code carries Jinja's and Python's
version and the checksum of the template source it was compiled from, and
anything else is compiled again. The environments' settings live in
builder/render.py, whose source is part of the key.
"""
from __future__ import annotations

import jinja2

from builder.cache import BuildCache, code_version, digest

NAMESPACE = "templates"


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self, cache: BuildCache | None = None) -> None:
        self.cache = cache if cache is not None and cache.enabled else None
        self.memory: dict[tuple[str, str], bytes] = {}
        self._salt = code_version("render", "compiled_templates") if self.cache else ""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.memory.get((bucket.key, bucket.checksum))
        if data is None and self.cache is not None:
            data = self.cache.get(NAMESPACE, self._key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)  # resets the bucket (a compile) when the versions differ

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.memory[(bucket.key, bucket.checksum)] = data
        if self.cache is not None:
            self.cache.put(NAMESPACE, self._key(bucket), data)

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return digest(self._salt, bucket.key, bucket.checksum)
