"""The shell commands the README shows, as an operator would copy them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
SHELL_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.M | re.S)


def strip_comment(line: str) -> str:
    """Drop a trailing `# ...` comment that is not inside quotes."""
    quote = None
    for index, char in enumerate(line):
        if char in "'\"" and quote in (None, char):
            quote = None if quote else char
        elif char == "#" and quote is None and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip()
    return line.rstrip()


def shell_blocks(text: str | None = None) -> list[list[str]]:
    """Every ```sh block, as its command lines (comments dropped, continuations joined)."""
    blocks = []
    for body in SHELL_BLOCK.findall(text if text is not None else README.read_text()):
        commands, pending = [], ""
        for raw in body.splitlines():
            line = strip_comment(raw)
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line = (pending + line).strip()
            if line and not _complete(line):  # a quoted JSON body over several lines
                pending = line + " "
                continue
            pending = ""
            if line:
                commands.append(line)
        blocks.append(commands)
    return blocks


def _complete(line: str) -> bool:
    try:
        shlex.split(line)
    except ValueError:  # "No closing quotation"
        return False
    return True


def commands() -> list[str]:
    return [command for block in shell_blocks() for command in block]


def production_block() -> list[str]:
    """The block of the *Production deployment* section: the commands a real deployment runs."""
    section = README.read_text().split("## Production deployment", 1)[1]
    return shell_blocks(section)[0]


def production_process(name: str) -> str:
    """The README's command line for one long-running process: gunicorn, the worker or cron."""
    markers = {"web": "gunicorn ", "worker": " dsar worker", "cron": " dsar cron"}
    return next(line for line in production_block() if markers[name] in line)
