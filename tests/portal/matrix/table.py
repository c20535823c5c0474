"""The expected outcome of every URL pattern for every role, grouped by area.

Read a group as: its default row, then the patterns of the area, each the default
(None) or the default with a few roles changed. Values in a URL are the world's real
objects (world.py): ``<int:page_id>`` is unit A's draft, ``<int:image_id>`` its image,
``<int:entry_id>`` its entry in the blind round, and so on.

Outcomes: 200, 403, 404, 405 (GET on a POST-only view; no state changes), 500 (Wagtail's
deliberate error page), LOGIN / ADMIN_LOGIN (redirect to the sign-in page), ADMIN_HOME
(Wagtail's "no permission" redirect to /admin/), or "302 <path>".
"""

from .cells import (
    ADMIN,
    ADMIN_GATED,
    ADMIN_OPEN,
    JUDGES,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    UNITS,
    Group,
    Row,
    but,
    cells,
)
from .run import ADMIN_HOME, ADMIN_LOGIN, LOGIN
from .world import AA_A, AA_B, J_IN, OP_A, OP_B, SEC, SU

# --- the public site, accounts and open data ------------------------------------------

PUBLIC_SITE = Group("Public site, sign-in, open data", PUBLIC, {
    "healthz": None,
    "status-layanan/": None,
    "sitemap.xml": None,
    "i18n/setlang/": cells("302 /"),
    "masuk/": None,
    "keluar/": cells(405),
    "masuk/lupa-sandi/": None,
    "masuk/lupa-sandi/terkirim/": None,
    # A valid reset link: Django swaps the token for a session key and redirects.
    "masuk/lupa-sandi/<uidb64>/<token>/": cells("302 /masuk/lupa-sandi/{uidb64}/set-password/"),
    "masuk/lupa-sandi/selesai/": None,
    "_util/login/": None,
    # No page of this world has a password restriction.
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/":
        Row(cells(404), values={"page_view_restriction_id": "restriction"}),
    "verifikasi/<str:code>/": Row(cells(404), values={"code": "certificate_code"}),
    # The blind round's competition has nothing published: its leaderboards and
    # certificates do not exist.
    r"^kompetisi/(?P<year>[0-9]{4})/(?P<tier_slug>top-[0-9]+|outstanding)/data\.(?P<fmt>csv|json)$":
        Row(cells(404), url="/kompetisi/{year}/top-99/data.csv"),
    r"^kompetisi/(?P<year>[0-9]{4})/sertifikat/(?P<code>[0-9]+-[0-9a-f]{20})\.pdf$":
        Row(cells(404), url="/kompetisi/{year}/sertifikat/{certificate_code}.pdf"),
    # Wagtail's page serving: the home page; unit A's entry is withheld by the blind
    # rule (and its draft never served).
    r"^((?:[\w\-]+/)*)$": Row(cells(404), url="/inovasi/layanan-alpha/"),
})

OPEN_DATA = Group("Open-data API (/api/v2/)", PUBLIC, {
    "api/v2/agencies/": None,
    "api/v2/agencies/<int:pk>/": Row(PUBLIC, values={"pk": "agency"}),
    "api/v2/leaderboards/": None,
    # The round result in its objection period is not published.
    "api/v2/leaderboards/<int:pk>/": Row(cells(404), values={"pk": "result"}),
    "api/v2/^pages/": Row(PUBLIC, url="/api/v2/pages/"),
    # Unit A's entry is withheld by the blind rule; its draft is not live.
    "api/v2/^pages/<int:pk>/": Row(cells(404), url="/api/v2/pages/{entry_page}/"),
    "api/v2/^pages/find/": Row(cells(404), url="/api/v2/pages/find/?html_path=/inovasi/"
                                                 "layanan-alpha/"),
})

DOCUMENTS = Group("Proposal documents and images (/dokumen/, /berkas-usulan/)", cells(404), {
    # Unit A's draft PDF: its unit, agency admin, the secretariat and the superuser.
    r"dokumen/^(\d+)/(.*)$": Row(cells(404, ((OP_A, AA_A, SEC, SU), 200)),
                                 url="/dokumen/{document_id}/{document_name}"),
    "dokumen/authenticate_with_password/<int:restriction_id>/":
        Row(cells(404), values={"restriction_id": "restriction"}),
    # Unit A's draft image, in private storage (portal/media.py): the same readers.
    "berkas-usulan/<path:name>": Row(cells(404, ((OP_A, AA_A, SEC, SU), 200)),
                                     values={"name": "image_name"}),
})

# --- the workspace (/ruang-kerja/) -------------------------------------------------------

# Signed in without a membership (judges, the secretariat, the superuser): 403.
WORKSPACE_DEFAULT = cells(LOGIN, (SIGNED_IN, 403), (UNITS, 404), (OP_A, 200))
WORKSPACE_POST = cells(LOGIN, (SIGNED_IN, 403), (UNITS, 405))
WORKSPACE = Group("Unit workspace", WORKSPACE_DEFAULT, {
    "ruang-kerja/": cells(LOGIN, (SIGNED_IN, 403), (UNITS, 200)),
    "ruang-kerja/inovasi/baru/": cells(LOGIN, (SIGNED_IN, 403), ((OP_A, OP_B), 200)),
    # The agency admin reads the draft (page, files, preview) but does not edit it.
    "ruang-kerja/inovasi/<int:pk>/": but(WORKSPACE_DEFAULT, (AA_A, 200)),
    "ruang-kerja/inovasi/<int:pk>/ubah/<slug:step>/": but(WORKSPACE_DEFAULT, (AA_A, 403)),
    "ruang-kerja/inovasi/<int:pk>/berkas/": but(WORKSPACE_DEFAULT, (AA_A, 200)),
    "ruang-kerja/inovasi/<int:pk>/berkas/gambar/<int:object_id>/hapus/":
        Row(WORKSPACE_POST, values={"object_id": "image_id"}),
    "ruang-kerja/inovasi/<int:pk>/berkas/dokumen/<int:object_id>/hapus/":
        Row(WORKSPACE_POST, values={"object_id": "document_id"}),
    "ruang-kerja/inovasi/<int:pk>/pratinjau/": but(WORKSPACE_DEFAULT, (AA_A, 200)),
    "ruang-kerja/inovasi/<int:pk>/kirim/": but(WORKSPACE_DEFAULT, (AA_A, 403)),
    # Yearly status updates are for published innovations: not for a draft.
    "ruang-kerja/inovasi/<int:pk>/status/": but(WORKSPACE_DEFAULT, (OP_A, 404)),
    "ruang-kerja/inovasi/<int:pk>/tarik/<int:entry_id>/": WORKSPACE_POST,
    "ruang-kerja/tinjauan/": cells(LOGIN, (SIGNED_IN, 403), ((AA_A, AA_B), 200)),
    "ruang-kerja/tinjauan/<int:entry_id>/": cells(LOGIN, (SIGNED_IN, 403), (AA_A, 200),
                                                  (AA_B, 404)),
    "ruang-kerja/tinjauan/<int:entry_id>/teruskan/": WORKSPACE_POST,
    "ruang-kerja/tinjauan/<int:entry_id>/kembalikan/": WORKSPACE_POST,
}, values={"pk": "draft"})

# --- judging in the admin ----------------------------------------------------------------

SECRETARIAT_ONLY = cells(ADMIN_LOGIN, (JUDGES, ADMIN_HOME), (SEC, 200), (SU, 200))
SECRETARIAT_POST = cells(ADMIN_LOGIN, (JUDGES, ADMIN_HOME), ((SEC, SU), 405))
# The assignment is the judge's own; anyone else is told it does not exist.
JUDGE_OWN = cells(ADMIN_LOGIN, (STAFF, 404), (J_IN, 200), (SU, 404))
ADMIN_POST_ONLY = cells(ADMIN_LOGIN, ((*STAFF, SU), 405))
JUDGING = Group("Judging (/admin/penjurian/, /admin/masa-sanggah/, /admin/arsip-hasil/)",
                SECRETARIAT_ONLY, {
    "admin/penjurian/penugasan/": ADMIN_OPEN,
    "admin/penjurian/penugasan/konflik/": ADMIN_OPEN,
    "admin/penjurian/penugasan/<int:pk>/": Row(JUDGE_OWN, values={"pk": "assignment"}),
    "admin/penjurian/penugasan/<int:pk>/mundur/": Row(ADMIN_POST_ONLY,
                                                      values={"pk": "assignment"}),
    # The proposal's files: the judge's own assignment; the secretariat gets the originals.
    "admin/penjurian/penugasan/<int:pk>/gambar/<int:number>/": Row(
        but(JUDGE_OWN, ((SEC, SU), 200)), values={"pk": "assignment"}),
    "admin/penjurian/penugasan/<int:pk>/dokumen/<int:number>/": Row(
        but(JUDGE_OWN, ((SEC, SU), 200)), values={"pk": "assignment"}),
    "admin/penjurian/babak/": None,
    "admin/penjurian/edisi/<int:pk>/rubrik-bawaan/": Row(SECRETARIAT_POST,
                                                         values={"pk": "competition"}),
    "admin/penjurian/babak/<int:pk>/": None,
    "admin/penjurian/babak/<int:pk>/panel/": None,
    "admin/penjurian/babak/<int:pk>/penugasan-otomatis/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/finalisasi/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/status/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/kuota-proporsional/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/tutup/": None,
    "admin/penjurian/babak/<int:pk>/pengingat/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/terbitkan/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/entri/<int:entry_id>/": None,
    "admin/penjurian/babak/<int:pk>/entri/<int:entry_id>/tugaskan/": None,
    "admin/penjurian/babak/<int:pk>/seleksi/": None,
    "admin/penjurian/babak/<int:pk>/seleksi/<int:entry_id>/": SECRETARIAT_POST,
    "admin/penjurian/babak/<int:pk>/ekspor/<str:kind>/": Row(SECRETARIAT_ONLY,
                                                            values={"kind": "export_kind"}),
    "admin/penjurian/babak/<int:pk>/tugas/<str:kind>/": Row(SECRETARIAT_POST,
                                                           values={"kind": "job_kind"}),
    "admin/penjurian/tugas/": None,
    "admin/penjurian/tugas/<int:pk>/": Row(SECRETARIAT_ONLY, values={"pk": "job"}),
    "admin/penjurian/tugas/<int:pk>/status/": Row(SECRETARIAT_ONLY, values={"pk": "job"}),
    "admin/penjurian/tugas/<int:pk>/unduh/": Row(SECRETARIAT_ONLY, values={"pk": "job"}),
    "admin/masa-sanggah/": None,
    "admin/masa-sanggah/hasil/<int:pk>/umumkan/": Row(SECRETARIAT_ONLY,
                                                      values={"pk": "result"}),
    "admin/masa-sanggah/hasil/<int:pk>/terbitkan/": Row(SECRETARIAT_POST,
                                                        values={"pk": "result"}),
    "admin/masa-sanggah/sanggahan/": None,
    "admin/masa-sanggah/sanggahan/<int:pk>/": Row(SECRETARIAT_ONLY,
                                                  values={"pk": "objection"}),
    "admin/masa-sanggah/sanggahan/<int:pk>/keputusan-entri/": Row(
        SECRETARIAT_ONLY, values={"pk": "objection"}),
    # GET shows the objection's page (the apply form is a POST).
    "admin/masa-sanggah/sanggahan/<int:pk>/nilai-ulang/": Row(
        SECRETARIAT_ONLY, values={"pk": "objection"}),
    "admin/arsip-hasil/impor/": None,
    "admin/instansi/gabung/": None,
}, values={"pk": "round", "number": "image_number"})

# --- snippets ----------------------------------------------------------------------------

SNIPPET_ACTIONS = ("", "results/", "add/", "edit/{pk}/", "delete/{pk}/", "usage/{pk}/",
                   "history/{pk}/", "history-results/{pk}/", "copy/{pk}/")
CHOOSER_ACTIONS = ("", "results/", "chosen/<str:pk>/", "chosen-multiple/", "create/")


def snippet_rows(app_model, *, pk_converter="int", listing=ADMIN, chooser=ADMIN_GATED,
                 **exceptions):
    """The 14 URLs Wagtail registers for a snippet model: listing, add, edit, delete,
    usage, history, copy, and its chooser. ``exceptions`` maps an action ("add/",
    "edit/{pk}/"…, "choose:create/") to its row."""
    rows = {}
    for action in SNIPPET_ACTIONS:
        route = f"admin/snippets/{app_model}/{action.replace('{pk}', f'<{pk_converter}:pk>')}"
        rows[route] = exceptions.get(action, listing)
    for action in CHOOSER_ACTIONS:
        rows[f"admin/snippets/choose/{app_model}/{action}"] = exceptions.get(
            f"choose:{action}", chooser)
    return rows


# The secretariat reads agencies, units, provinces and SDGs (judging/0014), adds and
# edits categories (judging/0010), and runs competitions, rounds, rubrics and judges.
SEC_READS = but(ADMIN, (SEC, 200))
SEC_CHOOSES = but(ADMIN_GATED, (SEC, 200))
# Wagtail 8 has no read-only edit screen: with "view" only, the listing and the chooser.
READ_ONLY_FOR_SEC = dict.fromkeys(SNIPPET_ACTIONS[2:], ADMIN)
READ_ONLY_FOR_SEC["choose:create/"] = but(ADMIN_GATED, (SEC, ADMIN_HOME))
SNIPPETS = Group("Snippets (/admin/snippets/)", ADMIN, {
    # Every snippet model is in a menu group: the index sends everyone to the dashboard.
    "admin/snippets/": cells(ADMIN_LOGIN, ((*STAFF, SU), ADMIN_HOME)),
    **snippet_rows("innovations/agency", listing=SEC_READS, chooser=SEC_CHOOSES,
                   **READ_ONLY_FOR_SEC),
    **snippet_rows("innovations/agencyalias", listing=SEC_READS, chooser=SEC_CHOOSES),
    **snippet_rows("innovations/unit", listing=SEC_READS, chooser=SEC_CHOOSES,
                   **READ_ONLY_FOR_SEC),
    **snippet_rows("innovations/membership"),
    **snippet_rows("innovations/category", listing=SEC_READS, chooser=SEC_CHOOSES,
                   **{"delete/{pk}/": ADMIN}),
    **snippet_rows("innovations/province", pk_converter="str", listing=SEC_READS,
                   chooser=SEC_CHOOSES, **READ_ONLY_FOR_SEC),
    **snippet_rows("innovations/sdg", listing=SEC_READS, chooser=SEC_CHOOSES,
                   **READ_ONLY_FOR_SEC),
    **snippet_rows("judging/competition", listing=SEC_READS, chooser=SEC_CHOOSES),
    **snippet_rows("judging/round", listing=SEC_READS, chooser=SEC_CHOOSES),
    **snippet_rows("judging/rubric", listing=SEC_READS, chooser=SEC_CHOOSES),
    **snippet_rows("judging/judgeprofile", listing=SEC_READS, chooser=SEC_CHOOSES),
})
SNIPPET_VALUES = {
    "innovations/agency": "agency", "innovations/agencyalias": "alias",
    "innovations/unit": "unit", "innovations/membership": "membership",
    "innovations/category": "category", "innovations/province": "province",
    "innovations/sdg": "sdg", "judging/competition": "competition", "judging/round": "round",
    "judging/rubric": "rubric", "judging/judgeprofile": "judge_profile",
}
for _route, _row in list(SNIPPETS.rows.items()):
    _model = next((m for m in SNIPPET_VALUES if f"/{m}/" in _route), None)
    if _model:
        SNIPPETS.rows[_route] = Row(_row, values={"pk": SNIPPET_VALUES[_model]})

# --- Wagtail's admin ---------------------------------------------------------------------

NO_SUCH_OBJECT = cells(ADMIN_LOGIN, ((*STAFF, SU), 404))
ADMIN_CORE = Group("Admin dashboard, account, sign-in, link and embed choosers", ADMIN_OPEN, {
    "admin/": None,
    "admin/test404/": None,   # Wagtail's page for trying the admin's 404 look
    "admin/failwhale/": cells(ADMIN_LOGIN, ((*STAFF, SU), 500)),  # Wagtail's error test
    "admin/account/": None,
    "admin/logout/": ADMIN_POST_ONLY,
    "admin/dismissibles/": None,
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/"
    "<int:session_id>/": ADMIN_POST_ONLY,
    "admin/editing-sessions/release/<int:session_id>/": ADMIN_POST_ONLY,
    "admin/block-preview/": NO_SUCH_OBJECT,
    "admin/choose-external-link/": None,
    "admin/choose-email-link/": None,
    "admin/choose-phone-link/": None,
    "admin/choose-anchor-link/": None,
    # Tag names (proposal uploads carry none).
    "admin/tag-autocomplete/": None,
    "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/": Row(
        NO_SUCH_OBJECT, values={"app_name": "app_label"}),
    "admin/embeds/chooser/": None,
    "admin/embeds/chooser/upload/": None,
    "admin/sprite/": PUBLIC,
    # Signed-in admin users are sent on to the dashboard.
    "admin/login/": cells(200, ((*STAFF, SU), ADMIN_HOME)),
    "admin/password_reset/": PUBLIC,
    "admin/password_reset/done/": PUBLIC,
    "admin/password_reset/confirm/<uidb64>/<token>/": cells(
        "302 /admin/password_reset/confirm/{uidb64}/set-password/"),
    "admin/password_reset/complete/": PUBLIC,
    "admin/jsi18n/": PUBLIC,
    r"admin/^.*/$": Row(NO_SUCH_OBJECT, url="/admin/tidak-ada/"),
})

ADMIN_API = Group("Admin API (/admin/api/main/)", ADMIN_GATED, {
    "admin/api/main/^pages/": Row(ADMIN_GATED, url="/admin/api/main/pages/"),
    "admin/api/main/^pages/<int:pk>/": Row(ADMIN_GATED, url="/admin/api/main/pages/{draft}/"),
    "admin/api/main/^pages/find/": Row(
        but(ADMIN_GATED, (SU, "302 http://localhost/admin/api/main/pages/{draft}/")),
        url="/admin/api/main/pages/find/?id={draft}"),
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": Row(
        but(ADMIN_GATED, (SU, 405)), url="/admin/api/main/pages/{draft}/action/copy/"),
    "admin/api/main/^documents/": Row(ADMIN_GATED, url="/admin/api/main/documents/"),
    "admin/api/main/^documents/<int:pk>/": Row(
        ADMIN_GATED, url="/admin/api/main/documents/{document_id}/"),
    "admin/api/main/^documents/find/": Row(
        but(ADMIN_GATED, (SU, "302 http://localhost/admin/api/main/documents/{document_id}/")),
        url="/admin/api/main/documents/find/?id={document_id}"),
    "admin/api/main/^images/": Row(ADMIN_GATED, url="/admin/api/main/images/"),
    "admin/api/main/^images/<int:pk>/": Row(ADMIN_GATED,
                                            url="/admin/api/main/images/{image_id}/"),
    "admin/api/main/^images/find/": Row(
        but(ADMIN_GATED, (SU, "302 http://localhost/admin/api/main/images/{image_id}/")),
        url="/admin/api/main/images/find/?id={image_id}"),
})

PAGES = Group("Page explorer and editing (/admin/pages/, /admin/choose-page/)", ADMIN, {
    "admin/pages/": None,
    "admin/pages/<int:parent_page_id>/": None,
    "admin/pages/<int:parent_page_id>/results/": None,
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": Row(
        ADMIN_GATED, values={"app_label": "bulk_app", "model_name": "bulk_model",
                             "action": "bulk_action"}, query="id={draft}"),
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
    "<int:parent_page_id>/": None,
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
    "<int:parent_page_id>/preview/": None,
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/": None,
    # Opened the "choose a parent page" form to every admin user before
    # portal/admin_access.py refused it.
    "admin/pages/create/<slug:app_label>/<slug:model_name>": cells(
        ADMIN_LOGIN, (STAFF, 403),
        (SU, "302 /admin/pages/add/innovations/innovationpage/{parent_page_id}/")),
    "admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/":
        None,
    "admin/pages/<int:page_id>/usage/": None,
    "admin/pages/<int:page_id>/edit/": None,
    "admin/pages/<int:page_id>/edit/preview/": None,
    "admin/pages/<int:page_id>/view_draft/": None,
    "admin/pages/<int:parent_page_id>/add_subpage/": but(
        ADMIN, (SU, "302 /admin/pages/add/innovations/innovationpage/{parent_page_id}/")),
    "admin/pages/<int:page_id>/delete/": None,
    # The draft is not live: nothing to unpublish.
    "admin/pages/<int:page_id>/unpublish/": but(ADMIN, (SU, ADMIN_HOME)),
    "admin/pages/<int:page_id>/convert_alias/": NO_SUCH_OBJECT,
    "admin/pages/search/": None,
    "admin/pages/search/results/": None,
    "admin/pages/<int:page_to_move_id>/move/": None,
    # Named the draft to every admin user before portal/admin_access.py refused it.
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": ADMIN_GATED,
    "admin/pages/<int:page_to_move_id>/set_position/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/copy/": None,
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/":
        NO_SUCH_OBJECT,
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/"
    "<int:task_state_id>/": NO_SUCH_OBJECT,
    # JSON {"step": "no_confirmation_needed"}: the draft is in no workflow.
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": ADMIN_OPEN,
    "admin/pages/workflow/preview/<int:page_id>/<int:task_id>/": but(ADMIN, (SU, ADMIN_HOME)),
    "admin/pages/<int:page_id>/privacy/": None,
    "admin/pages/<int:page_id>/lock/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/unlock/": ADMIN_POST_ONLY,
    "admin/pages/<int:page_id>/revisions/": cells(
        ADMIN_LOGIN, ((*STAFF, SU), "302 /admin/pages/{page_id}/history/")),
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/view/": None,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": None,
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": None,
    r"admin/pages/^(?P<pk>\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\d+)"
    r"\.\.\.(?P<revision_id_b>live|latest|\d+)/$": Row(
        ADMIN, url="/admin/pages/{draft}/revisions/compare/earliest...latest/"),
    "admin/pages/<int:page_id>/workflow_history/": None,
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/": but(
        ADMIN, (SU, 404)),
    "admin/pages/<int:page_id>/history/": None,
    "admin/pages/<int:page_id>/history/results/": None,
    "admin/choose-page/": ADMIN_GATED,
    "admin/choose-page/<int:parent_page_id>/": ADMIN_GATED,
    "admin/choose-page/search/": Row(ADMIN_GATED, query="q=Draf"),
    "admin/choose-page/chosen-multiple/": Row(ADMIN_GATED, query="id={draft}"),
    "admin/translation/submit/page/<int:page_id>/": None,
    # Agencies are not translatable.
    "admin/translation/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": Row(
        but(ADMIN, (SU, 404)), values={"app_label": "snippet_app", "model_name": "snippet_model",
                       "pk": "agency"}),
    "admin/forms/": None,
    "admin/forms/results/": None,
    # No form page exists.
    "admin/forms/submissions/<int:page_id>/": NO_SUCH_OBJECT,
    "admin/forms/submissions/<int:page_id>/results/": NO_SUCH_OBJECT,
    "admin/forms/submissions/<int:page_id>/delete/": but(ADMIN, (SU, ADMIN_HOME)),
})

IMAGES = Group("Images and documents libraries (/admin/images/, /admin/documents/)", ADMIN, {
    "admin/images/": None,
    "admin/images/results/": None,
    "admin/images/<int:image_id>/": None,
    "admin/images/<int:image_id>/delete/": None,
    # Off: WAGTAILIMAGES_URL_GENERATOR is not enabled (no dynamic serve view).
    "admin/images/<int:image_id>/generate_url/": but(ADMIN, (SU, 404)),
    "admin/images/<int:image_id>/generate_url/output/": but(ADMIN, (SU, 404)),
    "admin/images/<int:image_id>/preview/<str:filter_spec>/": None,
    "admin/images/add/": None,
    "admin/images/usage/<int:image_id>/": None,
    "admin/images/multiple/add/": None,
    "admin/images/multiple/<int:image_id>/": ADMIN_POST_ONLY,
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/images/multiple/<int:image_id>/delete/": ADMIN_POST_ONLY,
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/images/chooser/": ADMIN_GATED,
    "admin/images/chooser/results/": Row(ADMIN_GATED, query="q=Foto"),
    "admin/images/chooser/chosen/<str:pk>/": Row(ADMIN_GATED, values={"pk": "image_id"}),
    "admin/images/chooser/chosen-multiple/": Row(ADMIN_GATED, query="id={image_id}"),
    "admin/images/chooser/create/": ADMIN_GATED,
    "admin/images/chooser/<int:image_id>/select_format/": None,
    "admin/documents/": None,
    "admin/documents/results/": None,
    "admin/documents/add/": None,
    "admin/documents/edit/<int:document_id>/": None,
    "admin/documents/delete/<int:document_id>/": None,
    "admin/documents/multiple/add/": None,
    "admin/documents/multiple/<int:doc_id>/": ADMIN_POST_ONLY,
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/":
        ADMIN_POST_ONLY,
    "admin/documents/multiple/<int:doc_id>/delete/": ADMIN_POST_ONLY,
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": ADMIN_POST_ONLY,
    "admin/documents/usage/<int:document_id>/": None,
    "admin/documents/chooser/": ADMIN_GATED,
    "admin/documents/chooser/results/": Row(ADMIN_GATED, query="q=SK"),
    "admin/documents/chooser/chosen/<str:pk>/": Row(ADMIN_GATED, values={"pk": "document_id"}),
    "admin/documents/chooser/chosen-multiple/": Row(ADMIN_GATED, query="id={document_id}"),
    "admin/documents/chooser/create/": ADMIN_GATED,
    "admin/collections/": None,
    "admin/collections/add/": None,
    "admin/collections/<int:pk>/": Row(ADMIN, values={"pk": "collection"}),
    "admin/collections/<int:pk>/delete/": Row(cells(ADMIN_LOGIN, (STAFF, 404), (SU, 200)),
                                              values={"pk": "collection"}),
    "admin/collections/<int:collection_id>/privacy/": None,
})


def model_views(prefix, value, *, add="new/", copy=True, exceptions=None):
    """The generic ModelViewSet URLs (index, results, add, edit, delete, history, usage,
    copy) of ``prefix``, with ``<int:pk>`` the world's ``value``."""
    actions = ["", "results/", add, "edit/<int:pk>/", "delete/<int:pk>/",
               "history/<int:pk>/", "history-results/<int:pk>/", "usage/<int:pk>/"]
    if copy:
        actions.append("copy/<int:pk>/")
    exceptions = exceptions or {}
    return {f"{prefix}{action}": Row(exceptions.get(action, ADMIN), values={"pk": value})
            for action in actions}


SETTINGS = Group("Settings: users, groups, sites, locales, redirects, workflows, reports",
                 ADMIN, {
    **model_views("admin/users/", "user"),
    **model_views("admin/groups/", "group", copy=False),
    **model_views("admin/sites/", "site"),
    **model_views("admin/locales/", "locale", copy=False,
                  exceptions={"new/": but(ADMIN, (SU, ADMIN_HOME))}),
    # The project registers no settings model.
    "admin/settings/<slug:app_name>/<slug:model_name>/": Row(
        NO_SUCH_OBJECT, values={"app_name": "setting_app", "model_name": "setting_model"}),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": Row(
        NO_SUCH_OBJECT, values={"app_name": "setting_app", "model_name": "setting_model",
                       "pk": "site"}),
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/": Row(
        NO_SUCH_OBJECT, values={"app_name": "setting_app", "model_name": "setting_model",
                       "pk": "site"}),
    "admin/redirects/": None,
    "admin/redirects/results/": None,
    "admin/redirects/add/": None,
    "admin/redirects/<int:redirect_id>/": None,
    "admin/redirects/<int:redirect_id>/delete/": None,
    "admin/redirects/import/": None,
    "admin/redirects/import/process/": but(ADMIN, (SU, 405)),
    "admin/workflows/list/": None,
    "admin/workflows/list/results/": None,
    "admin/workflows/add/": None,
    "admin/workflows/enable/<int:pk>/": Row(ADMIN_POST_ONLY, values={"pk": "workflow"}),
    "admin/workflows/disable/<int:pk>/": Row(ADMIN, values={"pk": "workflow"}),
    "admin/workflows/edit/<int:pk>/": Row(ADMIN, values={"pk": "workflow"}),
    "admin/workflows/usage/<int:pk>/": Row(ADMIN, values={"pk": "workflow"}),
    "admin/workflows/usage/<int:pk>/results/": Row(ADMIN, values={"pk": "workflow"}),
    "admin/workflows/remove/<int:page_pk>/": ADMIN_POST_ONLY,
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": ADMIN_POST_ONLY,
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": Row(
        ADMIN, values={"app_label": "task_app", "model_name": "task_model"}),
    "admin/workflows/tasks/select_type/": but(
        ADMIN, (SU, "302 /admin/workflows/tasks/add/wagtailcore/groupapprovaltask/")),
    "admin/workflows/tasks/index/": None,
    "admin/workflows/tasks/index/results/": None,
    "admin/workflows/tasks/edit/<int:pk>/": Row(ADMIN, values={"pk": "task"}),
    "admin/workflows/tasks/disable/<int:pk>/": Row(ADMIN, values={"pk": "task"}),
    "admin/workflows/tasks/enable/<int:pk>/": Row(ADMIN_POST_ONLY, values={"pk": "task"}),
    # Listed every workflow task to any admin user before portal/admin_access.py.
    "admin/workflows/task_chooser/": ADMIN_GATED,
    "admin/workflows/task_chooser/results/": ADMIN_GATED,
    "admin/workflows/task_chooser/create/": ADMIN_GATED,
    "admin/workflows/task_chooser/<int:task_id>/": ADMIN_GATED,
    "admin/reports/locked/": None,
    "admin/reports/locked/results/": None,
    "admin/reports/workflow/": None,
    "admin/reports/workflow/results/": None,
    "admin/reports/workflow_tasks/": None,
    "admin/reports/workflow_tasks/results/": None,
    # Log entries are filtered by permission: judges and the secretariat see an empty list.
    "admin/reports/site-history/": ADMIN_OPEN,
    "admin/reports/site-history/results/": ADMIN_OPEN,
    "admin/reports/aging-pages/": None,
    "admin/reports/aging-pages/results/": None,
    "admin/reports/page-types-usage/": None,
    "admin/reports/page-types-usage/results/": None,
})

GROUPS = [PUBLIC_SITE, OPEN_DATA, DOCUMENTS, WORKSPACE, JUDGING, ADMIN_CORE, ADMIN_API, PAGES,
          IMAGES, SNIPPETS, SETTINGS]


def table():
    """route → Row, every group merged (a route in two groups is an error)."""
    merged = {}
    for group in GROUPS:
        for route, row in group.resolved():
            assert route not in merged, f"{route} is in two groups"
            merged[route] = row
    return merged
