"""The command grammar (tsdyn/cli.py): one set of flags, exit codes and checks for every command."""

import time

import click
import pytest
from click.testing import CliRunner

import tsdyn
from tsdyn import cli
from tsdyn._compile import announce_compile
from tsdyn.cli import main
from tsdyn.errors import InputError


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _commands(group=main, path=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_version_and_help():
    res = run("--version")
    assert res.exit_code == 0 and tsdyn.__version__ in res.output
    res = run("--help")
    assert res.exit_code == 0
    for command in ("analyze", "compile", "generate", "systems"):
        assert command in res.output


def test_systems_are_subcommands():
    assert set(main.commands["systems"].commands) == {"list", "show"}
    assert "compile" in main.commands  # tsdyn compile, not tsdyn systems compile
    assert run("systems", "compile").exit_code == 2


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=" ".join)
def test_help_is_rendered_for_a_terminal(path):
    res = run(*path, "--help")
    assert res.exit_code == 0, res.output
    for raw in ("``", ":func:", ":mod:", ":class:", ":data:"):
        assert raw not in res.output, f"raw RST {raw!r} in 'tsdyn {' '.join(path)} --help'"
    assert "Exit status: 0 ok, 1 some inputs failed, 2 usage error, 130/143 interrupted" in res.output


LONG_COMMANDS = [("analyze",), ("compile",), ("generate", "benchmark")]


@pytest.mark.parametrize("path", LONG_COMMANDS, ids=" ".join)
def test_the_same_flags_everywhere(path):
    command = dict(_commands())[path]
    flags = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    assert {"-j", "--jobs", "-q", "--quiet", "--progress", "--no-progress"} <= flags
    if path != ("compile",):
        assert {"-o", "--out", "--seed"} <= flags
    system = dict(_commands())[("generate", "system")]
    assert {"-o", "--out", "-n", "--seed", "-q"} <= {o for p in system.params for o in p.opts}


def test_jobs_help_tells_the_real_rule(monkeypatch):
    res = run("analyze", "--help")
    assert "one per 20 files, at most one per core" in " ".join(res.output.split())
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert [cli._default_jobs(n) for n in (None, 1, 39, 40, 60, 1000)] == [1, 1, 1, 2, 3, 4]


def test_generate_system_refuses_an_unknown_format_before_integrating(tmp_path, monkeypatch):
    """Issue 13, problem 9: --out x.txt integrated first, then died with a traceback and exit 1."""

    def no_integration(*args, **kwargs):
        raise AssertionError("integrated before checking --out")

    monkeypatch.setattr("tsdyn.systems.system.System.integrate", no_integration)
    res = run("generate", "system", "Lorenz", "--n", 50, "--out", tmp_path / "x.txt")
    assert res.exit_code == 2 and "--out must end in .csv, .parquet, .nc, .zarr" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    res = run("generate", "system", "Lorenz", "--long", "--out", tmp_path / "x.nc")
    assert res.exit_code == 2 and "--long writes a table" in res.output
    assert not list(tmp_path.iterdir())


def test_generate_system_announces_a_missing_folder(tmp_path):
    """Issue 13, problem 18 (second half): missing output folders were created silently."""
    out = tmp_path / "new" / "deeper" / "l.csv"
    res = run("generate", "system", "Lorenz", "-n", 5, "--dt", 0.01, "-o", out)
    assert res.exit_code == 0, res.output
    assert f"creating folder {out.parent}" in res.stderr and out.exists()
    res = run("generate", "system", "Lorenz", "-n", 5, "--dt", 0.01, "-o", tmp_path / "b" / "l.csv", "-q")
    assert res.exit_code == 0 and res.output == ""


def test_generate_benchmark_unknown_system_is_a_usage_error(tmp_path):
    """Issue 13, problem 18: --systems Nope exited 1 (a failed input) instead of 2 (a usage error)."""
    res = run("generate", "benchmark", "--systems", "Lorenz,Nope", "-o", tmp_path / "b")
    assert res.exit_code == 2 and "no system named 'Nope'" in res.output
    assert not (tmp_path / "b").exists()


def _csv(folder):
    folder.mkdir(exist_ok=True)
    (folder / "a.csv").write_text("t,x\n" + "".join(f"{i},{(i * 7) % 11}\n" for i in range(60)))
    return folder


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "ordinal.m=abc"], "ordinal.m: m must be an integer >= 2, got 'abc'"),
        (["--set", "ordinal.m=11"], "ordinal.m: m=11 is too large"),
        (["--set", "ews.window=0"], "ews.window: window must be at least 2 points, got 0"),
        (["--set", "ordinal.d=3"], "measure set 'ordinal' has no parameter 'd'"),
        (["--set", "read.nan_policy=bogus"], "nan_policy"),
        (["--measures", "summary,nope"], "unknown measure set 'nope'"),
        (["--jobs", "0"], "--jobs"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_bad_settings_are_usage_errors_before_any_file_is_read(tmp_path, monkeypatch, args, message):
    """Issue 13, problem 11 and item 3: each file used to fail one by one with 'internal error'."""

    def no_reading(*a, **k):
        raise AssertionError("a file was read before the settings were checked")

    monkeypatch.setattr("tsdyn.io.batch.read_series", no_reading)
    res = run("analyze", _csv(tmp_path / "in"), "--out", tmp_path / "res", *args)
    assert res.exit_code == 2, res.output
    assert message in " ".join(res.output.split())
    assert not (tmp_path / "res").exists()


def test_analyze_files_checks_parameters_before_reading(tmp_path):
    from tsdyn.io import analyze_files

    # the path does not even exist: the parameter is what the error names
    with pytest.raises(InputError, match="ordinal.m: m must be an integer"):
        analyze_files(tmp_path / "missing.csv", params={"ordinal": {"m": "abc"}})
    with pytest.raises(InputError, match="ews.window"):
        analyze_files(tmp_path / "missing.csv", params={"ews": {"window": 0}})


def test_compile_notice_when_the_first_call_is_slow():
    lines = []

    def echo(text, nl=True):
        lines.append(text)

    assert announce_compile(lambda: time.sleep(0.5), echo, after=0.1) >= 0.5
    assert lines[0] == "compiling kernels (first run only) ..." and lines[1].startswith(" done in 0.")
    lines.clear()
    announce_compile(lambda: None, echo, after=0.5)
    assert lines == []  # a warm cache: nothing to say
    with pytest.raises(ZeroDivisionError):
        announce_compile(lambda: 1 / 0, echo)


def test_analyze_announces_compiling(tmp_path, monkeypatch):
    monkeypatch.setattr("tsdyn._compile.warm_measures", lambda measures, params: time.sleep(1.5))
    res = run("analyze", _csv(tmp_path / "in"), "-o", tmp_path / "res", "-m", "summary")
    assert res.exit_code == 0, res.output
    assert "compiling kernels (first run only) ... done in 1." in res.stderr
    res = run("analyze", _csv(tmp_path / "in"), "-o", tmp_path / "res2", "-m", "summary", "-q")
    assert res.exit_code == 0 and res.output == ""


def test_analyze_no_progress(tmp_path):
    res = run("analyze", _csv(tmp_path / "in"), "-o", tmp_path / "res", "-m", "summary", "--no-progress")
    assert res.exit_code == 0, res.output
    assert "[1/1]" not in res.output and "a.csv" in res.stdout  # the summary table, no progress lines
    with_progress = run("analyze", _csv(tmp_path / "in"), "-o", tmp_path / "r2", "-m", "summary")
    assert "[1/1] ok" in with_progress.stderr


def test_wait_and_report_flags_are_offered():
    res = run("analyze", "--help")
    assert "--wait" in res.output and "--report" in res.output


def test_warm_up_runs_tsdyn_sets_only(tmp_path, monkeypatch):
    """A plugin set ("module:function") is user code: the warm-up never calls it in the main process
    (the batch tests' gate plugin would wait there forever)."""
    from tsdyn._compile import warm_measures

    marker = tmp_path / "called"
    (tmp_path / "warm_plugin.py").write_text(
        f"def touch(series, params, seed):\n    open({str(marker)!r}, 'w').close()\n    return {{}}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    warm_measures(["summary", "warm_plugin:touch"], {})
    assert not marker.exists()
