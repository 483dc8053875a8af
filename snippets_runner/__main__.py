"""`python -m snippets_runner` is the same as the `snippets-runner` command."""

from .entry import main

main()
