"""Update mode: bring a page's published output in line with what really ran.

`rewrite` decides the new output lines of one command (keeping elisions that
still fit and volatile values as the page had them), `anchors` keeps the
lines around an elision, `repad` re-pads column output as kubectl would,
`lines` says which real lines may be written as output at all (the page
file itself is read and written back by `snippets_runner.files`),
`proof` proves the new text extracts like the old, `edits` turns
changes into checked edits, diffs and patches, and `planning` makes every
decision (changes, leaks, refusals, stuck commands) for the command line.
"""
