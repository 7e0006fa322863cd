"""Everything that knows about jsii or cdktf/cdktn internals (see docs/architecture.md).

- ``framework``: the one gateway to the framework and provider packages (installs the fast import first);
- ``tree``: construct-tree facts cached in Python, per-stack singletons, taken-id errors;
- ``tokens``: unresolved-token tests without a kernel round trip, resource attribute tokens read once;
- ``render``: the rendering mechanism that composes library-built blocks with a user's ``add_override``;
- ``checks``: synth-time checks (one ``IValidation`` per stack) and the scope/id check of a new construct;
- ``fast_import``: the fast provider import (``kernel``: the jsii kernel hook; ``archive``, ``runtime_index``,
  ``cache``, ``index_build``: the lazy tarball copy and its caches; ``shape``: the checks of jsii internals).

Importing this package imports nothing else.
"""
