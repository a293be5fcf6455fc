"""The lazy jit through which the catalog's generated code calls equations written once.

tools/gen_catalog.py copies short equations into the compiled form and calls
long ones (and long hand-written Jacobians) through :class:`Callee`, so they
exist once, in their equation module. Nothing here imports numba before a
compiled caller is typed or a callee is called from Python.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable

__all__ = ["Callee"]


class Callee:
    """A system's equations ``fn(*state, **params)``, for the generated compiled form to call.

    tools/gen_catalog.py writes a long body (and every hand-written Jacobian
    of that length) once, in its equation module, and has the compiled form
    call it. numba cannot pass keyword-only arguments, so the function is
    compiled from its own code with every argument positional (state, then
    parameters, in the order written). That happens when the first compiled
    caller is typed (numba asks for ``_numba_type_``) or on the first call
    from Python, so loading the catalog does not import numba.

    >>> def decay(x, *, rate):
    ...     return (-rate * x,)
    >>> Callee(decay)(2.0, 0.5)
    (-1.0,)
    """

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    @functools.cached_property
    def dispatcher(self):
        """The compiled function, every argument positional (built on first use)."""
        from tsdyn._numba import jit

        code = self.fn.__code__
        flat = code.replace(co_argcount=code.co_argcount + code.co_kwonlyargcount, co_kwonlyargcount=0)
        py = types.FunctionType(flat, self.fn.__globals__, self.fn.__name__)
        py.__qualname__, py.__module__, py.__doc__ = self.fn.__qualname__, self.fn.__module__, self.fn.__doc__
        try:
            return jit(py)
        except RuntimeError:  # no file for numba's cache (a function typed in a session or a doctest)
            return jit(py, cache=False)

    @property
    def _numba_type_(self):
        # numba's typeof asks objects for this: a compiled caller sees the dispatcher.
        import numba

        return numba.typeof(self.dispatcher)

    def __call__(self, *args):
        return self.dispatcher(*args)
