"""A real single-node Kubernetes test cluster built from upstream components.

See README.md in this folder; the CLI is `python -m testcluster up|down|status|env|versions`.
"""
