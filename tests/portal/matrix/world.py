"""The objects the matrix's URLs point at, and one user per role.

Two agencies (A and B), each with a unit, an operator and an agency admin. Unit A has a
draft proposal (with an image and a PDF) and an entry in a competition whose desk round
is blind and open: the entry is assigned to one judge; a second judge sits on the panel
unassigned; a third declared a conflict with the entry. The round of an earlier stage
has a result in its objection period, with an objection; the secretariat ran an export
job. Everything else a URL names (revisions, collections, sites, groups, workflows…) is
the real row the project or this world made.
"""

import io

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, Locale, Site, Task, Workflow

from home.seed import ensure_home, ensure_translation
from innovations import services as proposals
from innovations.models import (
    SDG,
    AgencyAlias,
    Category,
    InnovationDocument,
    InnovationGalleryImage,
    Membership,
    Province,
)
from innovations.uploads import store_document, store_image
from judging.models import (
    BackgroundJob,
    ConflictOfInterest,
    JobKind,
    JobStatus,
    JudgeProfile,
    Objection,
    RoundKind,
)
from judging.services import SECRETARIAT_GROUP, assign_manually, create_default_rubrics
from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    EntryFactory,
    InnovationPageFactory,
    RoundFactory,
    UnitFactory,
    UserFactory,
    agency_admin,
    innovation_index,
    jpeg_with_exif,
    judge,
    make_result,
    operator,
    panel,
    pdf_with_author,
    secretariat,
)

ANON, OP_A, OP_B, AA_A, AA_B = "anonymous", "operator A", "operator B", "agency admin A", \
    "agency admin B"
J_IN, J_OUT, J_CONFLICT, SEC, SU = "judge assigned", "judge not assigned", \
    "judge with conflict", "secretariat", "superuser"
ROLES = (ANON, OP_A, OP_B, AA_A, AA_B, J_IN, J_OUT, J_CONFLICT, SEC, SU)


class Upload(io.BytesIO):
    def __init__(self, content, name):
        super().__init__(content)
        self.name = name
        self.size = len(content)


def build():
    """(users by role, values by URL parameter name)."""
    locale_id, _ = Locale.objects.get_or_create(language_code="id")
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    home = ensure_home(locale=locale_id)
    ensure_translation(home, locale_en, title="Innovation Portal", fields={})
    index = innovation_index(home)

    agency_a = AgencyFactory(name="Pemerintah Kota Alpha", slug="kota-alpha")
    agency_b = AgencyFactory(name="Pemerintah Kota Beta", slug="kota-beta")
    unit_a = UnitFactory(agency=agency_a, name="Dinas Alpha")
    unit_b = UnitFactory(agency=agency_b, name="Dinas Beta")
    users = {
        OP_A: operator(unit_a, username="op-a"),
        OP_B: operator(unit_b, username="op-b"),
        AA_A: agency_admin(agency_a, username="admin-a"),
        AA_B: agency_admin(agency_b, username="admin-b"),
        J_IN: judge("juri-tugas"),
        J_OUT: judge("juri-lain"),
        J_CONFLICT: judge("juri-konflik"),
        SEC: secretariat("sekretariat-matriks"),
        SU: UserFactory(username="root", is_superuser=True, is_staff=True),
    }

    # Unit A's draft, with an image and a PDF uploaded in the workspace.
    CompetitionFactory(open=True, year=2040)
    draft = proposals.create_proposal(unit=unit_a, user=users[OP_A], title="Draf Alpha")
    image = store_image(upload=Upload(jpeg_with_exif(), "foto-kantor-alpha.jpg"),
                        title="Foto kantor", user=users[OP_A])
    document = store_document(upload=Upload(pdf_with_author(), "SK_Alpha.pdf"),
                              title="SK", user=users[OP_A])
    proposals.add_gallery_image(innovation=draft, user=users[OP_A], image=image)
    proposals.add_document(innovation=draft, user=users[OP_A], document=document)
    draft.refresh_from_db()

    # Unit A's entry in a blind round, assigned to the judge.
    competition = CompetitionFactory(year=2039)
    rubric, _interview = create_default_rubrics(competition=competition)
    desk = RoundFactory(competition=competition, order=2, kind=RoundKind.DESK, rubric=rubric,
                        judges_per_entry=1, blind=True, name="Evaluasi")
    entry_image = store_image(upload=Upload(jpeg_with_exif(), "foto-layanan-alpha.jpg"),
                              title="Foto layanan", user=users[OP_A])
    entry_document = store_document(upload=Upload(pdf_with_author(), "SK_Layanan_Alpha.pdf"),
                                    title="SK layanan", user=users[OP_A])
    page = InnovationPageFactory(
        parent=index, agency=agency_a, unit=unit_a, title="Layanan Alpha", slug="layanan-alpha",
        gallery_images=[InnovationGalleryImage(image=entry_image, caption="Kantor")],
        documents=[InnovationDocument(document=entry_document, title="SK")])
    entry = EntryFactory(competition=competition, innovation=page,
                         revision=page.latest_revision)
    screening = make_result(competition, [entry], tier="", order=1, published=False)
    panel(desk, [users[J_IN], users[J_OUT], users[J_CONFLICT]])
    assignment = assign_manually(round=desk, entry=entry, judge=users[J_IN], user=users[SEC])
    ConflictOfInterest.objects.create(judge=users[J_CONFLICT], entry=entry,
                                      reason="Pernah bekerja di Dinas Alpha")
    objection = Objection.objects.create(result=screening, entry=entry, name="Warga",
                                         email="warga@example.org", reason="Keberatan.")
    job = BackgroundJob.objects.create(kind=JobKind.RAW_SCORES, key=f"raw_scores:round={desk.pk}",
                                       round=desk, created_by=users[SEC])
    job.result_file.save("nilai.csv", ContentFile(b"a,b\n"), save=False)
    job.status = JobStatus.DONE
    job.save()

    alias = AgencyAlias.objects.create(agency=agency_a, alias="Pemkot Alpha", key="pemkot alpha")
    redirect = Redirect.objects.create(old_path="/lama", redirect_link="/")
    photos = Collection.get_first_root_node().add_child(name="Foto berita")
    workflow = Workflow.objects.order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    operator_user = users[OP_A]
    forgetful = UserFactory(username="lupa-sandi")
    values = {
        # pages and their revisions
        "page_id": draft.pk, "parent_page_id": index.pk, "page_to_move_id": draft.pk,
        "destination_id": index.pk, "revision_id": draft.latest_revision_id,
        "content_type_app_name": "innovations", "content_type_model_name": "innovationpage",
        # images and documents of unit A's draft
        "image_id": image.pk, "image_name": image.file.name,
        "document_id": document.pk, "doc_id": document.pk,
        "uploaded_file_id": 0, "filter_spec": "original",
        # the workspace and judging
        "draft": draft.pk, "entry_id": entry.pk, "assignment": assignment.pk,
        "round": desk.pk, "competition": competition.pk, "result": screening.pk,
        "objection": objection.pk, "job": job.pk, "rubric": rubric.pk, "number": 1,
        "image_number": 1,
        "judge_profile": JudgeProfile.objects.get(user=users[J_IN]).pk,
        # reference data and accounts
        "agency": agency_a.pk, "unit": unit_a.pk, "alias": alias.pk,
        "membership": Membership.objects.get(user=operator_user).pk,
        "category": Category.objects.order_by("pk").first().pk,
        "province": Province.objects.get(code="35").pk, "sdg": SDG.objects.get(number=3).pk,
        "user": operator_user.pk,
        "group": Group.objects.get(name=SECRETARIAT_GROUP).pk,
        "collection": photos.pk, "collection_id": photos.pk,
        "site": Site.objects.get(is_default_site=True).pk, "locale": locale_id.pk,
        "redirect_id": redirect.pk, "workflow": workflow.pk, "workflow_pk": workflow.pk,
        "page_pk": draft.pk, "task": task.pk, "task_id": task.pk,
        # A reset link of a user no role signs in as (signing in would invalidate it).
        "uidb64": urlsafe_base64_encode(force_bytes(forgetful.pk)),
        "token": default_token_generator.make_token(forgetful),
        "year": competition.year, "entry_page": page.pk, "document_name": document.filename,
        # No certificate and no password restriction exist in this world.
        "certificate_code": f"{competition.year}-{'0' * 20}", "restriction": 0,
        "entry_image": entry_image.pk, "entry_document": entry_document.pk,
        "app_label": "innovations", "model_name": "innovationpage", "object_id": draft.pk,
        "session_id": 0, "task_state_id": 0, "workflow_state_id": 0, "action_name": "approve",
        "bulk_app": "wagtailcore", "bulk_model": "page", "bulk_action": "delete",
        "snippet_app": "innovations", "snippet_model": "agency",
        "setting_app": "home", "setting_model": "sitesettings",
        "task_app": "wagtailcore", "task_model": "groupapprovaltask",
        "step": "profil", "export_kind": "nilai-mentah.csv", "job_kind": JobKind.RAW_SCORES,
    }
    return users, values
