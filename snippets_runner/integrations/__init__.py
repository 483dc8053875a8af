"""Adapters that plug snippets-runner into other tools (MkDocs, the site's fences).

Kept apart from the pipeline so that importing the runner never imports MkDocs.
"""
