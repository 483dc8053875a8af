"""Click commands, one module each; `cli.py` only assembles them."""
