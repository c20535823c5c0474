"""Admin registration of the set-up data: rubric lock and finalised rounds in forms."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from judging.models import Assignment, Rubric
from judging.services import assign_automatically, save_scores


def rubric_post(rubric, *, weight_first):
    criteria = list(rubric.criteria.all())
    forms = []
    for index, c in enumerate(criteria):
        forms.append({
            "id": c.pk, "key": c.key, "name": c.name, "order": c.order,
            "description": c.description,
            "weight": weight_first if index == 0 else c.weight, "min_value": c.min_value,
            "max_value": c.max_value, "comment_required": c.comment_required,
            "descriptors": "[]",
        })
    return nested_form_data({
        "competition": rubric.competition_id, "name": rubric.name, "kind": rubric.kind,
        "description": "", "criteria": inline_formset(forms, initial=len(forms)),
    })


@pytest.fixture
def admin_client_for(client):
    def login(user):
        client.force_login(user)
        return client
    return login


@pytest.mark.django_db
def test_secretariat_can_edit_rubric_before_scoring(desk, staff, admin_client_for):
    rubric = desk.rubric
    url = reverse("wagtailsnippets_judging_rubric:edit", args=[rubric.pk])
    client = admin_client_for(staff)

    response = client.post(url, rubric_post(rubric, weight_first=5))

    assert response.status_code == 302
    assert rubric.criteria.get(key="ringkasan").weight == 5


@pytest.mark.django_db
def test_rubric_form_refuses_changes_after_first_score(
        desk, judges, staff, make_entries, admin_client_for):
    make_entries(desk.competition, 1)
    assign_automatically(round=desk, user=staff)
    assignment = Assignment.objects.filter(round=desk).first()
    save_scores(assignment=assignment, user=assignment.judge, values={"kebaruan": 5})
    url = reverse("wagtailsnippets_judging_rubric:edit", args=[desk.rubric.pk])

    response = admin_client_for(staff).post(url, rubric_post(desk.rubric, weight_first=5))

    assert response.status_code == 200
    # "Scoring has started with this rubric, so it can no longer be changed."
    assert "Penilaian dengan rubrik ini sudah dimulai" in response.content.decode()
    assert Rubric.objects.get(pk=desk.rubric.pk).criteria.get(key="ringkasan").weight == 0


@pytest.mark.django_db
def test_judge_cannot_open_rubric_admin(desk, judges, admin_client_for):
    url = reverse("wagtailsnippets_judging_rubric:edit", args=[desk.rubric.pk])

    response = admin_client_for(judges[0]).get(url)

    assert response.status_code == 302  # Wagtail sends users without permission away


@pytest.mark.django_db
def test_rubric_edit_goes_through_replace_criteria(desk, staff, admin_client_for):
    from wagtail.models import ModelLogEntry

    rubric = desk.rubric
    url = reverse("wagtailsnippets_judging_rubric:edit", args=[rubric.pk])

    admin_client_for(staff).post(url, rubric_post(rubric, weight_first=5))

    # replace_criteria's own audit line, naming every criterion key it wrote
    edits = ModelLogEntry.objects.filter(object_id=str(rubric.pk), action="wagtail.edit",
                                         user=staff, data__criteria__isnull=False)
    assert edits.count() == 1
    assert edits.get().data["criteria"] == list(rubric.criteria.values_list("key", flat=True))


@pytest.mark.django_db
def test_round_status_is_not_a_field_of_the_round_form(desk, staff, admin_client_for):
    url = reverse("wagtailsnippets_judging_round:edit", args=[desk.pk])

    html = admin_client_for(staff).get(url).content.decode()

    assert 'name="name"' in html
    assert 'name="status"' not in html
