"""Least privilege in the Wagtail admin (portal/admin_access.py, portal/wagtail_hooks.py):
a judge of a blind round, and the secretariat, cannot list images, documents, pages or
accounts through the admin's choosers, its API or bulk-action confirmations."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from tests.factories import UserFactory, blind_case

pytestmark = pytest.mark.django_db

# Every admin URL that listed something to any admin user before (issue 12, found 2, 4).
REFUSED = [
    "/admin/api/main/images/",
    "/admin/api/main/images/{image}/",
    "/admin/api/main/documents/",
    "/admin/api/main/documents/{document}/",
    "/admin/api/main/pages/",
    "/admin/api/main/pages/{page}/",
    "/admin/images/",
    "/admin/images/chooser/",
    "/admin/images/chooser/results/?q=kantor",
    "/admin/images/chooser/{image}/",
    "/admin/documents/",
    "/admin/documents/chooser/",
    "/admin/documents/chooser/results/?q=SK",
    "/admin/documents/chooser/{document}/",
    "/admin/snippets/choose/innovations/membership/",
    "/admin/snippets/choose/innovations/membership/results/?q=op",
    "/admin/snippets/choose/innovations/unit/",
    "/admin/snippets/choose/innovations/agency/",
    "/admin/snippets/innovations/membership/",
    "/admin/choose-page/",
    "/admin/choose-page/{page}/",
    "/admin/choose-page/search/?q=Layanan",
    "/admin/pages/",
    "/admin/pages/{page}/",
    "/admin/pages/search/?q=Layanan",
    "/admin/bulk/wagtailcore/page/delete/?id={page}",
    "/admin/bulk/wagtailcore/page/publish/?id={page}",
    "/admin/bulk/wagtailcore/page/unpublish/?id={page}",
    "/admin/bulk/wagtailimages/image/delete/?id={image}",
    "/admin/bulk/wagtaildocs/document/delete/?id={document}",
    "/admin/bulk/auth/user/delete/?id={operator}",
    "/admin/users/",
    # Found while building the permission matrix (tests/portal/test_permission_matrix.py).
    "/admin/pages/{page}/move/{parent}/confirm/",
    "/admin/pages/create/innovations/innovationpage",
    "/admin/workflows/task_chooser/",
    "/admin/workflows/task_chooser/1/",
]


@pytest.fixture
def case(index):
    return blind_case(index)


def url(template, case):
    return template.format(image=case.image.pk, document=case.document.pk, page=case.page.pk,
                           operator=case.operator.pk, parent=case.page.get_parent().pk)


def assert_refused(response):
    """403, 404, or Wagtail's redirect to the admin home ("no permission")."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code in (403, 404), response.status_code


@pytest.mark.parametrize("template", REFUSED)
def test_a_judge_of_a_blind_round_is_refused(client, case, template):
    client.force_login(case.judge)
    response = client.get(url(template, case))
    assert_refused(response)
    assert "Rahasiaku" not in response.content.decode()
    assert case.page.title not in response.content.decode()


# The secretariat reads agencies and units (migration 0009), never memberships.
@pytest.mark.parametrize("template", [t for t in REFUSED
                                      if not t.endswith(("/agency/", "/unit/"))])
def test_the_secretariat_is_refused_what_its_work_does_not_need(client, case, template):
    client.force_login(case.staff)
    assert_refused(client.get(url(template, case)))


def test_the_judges_own_screens_still_open(client, case):
    client.force_login(case.judge)
    assert client.get(reverse("judging_admin:my_assignments")).status_code == 200
    sheet = reverse("judging_admin:score_entry", args=[case.assignment.pk])
    assert client.get(sheet).status_code == 200


def test_the_secretariat_chooses_agencies_for_judge_profiles(client, case):
    """Judge profiles and conflicts name an agency: migration 0009 lets the secretariat
    read agencies (and provinces, units), not memberships."""
    client.force_login(case.staff)
    response = client.get("/admin/snippets/choose/innovations/agency/")
    assert response.status_code == 200
    assert "Rahasiaku" in response.content.decode()
    assert client.get("/admin/snippets/choose/innovations/province/").status_code == 200


def test_a_collection_permission_opens_the_image_api_for_that_collection_only(client, case):
    """An editor with "choose" on one collection lists that collection's images, not the
    proposal's (in the root collection)."""
    editors = Group.objects.create(name="Redaksi foto")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    photos = Collection.get_first_root_node().add_child(name="Foto berita")
    GroupCollectionPermission.objects.create(
        group=editors, collection=photos,
        permission=Permission.objects.get(codename="choose_image"))
    editor = UserFactory(username="redaksi")
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get("/admin/api/main/images/")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0
    assert client.get(f"/admin/api/main/images/{case.image.pk}/").status_code == 404


def test_the_superuser_keeps_the_whole_admin(client, case):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/api/main/images/").json()["meta"]["total_count"] == 1
    assert client.get("/admin/snippets/choose/innovations/membership/").status_code == 200
    assert client.get(f"/admin/bulk/wagtailcore/page/delete/?id={case.page.pk}"
                      ).status_code == 200
