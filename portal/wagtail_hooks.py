"""The portal's Wagtail admin wiring: the admin API answers only users who hold a
permission on what it lists (portal/admin_access.py has the rest of least privilege)."""

from wagtail import hooks

from portal.admin_access import DocumentsAPIViewSet, ImagesAPIViewSet, PagesAPIViewSet


# Runs after Wagtail's own construct_admin_api hooks (order 0), replacing their endpoints.
@hooks.register("construct_admin_api", order=100)
def permission_checked_admin_api(router):
    router.register_endpoint("pages", PagesAPIViewSet)
    router.register_endpoint("images", ImagesAPIViewSet)
    router.register_endpoint("documents", DocumentsAPIViewSet)
