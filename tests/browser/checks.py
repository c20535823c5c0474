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
