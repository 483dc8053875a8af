/*
 * Material's search worker, with queries that work for both of our languages.
 *
 * main.html points Material at this file with `?worker=<Material's worker>`,
 * `&lang=<prefix>` (the reader's language folder, "" for the default) and
 * `&others=<prefix,...>`. It loads Material's worker unchanged and only
 * rewrites what goes in (the query) and what comes out (the results):
 *
 * - English: Material appends `*` to every term for type-ahead, and lunr
 *   skips the stemmer for wildcard terms, while the index holds stems
 *   ("deleted" is indexed as "delet"), so whole inflected words found
 *   nothing. Each word is sent as its stem, which Material then turns into
 *   a prefix search: "deleted" looks for "delet*", which also keeps
 *   type-ahead working. (Sending the word as well would make Material list
 *   it as "Missing" under every result.)
 * - Japanese: the index splits text into words with TinySegmenter; a query
 *   typed without spaces (永続ストレージ) was one prefix that no word starts
 *   with. Japanese runs are segmented with the same segmenter.
 * - Full-width punctuation separates words, as in the index.
 * - Results: one index holds every language; only the reader's language is
 *   returned, so a Japanese reader is not sent to English pages.
 */
/* global lunr */
"use strict"

const QUERY = 2
const RESULT = 3

const params = new URL(self.location.href).searchParams
const worker = params.get("worker") || ""
const here = params.get("lang") || ""
const others = (params.get("others") || "").split(",").filter(Boolean)

const SEPARATOR = /[\s\u3000：；！？、。，．・「」（）]+/
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]/
const PARTICLE = /^[\u3040-\u309f]$/

function stem(word) {
  const lower = word.toLowerCase()
  if (typeof lunr === "undefined" || typeof lunr.stemmer !== "function")
    return lower
  return lunr.stemmer(new lunr.Token(lower, {})).toString() || lower
}

function rewrite(query) {
  const out = []
  for (const term of query.split(SEPARATOR).filter(Boolean)) {
    if (/^[+-]|[*~^:"]/.test(term)) {
      out.push(term)                       // the reader wrote lunr syntax: keep it
    } else if (JAPANESE.test(term) && typeof lunr !== "undefined" && lunr.segmenter) {
      for (const word of lunr.segmenter.segment(term))
        if (!PARTICLE.test(word) && !SEPARATOR.test(word))
          out.push(word)
    } else {
      out.push(stem(term))
    }
  }
  return out.join(" ")
}

function mine(location) {
  if (!location.startsWith(here))
    return false
  return !others.some(prefix => prefix.length > here.length && location.startsWith(prefix))
}

function filter(message) {
  if (!message || message.type !== RESULT || !message.data || !message.data.items)
    return message
  const items = message.data.items.filter(group => group.length && mine(group[0].location))
  return { ...message, data: { ...message.data, items } }
}

const post = self.postMessage.bind(self)
self.postMessage = message => post(filter(message))

const listen = self.addEventListener.bind(self)
self.addEventListener = (type, listener, options) => {
  if (type !== "message")
    return listen(type, listener, options)
  return listen(type, event => {
    const message = event.data
    if (message && message.type === QUERY && typeof message.data === "string")
      return listener({ data: { ...message, data: rewrite(message.data) } })
    return listener(event)
  }, options)
}

if (!/^[\w.-]+\.js$/.test(worker))
  throw new Error(`snippets-search: refusing to load worker ${JSON.stringify(worker)}`)
importScripts(worker)
