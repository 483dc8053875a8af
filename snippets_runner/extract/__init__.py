"""Extraction: Markdown pages in, typed `Page` models out.

Three small contracts, as in Sybil: `markdown` finds the console regions,
`console` classifies their lines, `parser` attaches meaning (commands and
their expected output). `pages` ties them to files and locales.
"""
