/*
 * What the site's pages need from the browser besides Material's bundle
 * (main.html loads this right after it, before the document has loaded):
 *
 * 1. Commands wrap only between words. Browsers also break a line after
 *    every `-` (`--` at the end of a line, `timeout=30s` on the next), and
 *    CSS cannot turn that off, so each word of a command becomes an inline
 *    block (`.sr-word`, styled in snippets-console.css). The text is
 *    unchanged: copying, selecting and the copy button see the same command.
 *
 * 2. Each page's head lists its translations as hreflang alternates
 *    (main.html). Material takes every `<link rel="alternate">` for the root
 *    of another site and requests `sitemap.xml` next to it, that is
 *    `/en/statefulsets/sitemap.xml`, which does not exist (a 404 in the
 *    reader's console on every page load). The language selector's links
 *    already lead to each page's translation, so Material has nothing to
 *    learn from those sitemaps: its requests for them are not sent (they end
 *    as aborted, which Material treats as "no sitemap"; no request leaves the
 *    browser). The site's real sitemaps (`/sitemap.xml`, `/en/sitemap.xml`,
 *    which Material reads for its own base) are untouched.
 *
 * 3. Switching language keeps the reader's place: the switch remembers the
 *    section the reader is in (the last heading above the top of the window)
 *    and how far into it, and the translation opens at the same place,
 *    because translations have the same headings in the same order (their
 *    anchors differ: they are made of each language's words). If the page
 *    was opened at an anchor, the translation's URL gets the matching
 *    anchor. Pages whose headings differ open at the same proportion of the
 *    page.
 */
(function () {
  "use strict"

  /* 1. Commands wrap between words only ---------------------------------- */

  function wrapWords(root) {
    for (const command of root.querySelectorAll(".sr-console .sr-cmd:not([data-sr-words])")) {
      command.setAttribute("data-sr-words", "")
      const walker = document.createTreeWalker(command, NodeFilter.SHOW_TEXT)
      const texts = []
      while (walker.nextNode())
        texts.push(walker.currentNode)
      for (const text of texts) {
        const parts = text.data.split(/(\s+)/)
        if (parts.length === 1 && parts[0] === "")
          continue
        const fragment = document.createDocumentFragment()
        for (const part of parts) {
          if (!part)
            continue
          if (/^\s+$/.test(part)) {
            fragment.appendChild(document.createTextNode(part))
          } else {
            const word = document.createElement("span")
            word.className = "sr-word"
            word.textContent = part
            fragment.appendChild(word)
          }
        }
        text.replaceWith(fragment)
      }
    }
  }

  /* 2. No requests for sitemaps next to page alternates ------------------- */

  const unsent = new Set()
  for (const link of document.querySelectorAll("link[rel=alternate][hreflang][data-sr-alternate]"))
    unsent.add(new URL("sitemap.xml", link.href).href)

  if (unsent.size) {
    const refused = new WeakSet()
    const open = XMLHttpRequest.prototype.open
    const send = XMLHttpRequest.prototype.send
    XMLHttpRequest.prototype.open = function (method, url) {
      let target = null
      try {
        target = new URL(String(url), document.baseURI).href
      } catch (error) {
        target = null
      }
      if (target !== null && unsent.has(target))
        refused.add(this)
      else
        refused.delete(this)
      return open.apply(this, arguments)
    }
    XMLHttpRequest.prototype.send = function () {
      if (!refused.has(this))
        return send.apply(this, arguments)
      const request = this
      setTimeout(() => request.dispatchEvent(new ProgressEvent("abort")), 0)
    }
  }

  /* 3. The language switch keeps the reader's place ----------------------- */

  const PLACE = "sr-language-place"

  function headings() {
    return [...document.querySelectorAll(
      ".md-content .md-typeset :is(h1, h2, h3, h4, h5, h6)[id]"
    )]
  }

  /* Where the reader's eye starts: below the sticky header, at the height
     where Material puts a heading the URL's anchor points at (3.6rem). */
  function topLine() {
    const header = document.querySelector(".md-header")
    const below = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
    return Math.max(below, 3.6 * rem)
  }

  function pageTop(element) {
    return element.getBoundingClientRect().top + window.scrollY
  }

  function maxScroll() {
    return Math.max(0, document.documentElement.scrollHeight - window.innerHeight)
  }

  function currentPlace() {
    const all = headings()
    const line = window.scrollY + topLine()
    let index = -1
    all.forEach((heading, i) => {
      if (pageTop(heading) <= line + 1)
        index = i
    })
    let fraction = 0
    if (index >= 0) {
      const start = pageTop(all[index])
      const end = index + 1 < all.length
        ? pageTop(all[index + 1])
        : document.documentElement.scrollHeight
      fraction = end > start ? (line - start) / (end - start) : 0
    }
    let anchor = -1
    if (location.hash) {
      let id = location.hash.slice(1)
      try {
        id = decodeURIComponent(id)
      } catch (error) {
        /* keep it as written */
      }
      anchor = all.findIndex(heading => heading.id === id)
    }
    return {
      shape: all.map(heading => heading.tagName).join(","),
      index,
      fraction,
      scroll: window.scrollY,
      ratio: maxScroll() ? window.scrollY / maxScroll() : 0,
      anchor
    }
  }

  function restorePlace(place) {
    const all = headings()
    let top
    if (place.shape !== all.map(heading => heading.tagName).join(",")) {
      top = place.ratio * maxScroll()
    } else if (place.index < 0) {
      top = place.scroll
    } else {
      const start = pageTop(all[place.index])
      const end = place.index + 1 < all.length
        ? pageTop(all[place.index + 1])
        : document.documentElement.scrollHeight
      top = start + place.fraction * (end - start) - topLine()
      if (place.anchor >= 0 && all[place.anchor])
        history.replaceState(history.state, "", "#" + all[place.anchor].id)
    }
    window.scrollTo({ top: Math.max(0, Math.min(top, maxScroll())), behavior: "instant" })
  }

  function withoutHash(href) {
    const url = new URL(href, document.baseURI)
    url.hash = ""
    return url.href
  }

  /* Capture phase: before Material's own handler of alternate links. */
  document.addEventListener("click", event => {
    if (event.defaultPrevented || event.button !== 0)
      return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return
    const link = event.target instanceof Element
      ? event.target.closest("a.md-select__link[hreflang]")
      : null
    if (!link || link.target || new URL(link.href).origin !== location.origin)
      return
    const target = withoutHash(link.href)
    try {
      sessionStorage.setItem(PLACE, JSON.stringify({ target, place: currentPlace() }))
    } catch (error) {
      return  /* no storage: a plain link, the translation opens at its top */
    }
    event.preventDefault()
    event.stopPropagation()
    location.assign(target)
  }, true)

  function pendingPlace() {
    let saved = null
    try {
      saved = JSON.parse(sessionStorage.getItem(PLACE) || "null")
      sessionStorage.removeItem(PLACE)
    } catch (error) {
      return null
    }
    if (!saved || saved.target !== withoutHash(location.href))
      return null
    return saved.place
  }

  /* Now (the document is parsed up to here) ------------------------------- */

  wrapWords(document)
  const place = pendingPlace()
  if (place) {
    restorePlace(place)
    /* Once more when everything has loaded, unless the reader scrolled. */
    const restored = window.scrollY
    window.addEventListener("load", () => {
      if (Math.abs(window.scrollY - restored) < 2)
        restorePlace(place)
    }, { once: true })
  }

  /* With Material's instant navigation, each new page comes through document$. */
  if (typeof window.document$ !== "undefined" && window.document$.subscribe)
    window.document$.subscribe(() => wrapWords(document))
})()
