"""Admin registration of the set-up data: rubric lock and finalised rounds in forms."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from judging.models import Assignment, Rubric
from judging.services import assign_automatically, save_scores
from tests.factories import sections_post


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


def round_post(round, quotas):
    return nested_form_data({
        "competition": round.competition_id, "order": round.order, "kind": round.kind,
        "name": round.name, "opens_at": "", "closes_at": "", "rubric": round.rubric_id,
        "judges_per_entry": round.judges_per_entry, "aggregation": round.aggregation,
        "normalise": "on", "min_scores_for_normalising": 5,
        "disagreement_sd_threshold": "10", "disagreement_range_threshold": "25",
        "advance_count": round.advance_count or "", "passing_grade": "", "tier": round.tier,
        "requires_objection_period": "", "min_objection_days": 5,
        "quotas": inline_formset(quotas),
    })


@pytest.mark.django_db
def test_round_form_refuses_a_quota_cluster_not_in_the_data(desk, staff, admin_client_for):
    url = reverse("wagtailsnippets_judging_round:edit", args=[desk.pk])
    client = admin_client_for(staff)

    response = client.post(url, round_post(desk, [
        {"dimension": "province", "cluster": "73", "min_seats": 1, "max_seats": ""},
        {"dimension": "region_group", "cluster": "11", "min_seats": 1, "max_seats": ""}]))

    assert response.status_code == 200
    html = response.content.decode()
    # "“11” is not a region group of this edition's data; choose one from the list."
    assert "“11” bukan kelompok wilayah dalam data edisi ini" in html
    assert not desk.quotas.exists()

    response = client.post(url, round_post(desk, [
        {"dimension": "province", "cluster": "73", "min_seats": 1, "max_seats": ""},
        {"dimension": "remote_border", "cluster": "3t", "min_seats": 1, "max_seats": ""}]))

    assert response.status_code == 302
    assert set(desk.quotas.values_list("dimension", "cluster")) == {
        ("province", "73"), ("remote_border", "3t")}


@pytest.mark.django_db
def test_round_quota_cluster_is_a_choice_not_free_text(desk, staff, admin_client_for):
    url = reverse("wagtailsnippets_judging_round:edit", args=[desk.pk])

    response = admin_client_for(staff).get(url)

    html = response.content.decode()
    assert 'name="quotas-__prefix__-cluster"' in html
    assert '<option value="94">Papua Tengah (94)</option>' in html


@pytest.mark.django_db
def test_round_form_refuses_a_top45_before_field_verification(desk, staff, admin_client_for):
    desk.tier = "top45"
    url = reverse("wagtailsnippets_judging_round:edit", args=[desk.pk])

    response = admin_client_for(staff).post(url, round_post(desk, []))

    assert response.status_code == 200
    # "Round 1 grants Top 45 before any field verification round; …"
    assert "memberikan Top 45 sebelum ada tahap verifikasi lapangan" in response.content.decode()


def competition_post(competition, **changes):
    data = {
        "name": competition.name, "short_name": competition.short_name,
        "year": competition.year, "slug": competition.slug, "description": "",
        "registration_opens_at": "2030-01-06 00:00", "submission_deadline": "2030-05-31 23:59",
        "min_age_years": 2, "max_general_per_agency": 10, "max_replication_per_agency": 5,
        "max_special_per_agency": 5, "unique_title_per_agency": "on",
        "groups": ["umum", "replikasi", "khusus"],
        **sections_post([("umum", "summary", 200, True, None),
                         ("replikasi", "inspiration", 100, True, None),
                         ("khusus", "renewal", 200, True, None)]),
        "stages": ["screening", "desk", "interview", "field_verification", "award"],
        "default_passing_grade": "85", "outstanding_groups": ["khusus"],
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_competition_form_sets_stages_passing_grade_and_outstanding_groups(
        competition, staff, admin_client_for):
    url = reverse("wagtailsnippets_judging_competition:edit", args=[competition.pk])

    response = admin_client_for(staff).post(url, competition_post(competition))

    assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.stages == ["screening", "desk", "interview", "field_verification",
                                  "award"]
    assert competition.default_passing_grade == 85
    assert competition.outstanding_groups == ["khusus"]


@pytest.mark.django_db
def test_competition_form_refuses_stages_without_desk_evaluation(
        competition, staff, admin_client_for):
    url = reverse("wagtailsnippets_judging_competition:edit", args=[competition.pk])

    response = admin_client_for(staff).post(url, competition_post(
        competition, stages=["screening", "interview"]))

    assert response.status_code == 200
    assert "Setiap edisi menjalankan tahapan" in response.content.decode()
    competition.refresh_from_db()
    assert "desk" in competition.stages
