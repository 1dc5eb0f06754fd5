"""The README's quick start runs as written, on the back-end of this test run (MES_TEST_DB)."""
from __future__ import absolute_import

import io
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def readme_section(heading):
    """The text of the README section that starts with `## <heading>`, up to the next `## `."""
    with io.open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        text = handle.read()
    start = text.index("\n## " + heading)
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def fenced_blocks(section, language):
    """The contents of the section's fenced blocks whose info string is `language` ('' for none)."""
    blocks, current, info = [], None, None
    for line in section.splitlines(True):
        if line.startswith("```"):
            if current is None:
                current, info = [], line[3:].strip()
            else:
                if info == language:
                    blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_quick_start_runs_verbatim_and_prints_what_the_readme_says(tmp_path):
    section = readme_section("Quick start")
    script = fenced_blocks(section, "python")
    printed = fenced_blocks(section, "")
    assert len(script) == 1 and len(printed) == 1, "the quick start has one script and one output block"
    path = tmp_path / "quickstart.py"
    path.write_text(script[0], encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=ROOT)
    result = subprocess.run([sys.executable, str(path)], cwd=str(tmp_path), env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.splitlines() == printed[0].splitlines()
