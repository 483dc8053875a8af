"""Update mode: bring a page's published output in line with what really ran.

`rewrite` decides the new output lines of one command (keeping elisions that
still fit and volatile values as the page had them), `tables` re-pads column
output as kubectl would, and `files` applies the changes to every language of
a lesson atomically.
"""
