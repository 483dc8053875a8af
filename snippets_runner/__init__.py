"""snippets_runner: keep the shell sessions on documentation pages true.

The pipeline is extract -> run -> match -> report (-> update); each stage is a
subpackage or module that only consumes what the previous one produced.
"""

__version__ = "0.1.0"
