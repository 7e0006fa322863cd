"""Synth-time checks: one ``IValidation`` per stack that runs every check registered with :func:`add_synth_check`,
the check of a new construct's scope and id (:func:`construct_location`), and the synth hooks that report every
failing check at once as a ``ValidationError`` (:func:`install_synth_hooks`).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import jsii
from constructs import Construct, IValidation

from .._validation import fail, show, where
from ..errors import ValidationError
from .framework import FAMILY, FRAMEWORK_ENV_VAR, foreign_family, framework_module
from .tree import child_path, node_of, path_of, stack_of, taken_id_message


def construct_location(scope: Any, id: Any, kind: str, check_id: bool = True) -> str:
    """Check a construct's ``scope`` and ``id`` before it is created; return its future path.

    ``scope`` must be a construct inside a ``TerraformStack``, ``id`` a non-empty string not used by a sibling
    (these would otherwise surface as raw jsii or typeguard errors). With ``check_id=False`` the taken id is
    not looked up here (a kernel round trip): the caller creates the construct inside :func:`new_child`,
    which reports a taken id with the same message.
    """
    if not isinstance(scope, Construct):
        fail(kind, f"scope must be a Construct (got {type(scope).__name__}: {show(scope)})")
    if not isinstance(id, str) or not id:
        fail(where(scope) or kind, f"id must be a non-empty string (got {type(id).__name__}: {show(repr(id))})")
    scope_path = path_of(scope)
    path = child_path(scope, id)
    try:
        stack = stack_of(scope)
    except RuntimeError:
        stack = None
    other = foreign_family(scope) or (foreign_family(stack) if stack is not None else None)
    if other is not None:
        fail(
            path,
            f"the scope belongs to a {other.name} app but sagemaker_tf builds with {FAMILY.name}, and the two cannot "
            f"be mixed in one app; set {FRAMEWORK_ENV_VAR}={other.name} (or import {other.framework} before "
            "sagemaker_tf)",
        )
    if stack is None:
        fail(path, f"{kind} must be created inside a TerraformStack")
    # The one kernel call left: a sibling with this id may have been made by anyone (an L1 resource too).
    if check_id and node_of(scope).try_find_child(id) is not None:
        fail(path, taken_id_message(id, scope_path))
    return path


@jsii.implements(IValidation)
class _Validation:
    """Adapts a Python callable returning error messages to a constructs ``IValidation``."""

    def __init__(self, check: Any) -> None:
        self._check = check

    def validate(self) -> list[str]:
        try:
            return list(self._check())
        except Exception as err:  # never let a Python exception cross the jsii callback boundary
            return [f"{type(err).__name__}: {err}"]


@jsii.implements(IValidation)
class _StackChecks:
    """The one validation per stack that runs every ``add_synth_check`` of the stack's constructs, in Python.

    Registering a validation on each construct costs kernel round trips per construct. cdktf validates a stack's
    constructs in tree order, the stack first, and reads each node's validations when it gets to the node. So
    this validation (on the stack) runs all checks and, for a construct whose check fails, attaches that check to
    the construct's own node, where cdktf then reports it at the construct's path (``[Stack/Model] ...``), as
    if it had been registered there. Only failing constructs cost a round trip.
    """

    def __init__(self, stack: Construct) -> None:
        self.stack = stack
        self.app = _jsii_ref(node_of(stack).root)  # which app.synth() runs these checks
        self.checks: list[tuple[Construct, Any]] = []
        self.attached: weakref.WeakSet[Construct] = weakref.WeakSet()
        self.prechecked = False  # set while a hooked synth runs, after run_all found nothing

    def run_all(self) -> list[str]:
        """Every failing check of the stack as ``[path] message`` lines (the shape cdktf reports them in)."""
        global _synth_pass
        _synth_pass = {}
        errors: list[str] = []
        try:
            for scope, check in list(self.checks):
                messages = _Validation(check).validate()
                if messages and self._in_tree(scope):
                    errors += [f"[{path_of(scope)}] {message}" for message in messages]
        finally:
            _synth_pass = None
        return errors

    def validate(self) -> list[str]:
        global _synth_pass
        if self.prechecked:  # the synth hook ran every check in Python a moment ago
            return []
        _synth_pass = {}
        try:
            for scope, check in list(self.checks):
                if scope in self.attached or not _Validation(check).validate() or not self._in_tree(scope):
                    continue
                node_of(scope).add_validation(_Validation(check))
                self.attached.add(scope)
        except Exception as err:  # never let a Python exception cross the jsii callback boundary
            return [f"{type(err).__name__}: {err}"]
        finally:
            _synth_pass = None
        return []

    def _in_tree(self, scope: Construct) -> bool:
        """Whether ``scope`` is still in the stack (a failed construction removes what it built)."""
        stack_path, path = path_of(self.stack), path_of(scope)
        relative = path[len(stack_path) + 1 :] if stack_path else path
        node = node_of(self.stack)
        for construct_id in relative.split("/"):
            child = node.try_find_child(construct_id)
            if child is None:
                return False
            node = child.node
        return True


# Facts memoized while one ``_StackChecks.validate`` runs (no user code runs in between), else None.
_synth_pass: dict[Any, Any] | None = None


def synth_pass_memo(key: Any, compute: Any) -> Any:
    """``compute()``, memoized under ``key`` for the rest of the current synth-time validation pass (if any).

    For facts that can change while the user builds the tree (a provider's region) but not during validation.

    Example::

        region = synth_pass_memo(("region", id(provider)), lambda: provider.region)
    """
    if _synth_pass is None:
        return compute()
    if key not in _synth_pass:
        _synth_pass[key] = compute()
    return _synth_pass[key]


_stack_checks: weakref.WeakKeyDictionary[Construct, _StackChecks] = weakref.WeakKeyDictionary()


def add_synth_check(scope: Construct, check: Any) -> None:
    """Register ``check() -> Iterable[str]`` to run at synth; each message is reported at ``scope``'s path.

    One validation per stack runs all of them (see ``_StackChecks``), so registering costs no kernel round trip
    after the first in a stack.
    """
    stack = stack_of(scope)
    checks = _stack_checks.get(stack)
    if checks is None:
        checks = _stack_checks[stack] = _StackChecks(stack)
        node_of(stack).add_validation(checks)
    checks.checks.append((scope, check))


SYNTH_ERRORS_HEADER = "Validation failed with the following errors:"
"""The first line of the ValidationError a synth raises (cdktf's own wording, so both read the same)."""


def synth_errors(stacks: Iterable[_StackChecks]) -> list[str]:
    """Every failing synth-time check of ``stacks``, in registration order."""
    return [error for checks in stacks for error in checks.run_all()]


def check_before_synth(stacks: list[_StackChecks]) -> None:
    """Run the synth-time checks of ``stacks`` in Python and raise one ValidationError listing every failure.

    Raised from Python, the error never crosses the jsii kernel: no Node stack, no ``RuntimeError``.
    """
    errors = synth_errors(stacks)
    if errors:
        raise ValidationError("\n  ".join([SYNTH_ERRORS_HEADER, *errors]))


def _jsii_ref(obj: Any) -> str:
    """The kernel's name of a jsii object: the same app can come back as different Python proxies."""
    return str(obj.__jsii_ref__.ref)


def _checks_of_app(app: Any) -> list[_StackChecks]:
    ref = _jsii_ref(app)
    return [checks for checks in list(_stack_checks.values()) if checks.app == ref]


def _checks_of_stack(stack: Any) -> list[_StackChecks]:
    checks = _stack_checks.get(stack)
    return [] if checks is None else [checks]


def _prechecked(stacks: list[_StackChecks], run: Callable[[], Any]) -> Any:
    """``run()`` (the framework's synth) after the Python checks passed; the stacks' own validations then skip."""
    check_before_synth(stacks)
    for checks in stacks:
        checks.prechecked = True
    try:
        return run()
    finally:
        for checks in stacks:
            checks.prechecked = False


_HOOKED = "_sagemaker_tf_synth_hook"
_synths_started = 0


def synths_started() -> int:
    """How many synths the hooks below have started in this process: a key for facts read once per synth.

    Example::

        key = (role, synths_started())   # the role's children, read once per synth
    """
    return _synths_started


def _count_synth() -> None:
    global _synths_started
    _synths_started += 1


def install_synth_hooks() -> None:
    """Wrap ``App.synth``, ``Testing.synth`` / ``Testing.synth_hcl`` and ``Testing.full_synth`` of the active family
    (once per process).

    ``app.synth()`` (what ``cdktf synth`` runs in Python) first runs every synth-time check of the app's stacks
    and raises one ``ValidationError`` that lists them all; ``Testing.synth(stack, run_validations=True)`` does
    the same for the stack. Without the hooks (a synth started from JavaScript), the per-stack validation still
    reports them, as cdktf's ``RuntimeError``.
    """
    module = framework_module()
    app_class, testing = module.App, module.Testing
    if getattr(app_class, _HOOKED, False):
        return
    app_synth = app_class.synth

    @functools.wraps(app_synth)
    def synth(self: Any) -> Any:
        _count_synth()
        return _prechecked(_checks_of_app(self), lambda: app_synth(self))

    def testing_hook(original: Any) -> Any:
        @functools.wraps(original)
        def hooked(stack: Any, run_validations: bool | None = None, *args: Any, **kwargs: Any) -> Any:
            _count_synth()
            if not run_validations:
                return original(stack, run_validations, *args, **kwargs)
            return _prechecked(_checks_of_stack(stack), lambda: original(stack, run_validations, *args, **kwargs))

        return staticmethod(hooked)

    full_synth = testing.full_synth

    @functools.wraps(full_synth)
    def hooked_full_synth(stack: Any, *args: Any, **kwargs: Any) -> Any:
        _count_synth()
        return _prechecked(_checks_of_stack(stack), lambda: full_synth(stack, *args, **kwargs))

    app_class.synth = synth
    testing.synth = testing_hook(testing.synth)
    testing.synth_hcl = testing_hook(testing.synth_hcl)
    testing.full_synth = staticmethod(hooked_full_synth)  # it always validates
    setattr(app_class, _HOOKED, True)


install_synth_hooks()
