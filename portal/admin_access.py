"""Least privilege in the Wagtail admin.

Wagtail checks permissions on its listing and edit screens (the image library, the page
explorer, snippet listings), but a few admin views only ask for "can access the admin",
which judges and the secretariat have:

- the generic choosers (image, document and every snippet chooser, e.g.
  /admin/snippets/choose/innovations/membership/) list every object of their model;
- the page chooser and its search list every page title, drafts of other units included;
- the confirmation page of a bulk action names every object it was given, including the
  ones the user may not act on;
- the confirmation page of a page move (/admin/pages/<id>/move/<destination>/confirm/)
  names the page (a draft's title) whoever asks; only its POST checks the permission;
- the "choose a parent page" form (/admin/pages/create/<app>/<model>) opens for anyone;
- the workflow task chooser (/admin/workflows/task_chooser/…) lists every task;
- the admin API (/admin/api/main/images/, .../documents/) lists every file with its
  title and download URL.

Each gate below asks Wagtail's own permission policy of the model (the collection
permissions for images and documents, the page permissions for pages, the model
permissions for snippets), so granting a group a permission in the admin's Groups screen
opens exactly the matching chooser. Everything a judge needs (the assignments, the score
sheet and the proposal's files) is served by judging's own views, which check the
assignment.
"""

import inspect

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views.bulk_action import dispatcher as bulk_dispatcher
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.generic import chooser as generic_chooser
from wagtail.admin.views.workflows import BaseTaskChooserView
from wagtail.admin.views.workflows import task_chosen as task_chosen_view
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page, Task
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

# Any one of these lets a user choose an object of a model ("choose" is the collection
# permission Wagtail gives for images and documents; snippets have add/change/delete/view).
CHOOSE_ACTIONS = ("add", "change", "delete", "view", "choose")
# The page permissions that make a page explorable in Wagtail.
PAGE_ACTIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")

GENERIC_CHOOSER_VIEWS = (
    generic_chooser.BaseChooseView,
    generic_chooser.ChosenViewMixin,
    generic_chooser.ChosenMultipleViewMixin,
    generic_chooser.CreateViewMixin,
)
PAGE_CHOOSER_VIEWS = (
    page_chooser.BrowseView,
    page_chooser.SearchView,
    page_chooser.ChosenMultipleView,
)


def permission_policy(model):
    """The Wagtail permission policy registered for ``model`` (model permissions if none)."""
    return policy_registry.get_by_type(model) or ModelPermissionPolicy(model)


def may_choose(user, model):
    """True if ``user`` holds any permission on ``model`` that its choosers need."""
    if user.is_superuser:
        return True
    return permission_policy(model).user_has_any_permission(user, CHOOSE_ACTIONS)


def may_explore_pages(user):
    return policy_registry.get_by_type(Page).user_has_any_permission(user, PAGE_ACTIONS)


def _chooser_model(view_func):
    model = (getattr(view_func, "view_initkwargs", None) or {}).get("model")
    if isinstance(model, str):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            return None
    return model if isinstance(model, type) and issubclass(model, Model) else None


def bulk_action_refused(request, view_kwargs):
    """True when a bulk action names an object the user may not act on (its confirmation
    page would show that object's title)."""
    try:
        model = apps.get_model(view_kwargs["app_label"], view_kwargs["model_name"])
        action_class = bulk_action_registry.get_bulk_action_class(
            view_kwargs["app_label"], view_kwargs["model_name"], view_kwargs["action"])
    except (KeyError, LookupError, ValueError):
        return False  # Wagtail answers 404 itself
    if action_class is None:
        return False
    action = action_class(request, model)
    _objects, refused = action.get_actionable_objects()
    return bool(refused["items_with_no_access"])


class AdminLeastPrivilegeMiddleware:
    """Refuses (403) the admin views that Wagtail opens to every admin user, unless the
    user holds a permission on what they list; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_superuser:
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail sends them to the admin's sign-in page itself
        if refused(request, user, view_func, view_kwargs):
            raise PermissionDenied
        return None


def refused(request, user, view_func, view_kwargs):
    """True when ``user`` (an admin user, not the superuser) may not open the view."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is not None and issubclass(view_class, GENERIC_CHOOSER_VIEWS):
        model = _chooser_model(view_func)
        return model is not None and not may_choose(user, model)
    if view_class is not None and issubclass(view_class, PAGE_CHOOSER_VIEWS):
        return not may_explore_pages(user)
    if ((view_class is not None and issubclass(view_class, BaseTaskChooserView))
            or inspect.unwrap(view_func) is task_chosen_view):
        return not may_choose(user, Task)
    if inspect.unwrap(view_func) is bulk_dispatcher.index:
        return bulk_action_refused(request, view_kwargs)
    # Page views dispatched per page type (move, choose parent) have no view class.
    view_name = getattr(request.resolver_match, "view_name", None)
    if view_name == "wagtailadmin_pages:move_confirm":
        page = Page.objects.filter(pk=view_kwargs.get("page_to_move_id")).first()
        return page is not None and not page.permissions_for_user(user).can_move()
    if view_name == "wagtailadmin_pages:choose_parent":
        return not may_explore_pages(user)
    return False


# --- the admin API (/admin/api/main/), registered by portal/wagtail_hooks.py ------------

class _PolicyCheckedAPIMixin:
    """Only for users with a permission on the model; lists only what they may choose."""

    api_model = None

    def check_permissions(self, request):
        super().check_permissions(request)
        if not may_choose(request.user, self.api_model()):
            self.permission_denied(request)

    def get_queryset(self):
        model = self.api_model()
        user = self.request.user
        queryset = super().get_queryset()
        if user.is_superuser:
            return queryset
        allowed = permission_policy(model).instances_user_has_any_permission_for(
            user, CHOOSE_ACTIONS)
        return queryset.filter(pk__in=allowed.values("pk"))


class ImagesAPIViewSet(_PolicyCheckedAPIMixin, ImagesAdminAPIViewSet):
    api_model = staticmethod(get_image_model)


class DocumentsAPIViewSet(_PolicyCheckedAPIMixin, DocumentsAdminAPIViewSet):
    api_model = staticmethod(get_document_model)


class PagesAPIViewSet(PagesAdminAPIViewSet):
    """Wagtail already lists only explorable pages; a user with none is refused."""

    def check_permissions(self, request):
        super().check_permissions(request)
        if not may_explore_pages(request.user):
            self.permission_denied(request)
