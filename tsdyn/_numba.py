"""The one numba layer: house jit options, row kernels to serial/parallel drivers, lazy signatures.

Every kernel of tsdyn's engines is compiled through this module, so the options
(``cache=True``, ``nogil=True``, never fast-math) and the choice between a
single thread and numba's thread pool are made in one place.

- :func:`jit` is ``numba.njit`` with the house options. Compilation happens on
  the first call (or the machine code loads from numba's on-disk cache).
- :func:`over_rows` turns a *row kernel* ``f(x, *params, *outs)`` (one series
  ``x`` in, results written into ``outs``) into drivers over a 2-D
  ``(n_series, n_time)`` array: a serial loop and a ``prange`` loop, each
  built and compiled only when first called.
- :func:`over_chunks` does the same for a kernel that handles a range of rows
  ``f(a, lo, hi, *params)`` itself, so that scratch space (a pattern
  histogram) is allocated once per thread rather than once per row.
- :func:`chunk_variants` generates such kernels from one definition, one per
  combination of constants (a measure, a tie rule), each compiling only its path.
- :func:`lazy_jit` compiles with an explicit signature on first call (the
  solvers of the systems engine, whose right-hand sides are first-class
  function arguments).
- :func:`use_parallel` says whether a call is worth the thread pool.

A row kernel lives in an engine's ``_kernels.py`` (numba caches it next to
that file)::

    @over_rows
    def scale_row(x, factor, out):
        for i in range(x.shape[0]):
            out[i] = factor * x[i]

    scale_row(a, 2.0, out, parallel=use_parallel(*a.shape))   # a, out: (n_series, n_time)
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading

import numba

__all__ = [
    "ChunkKernel",
    "ChunkVariants",
    "Lazy",
    "RowKernel",
    "chunk_variants",
    "jit",
    "lazy_jit",
    "over_chunks",
    "over_rows",
    "use_parallel",
]

#: The options of every compiled function. Never ``fastmath``: it breaks NaN checks,
#: and integrators must give bit-identical output.
OPTIONS = {"cache": True, "nogil": True}

#: Fewest samples (all series together) for which the thread pool pays off; below
#: it, starting threads costs more than it saves, and the parallel variant would
#: have to be compiled (seconds on a cold cache) for nothing.
PARALLEL_MIN_SAMPLES = 100_000


def jit(func=None, **options):
    """``numba.njit`` with the house options (``cache=True, nogil=True``).

    Use as ``@jit`` or ``@jit(inline="always")``. Nothing compiles before the
    first call.
    """
    opts = {**OPTIONS, **options}
    if func is None:
        return lambda f: numba.njit(**opts)(f)
    return numba.njit(**opts)(func)


def use_parallel(n_series: int, n_time: int, *, lazy: bool = False) -> bool:
    """Whether a driver should use numba's threads for ``n_series`` series of ``n_time`` samples.

    Only for several series with enough work between them, never for dask
    blocks (``lazy``: dask's own threads already use the cores) and never in a
    worker thread (a thread pool of the caller's; numba's threads would fight it).

    >>> use_parallel(1000, 10_000), use_parallel(1, 10**6), use_parallel(1000, 10_000, lazy=True)
    (True, False, False)
    """
    return (
        not lazy
        and n_series > 1
        and n_series * n_time >= PARALLEL_MIN_SAMPLES
        and threading.current_thread() is threading.main_thread()
    )


def _generate(kernel, name: str, params: list[str], body: str):
    """Compile ``def name(params): body`` with ``kernel`` in scope, cached beside the kernel.

    The driver's code is written into the kernel's own file name, so numba's
    on-disk cache keys it by that file (edit the kernel and its drivers
    recompile) and by a qualified name of its own.
    """
    py = kernel.py_func
    src = f"def {name}({', '.join(params)}):\n{body}"
    namespace = {"kernel": kernel, "numba": numba, "__name__": py.__module__}
    exec(compile(src, inspect.getfile(py), "exec"), namespace)
    fn = namespace[name]
    fn.__qualname__ = f"{py.__qualname__}.{name}"
    return fn


class RowKernel:
    """A row kernel and its drivers over the rows of 2-D arrays (see :func:`over_rows`).

    Call it as ``kernel(a, *params, *outs, parallel=...)``: ``a`` (and the
    other ``inputs - 1`` leading arrays) and every output are indexed by row;
    the parameters in between are passed unchanged. ``row`` is the compiled
    row kernel itself, for other kernels to call.
    """

    def __init__(self, func, *, inputs: int = 1, outputs: int = 1, **options):
        self.row = jit(func, **options)
        self.__doc__, self.__name__ = func.__doc__, func.__name__
        names = list(inspect.signature(func).parameters)
        if len(names) < inputs + outputs:
            raise TypeError(
                f"{func.__name__} takes fewer arguments than its {inputs} inputs and {outputs} outputs"
            )
        self._names = names
        self._sliced = set(names[:inputs]) | set(names[len(names) - outputs :])

    def _driver(self, parallel: bool):
        loop = "numba.prange" if parallel else "range"
        args = ", ".join(f"{n}[r]" if n in self._sliced else n for n in self._names)
        body = f"    for r in {loop}({self._names[0]}.shape[0]):\n        kernel({args})\n"
        fn = _generate(self.row, "parallel" if parallel else "serial", self._names, body)
        return jit(fn, parallel=parallel)

    @functools.cached_property
    def serial(self):
        """The single-threaded driver (built and compiled on first use)."""
        return self._driver(False)

    @functools.cached_property
    def parallel(self):
        """The ``prange`` driver (built and compiled on first use)."""
        return self._driver(True)

    def __call__(self, *args, parallel: bool):
        return (self.parallel if parallel else self.serial)(*args)


class ChunkKernel:
    """A kernel over a range of rows and its drivers (see :func:`over_chunks`).

    Call it as ``kernel(a, *params, parallel=...)``.
    """

    def __init__(self, func, **options):
        self.rows = jit(func, **options)
        self.__doc__, self.__name__ = func.__doc__, func.__name__
        names = list(inspect.signature(func).parameters)
        self._params = [names[0], *names[3:]]

    @functools.cached_property
    def parallel(self):
        """One chunk of rows per thread, each calling the kernel once (built on first use)."""
        a, rest = self._params[0], ", ".join(self._params[1:])
        body = (
            "    for c in numba.prange(nchunk):\n"
            f"        kernel({a}, c * {a}.shape[0] // nchunk, (c + 1) * {a}.shape[0] // nchunk, {rest})\n"
        )
        return jit(_generate(self.rows, "parallel", ["nchunk", *self._params], body), parallel=True)

    def __call__(self, a, *params, parallel: bool):
        if parallel:
            # the thread count is read here: read inside compiled code, it would make the
            # driver impossible to cache
            return self.parallel(min(numba.get_num_threads(), a.shape[0]), a, *params)
        return self.rows(a, 0, a.shape[0], *params)


def over_rows(func=None, *, inputs: int = 1, outputs: int = 1, **options):
    """Decorator: a row kernel ``f(x, *params, *outs)`` becomes a :class:`RowKernel`.

    ``inputs`` leading arguments and ``outputs`` trailing arguments are
    indexed by row (row ``r`` of a 2-D array is a 1-D view; of a 1-D array, a
    scalar); everything between is passed to every row as it is. The drivers
    loop over the rows of the first argument.
    """
    if func is None:
        return lambda f: RowKernel(f, inputs=inputs, outputs=outputs, **options)
    return RowKernel(func, inputs=inputs, outputs=outputs, **options)


def over_chunks(func=None, **options):
    """Decorator: ``f(a, lo, hi, *params)`` (rows ``lo:hi`` of ``a``) becomes a :class:`ChunkKernel`.

    The serial driver is one call over all rows; the parallel one splits the
    rows into one chunk per thread, so per-call scratch space is allocated
    once per thread.
    """
    if func is None:
        return lambda f: ChunkKernel(f, **options)
    return ChunkKernel(func, **options)


class ChunkVariants:
    """Chunk kernels generated from one definition, one per combination of constants (see :func:`chunk_variants`).

    Call it as ``kernel(a, *params, parallel=..., **constants)``.
    """

    def __init__(self, factory, **options):
        self.factory, self.options = factory, options
        self.__doc__, self.__name__ = factory.__doc__, factory.__name__
        self.constants = tuple(inspect.signature(factory).parameters)
        self._kernels: dict[tuple, ChunkKernel] = {}

    def variant(self, **constants) -> ChunkKernel:
        """The kernel for these constants (generated on first use; compiled on its first call)."""
        if set(constants) != set(self.constants):
            raise TypeError(f"{self.__name__} takes the constants {self.constants}, got {tuple(constants)}")
        key = tuple(constants[c] for c in self.constants)
        kernel = self._kernels.get(key)
        if kernel is None:
            for c, v in zip(self.constants, key, strict=True):
                if type(v) not in (bool, int):
                    raise TypeError(f"constant {c} of {self.__name__} must be an int or bool, got {v!r}")
            func = self.factory(**constants)
            # a name of its own per variant: its own entry in numba's on-disk cache
            tag = "_".join(f"{c}{int(v)}" for c, v in zip(self.constants, key, strict=True))
            func.__qualname__ = f"{self.factory.__qualname__}.{tag}"
            kernel = self._kernels[key] = ChunkKernel(func, **self.options)
        return kernel

    def __call__(self, a, *params, parallel: bool, **constants):
        try:
            kernel = self._kernels[tuple(constants[c] for c in self.constants)]
        except KeyError:
            kernel = self.variant(**constants)
        return kernel(a, *params, parallel=parallel)


def chunk_variants(func=None, **options):
    """Decorator: a factory ``f(**constants)`` of chunk kernels becomes a :class:`ChunkVariants`.

    The factory's body defines the kernel ``g(a, lo, hi, *params)`` once, as a
    closure over the constants (which measure, which tie rule ...), and
    returns it. Numba treats a closure's variables as compile-time constants
    and prunes every branch that tests them before typing, so each
    combination compiles only its own path and the helpers that path calls
    (a first call costs seconds less than compiling every path at once).
    Each variant gets the drivers of :func:`over_chunks`.

    ::

        @chunk_variants
        def _sum_rows(square):
            def rows(a, lo, hi, out):
                for r in range(lo, hi):
                    out[r] = (a[r] ** 2).sum() if square else a[r].sum()
            return rows

        _sum_rows(a, out, parallel=False, square=True)
    """
    if func is None:
        return lambda f: ChunkVariants(f, **options)
    return ChunkVariants(func, **options)


class Lazy:
    """A function compiled with an explicit signature on first call, not at import.

    Importing the module that defines it costs nothing, and a run compiles (or
    loads from numba's cache) only what it uses.
    """

    def __init__(self, func, sig, **options):
        self.py_func, self.sig, self.options = func, sig, {**OPTIONS, **options}
        self.__doc__, self.__name__ = func.__doc__, func.__name__

    @functools.cached_property
    def dispatcher(self):
        """The compiled function (compiled, or loaded from the cache, on first access)."""
        return numba.njit(self.sig, **self.options)(self.py_func)

    def compile(self) -> None:
        """Compile now (or load from numba's cache): to fill the cache ahead of use."""
        _ = self.dispatcher

    def __call__(self, *args):
        return self.dispatcher(*args)


def lazy_jit(sig, **options):
    """Decorator: compile with the explicit signature ``sig`` on first call (see :class:`Lazy`)."""
    return lambda func: Lazy(func, sig, **options)


def _answer_blas_check() -> None:
    """Answer numba's import-time BLAS check without importing ``scipy.linalg``.

    numba's first compile or cache load in a process imports its NumPy
    registries; one of them (``numba.np.arraymath``) asks whether BLAS is there
    by importing ``scipy.linalg``, 0.2-0.3 s of every engine's first call, for a
    flag that only picks how ``np.convolve`` and ``np.correlate`` compile. scipy
    is a dependency of tsdyn, so the answer is yes. Only that one check is
    answered here: numba's linear algebra still imports scipy's BLAS when it
    compiles a call that needs it.
    """
    if "numba.np.arraymath" in sys.modules:
        return  # the check has run
    from numba.np import linalg

    check = getattr(linalg, "ensure_blas", None)
    if check is None:  # another numba: leave it alone
        return

    def ensure_blas():
        if sys._getframe(1).f_globals.get("__name__") == "numba.np.arraymath":
            linalg.ensure_blas = check  # answered once; every later caller gets numba's own
            return None
        return check()

    linalg.ensure_blas = ensure_blas


_answer_blas_check()
