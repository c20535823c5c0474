"""Checks that run inside the browser: axe-core, phone layout, bytes transferred."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """axe-core's violations on the current page with one of these impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # does not govern (a <script> tag would be refused: the portal allows no inline
        # script).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary})),
            }));
        }"""
    )
    return [violation for violation in result if violation["impact"] in impacts]


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    - {node['target']}")
            for detail in (node["summary"] or "").splitlines():
                lines.append(f"        {detail}")
    return "\n".join(lines)


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 = no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def cut_off(page):
    """Elements of the main content reaching past the right edge of the window (the
    admin's layout hides what overflows, so nothing scrolls: it is just cut). A table's
    visually hidden header and what sits in a sideways-scrolling box do not count."""
    return page.evaluate("""() => {
        const edge = document.documentElement.clientWidth + 1;
        const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
        const inScroller = el => { for (let a = el.parentElement; a; a = a.parentElement) {
            if (a.tagName === 'MAIN') return false; if (scrolls(a)) return true; } return false; };
        return [...document.querySelectorAll('main *')]
            .filter(el => !el.closest('thead') && el.getBoundingClientRect().width > 0
                    && el.getBoundingClientRect().right > edge && !inScroller(el))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 40));
    }""")


# Links and buttons in the header and main content shorter than min_height. Links inside
# a sentence are exempt (WCAG 2.5.8 "inline" exception): their size is set by the text.
SMALL_TARGETS_JS = """(minHeight) => {
    const selector = 'a[href], button, summary, input[type=submit], input[type=button], '
        + '[role=button]';
    const scopes = document.querySelectorAll('header.site-header, main');
    const small = [];
    const isInSentence = (el) => {
        if (getComputedStyle(el).display !== 'inline') return false;
        let block = el.parentElement;
        while (block && getComputedStyle(block).display.startsWith('inline')) {
            block = block.parentElement;
        }
        return block.textContent.trim().length > el.textContent.trim().length;
    };
    for (const scope of scopes) {
        for (const el of scope.querySelectorAll(selector)) {
            const rect = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue;
            if (isInSentence(el)) continue;
            if (rect.height < minHeight) {
                small.push({
                    element: el.tagName.toLowerCase()
                        + (el.className ? '.' + String(el.className).split(' ').join('.') : ''),
                    text: el.textContent.trim().slice(0, 60),
                    height: Math.round(rect.height * 10) / 10,
                });
            }
        }
    }
    return small;
}"""


def small_tap_targets(page, min_height=44):
    return page.evaluate(SMALL_TARGETS_JS, min_height)


def transferred_bytes(page, url):
    """Load url in a fresh page and sum what came over the wire (headers and bodies)."""
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    per_request = []
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        per_request.append((size, request.url))
    return sum(size for size, _ in per_request), sorted(per_request, reverse=True)


def broken_images(page):
    """Images on the page that did not load (missing renditions, wrong media URLs)."""
    page.wait_for_load_state("load")
    return page.evaluate(
        """() => [...document.images]
            .filter(img => img.loading !== 'lazy' || img.complete)
            .filter(img => !img.complete || img.naturalWidth === 0)
            .map(img => img.currentSrc || img.src)"""
    )


# Words of table cells and chart labels that the layout splits across two lines (a word
# broken mid-way, "Kabupa|ten"): each word's text range gives one box per line it spans.
BROKEN_WORDS_JS = """(selector) => {
    const broken = [];
    for (const cell of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // Words between spaces and dashes: a line may end after a dash, not mid-word.
            const pattern = /[^\\s\\-\u2010-\u2015]+/g;
            let match;
            while ((match = pattern.exec(node.data)) !== null) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()]
                    .filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""

TABLE_AND_CHART_TEXT = "main th, main td, main .chart__label, main .chart__value"


def broken_words(page, selector=TABLE_AND_CHART_TEXT):
    """Words in tables and chart labels that are split across lines (empty = none)."""
    return page.evaluate(BROKEN_WORDS_JS, selector)


def chart_text_problems(page, min_px=12):
    """Chart labels and numbers drawn under min_px, clipped, or cut short with "…".

    The size drawn is measured on the text itself, so a label inside a scaled-down SVG
    (13 px in its drawing, 7 px on the screen) counts at the size the reader sees."""
    return page.evaluate(
        """(minPx) => [...document.querySelectorAll('main .chart__label, main .chart__value')]
            .map(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const drawn = range.getBoundingClientRect().height;
                return {text: el.textContent.trim(),
                        size: parseFloat(getComputedStyle(el).fontSize),
                        small: drawn > 0 && drawn < minPx,
                        clipped: el.scrollWidth > el.clientWidth + 1};
            })
            .filter(t => t.size < minPx || t.small || t.clipped || t.text.endsWith('…'))""",
        min_px,
    )
