"""Content-Security-Policy: strict on the public site, what Wagtail's admin needs on /admin/.

The public templates load only the site's own static files (portal/static,
innovations/static, judging/static: no inline <script>, no on*= handlers, no style=
attributes), so ``CONTENT_SECURITY_POLICY`` (settings) allows 'self' and nothing inline.
Wagtail's admin writes inline styles and a few inline scripts (its React/Stimulus boot
data, the preview panel), so under ``ADMIN_PREFIXES`` the policy adds 'unsafe-inline' to
script-src and style-src, and blob: for image previews; nothing else is relaxed there.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIXES = ("/admin/",)
ADMIN_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            update = dict(ADMIN_UPDATE)
            for directive, sources in (parts.update or {}).items():
                update[directive] = list(update.get(directive, [])) + list(sources)
            parts.update = update
        return parts
