"""The README documents every configuration key."""

from __future__ import annotations

import re

from okconf.config import Defaults
from tests.support import ROOT


def test_every_configuration_key_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    keys = {name for name in vars(Defaults) if name.isupper()}
    assert keys, "no keys found in Defaults"
    missing = sorted(keys - documented)
    assert not missing, f"README.md's configuration table lacks: {', '.join(missing)}"
    assert "SECRET_KEY" in documented
