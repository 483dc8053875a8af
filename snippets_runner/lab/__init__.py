"""Lab setup and cleanup with the kubernetes client: apply, wait ready, delete, wait gone.

Peers reset labs with shell scripts and leak state between lessons; here the
objects a page's front matter names are applied server-side, awaited by
watching (never by sleeping), and removed again however the page ended.
"""
