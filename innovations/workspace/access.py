"""Who is in the workspace and which proposals they may see.

An operator sees and edits only their own unit's proposals; an agency admin sees its
agency's proposals read-only and reviews them. Anything else answers 404, so a
proposal's existence does not leak to other units or agencies.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render

from innovations.models import InnovationPage, Membership, Role, Unit


@dataclass
class WorkspaceUser:
    """The memberships of the signed-in user, read once per request."""

    unit_ids: set = field(default_factory=set)
    agency_ids: set = field(default_factory=set)

    @property
    def is_operator(self):
        return bool(self.unit_ids)

    @property
    def is_agency_admin(self):
        return bool(self.agency_ids)

    def units(self):
        return Unit.objects.filter(pk__in=self.unit_ids).select_related("agency")

    def can_edit(self, innovation):
        return innovation.unit_id in self.unit_ids

    def can_view(self, innovation):
        return self.can_edit(innovation) or innovation.agency_id in self.agency_ids


def load_workspace_user(user):
    who = WorkspaceUser()
    for role, unit_id, agency_id in Membership.objects.filter(user=user).values_list(
            "role", "unit_id", "agency_id"):
        if role == Role.OPERATOR and unit_id:
            who.unit_ids.add(unit_id)
        elif role == Role.AGENCY_ADMIN:
            who.agency_ids.add(agency_id)
    return who


def workspace_view(view):
    """Sign-in required; people without a unit or agency role get a friendly 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        who = load_workspace_user(request.user)
        if not (who.is_operator or who.is_agency_admin):
            return render(request, "innovations/workspace/no_workspace.html", status=403)
        request.workspace = who
        return view(request, *args, **kwargs)

    return wrapper


def get_innovation(request, pk, *, edit=False):
    """The proposal if this user may see it (and edit it, when edit=True).

    Another unit or agency gets 404; the agency admin, who can see the proposal,
    gets 403 for editing actions.
    """
    innovation = (InnovationPage.objects.select_related("unit", "agency", "category")
                  .filter(pk=pk).first())
    who = request.workspace
    if innovation is None or not who.can_view(innovation):
        raise Http404
    if edit and not who.can_edit(innovation):
        raise PermissionDenied
    return innovation
