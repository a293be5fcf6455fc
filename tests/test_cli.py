from click.testing import CliRunner

import tsdyn
from tsdyn.cli import main


def test_version_and_help():
    runner = CliRunner()
    res = runner.invoke(main, ["--version"])
    assert res.exit_code == 0 and tsdyn.__version__ in res.output
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0
    for command in ("analyze", "generate", "systems"):
        assert command in res.output
