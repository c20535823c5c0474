"""Demo agencies, units, their users and innovation profiles (seed_demo step).

Idempotent: agencies, units and users are looked up by their fixed names; innovations
by their slug, so a second run creates nothing. Deterministic: innovation i is drawn
from its own random stream, so `--innovations 20` then `--innovations 150` gives the
same first 20. Fast at scale: Wagtail pages cannot be bulk-created through
InnovationPage (multi-table inheritance), so the treebeard paths are computed here,
the wagtailcore Page rows are bulk-created and the InnovationPage rows inserted in
batches; related rows and the search index follow in bulk.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from home.models import HomePage
from home.seed import DEMO_PASSWORD, ensure_child, ensure_translation
from innovations import seed_data as data
from innovations.listing import refresh_listing
from innovations.models import (
    SDG,
    Achievement,
    Agency,
    AgencyIndexPage,
    Category,
    InnovationGalleryImage,
    InnovationIndexPage,
    InnovationPage,
    Membership,
    OutcomeIndicator,
    Province,
    Role,
    Unit,
)
from innovations.seed_text import build_spec
from portal.demo_images import get_or_create_image

IMAGE_POOL = 40
LOGO_POOL = 8
# The fixed demo accounts listed in the README.
FIXED_AGENCY = "kota-surabaya"
FIXED_OPERATOR = "operator1"
FIXED_AGENCY_ADMIN = "adminlokal1"


def link_home_button(*, home, target, locale_en):
    """Point the home page's call-to-action at the innovation database (both languages)."""
    if home.hero_cta_page_id:
        return
    home.hero_cta_page = target
    home.save_revision().publish()
    home_en = home.get_translation_or_none(locale_en)
    if home_en is not None and not home_en.hero_cta_page_id:
        home_en.hero_cta_page = target
        home_en.hero_cta_label = "Browse innovations"
        home_en.save_revision().publish()


def run(*, rng, options, log):
    locale_id = Locale.objects.get(language_code="id")
    locale_en = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=locale_id, depth=2)
    index = ensure_child(
        home, InnovationIndexPage, slug="inovasi", title="Database Inovasi", show_in_menus=True,
        intro="Telusuri inovasi pelayanan publik dari kementerian, lembaga, pemerintah "
        "daerah, BUMN dan BUMD di seluruh Indonesia.",
    )
    ensure_translation(index, locale_en, title="Innovation database", fields={
        "intro": "Browse public-service innovations from ministries, agencies, local "
        "governments and state and regional enterprises across Indonesia."})
    link_home_button(home=home, target=index, locale_en=locale_en)
    agency_index = ensure_child(
        home, AgencyIndexPage, slug="instansi", title="Instansi", show_in_menus=True,
        intro="Kementerian, lembaga, pemerintah daerah, BUMN dan BUMD beserta inovasinya.",
    )
    ensure_translation(agency_index, locale_en, title="Agencies", fields={
        "intro": "Ministries, agencies, local governments and state enterprises, with "
        "their innovations."})
    agencies = ensure_agencies()
    units = ensure_units(agencies)
    users = ensure_users(agencies, units)
    created = ensure_innovations(
        index=index, units=units, count=options.get("innovations") or 300,
        base_seed=rng.getrandbits(64), log=log,
    )
    log(f"  agencies: {len(agencies)}, units: {len(units)}, users: {users}, "
        f"innovations created: {created}, total: {InnovationPage.objects.count()}")


def ensure_agencies():
    """The demo agencies by slug, creating those missing (logos from a small pool)."""
    provinces = {province.code: province for province in Province.objects.all()}
    logos = [get_or_create_image(title=f"Logo instansi demo {k + 1}", seed=5000 + k)
             for k in range(LOGO_POOL)]
    existing = {agency.slug: agency for agency in
                Agency.objects.filter(slug__in=[row[1] for row in data.AGENCIES])}
    missing = [
        Agency(name=name, slug=slug, agency_type=kind, province=provinces.get(code),
               logo=logos[position % LOGO_POOL],
               description=f"{name} menyelenggarakan pelayanan publik dan mendorong inovasi "
               "di unit-unit pelayanannya.")
        for position, (name, slug, kind, code, _units) in enumerate(data.AGENCIES)
        if slug not in existing
    ]
    Agency.objects.bulk_create(missing)
    return {agency.slug: agency for agency in
            Agency.objects.filter(slug__in=[row[1] for row in data.AGENCIES])}


def ensure_units(agencies):
    """Every demo unit as a list of (agency slug, position, Unit) in a fixed order."""
    wanted = [(agencies[slug], name) for _n, slug, _k, _c, names in data.AGENCIES
              for name in names]
    existing = set(Unit.objects.filter(agency__in=agencies.values())
                   .values_list("agency_id", "name"))
    Unit.objects.bulk_create([Unit(agency=agency, name=name) for agency, name in wanted
                              if (agency.pk, name) not in existing])
    by_key = {(unit.agency_id, unit.name): unit
              for unit in Unit.objects.filter(agency__in=agencies.values())}
    result = []
    for _n, slug, _k, _c, names in data.AGENCIES:
        for position, name in enumerate(names, start=1):
            result.append((slug, position, by_key[(agencies[slug].pk, name)]))
    return result


def ensure_users(agencies, units):
    """admin.<agency> per agency, operator.<agency>.<n> per unit, and the fixed accounts."""
    User = get_user_model()
    accounts = []  # (username, first name, agency, unit or None, role)
    for _name, slug, _kind, _code, _names in data.AGENCIES:
        accounts.append((f"admin.{slug}", "Admin", agencies[slug], None, Role.AGENCY_ADMIN))
    for slug, position, unit in units:
        accounts.append((f"operator.{slug}.{position}", "Operator", agencies[slug], unit,
                         Role.OPERATOR))
    fixed_unit = next(unit for slug, position, unit in units
                      if slug == FIXED_AGENCY and position == 1)
    accounts.append((FIXED_OPERATOR, "Operator", agencies[FIXED_AGENCY], fixed_unit,
                     Role.OPERATOR))
    accounts.append((FIXED_AGENCY_ADMIN, "Admin Lokal", agencies[FIXED_AGENCY], None,
                     Role.AGENCY_ADMIN))
    existing = set(User.objects.filter(username__in=[a[0] for a in accounts])
                   .values_list("username", flat=True))
    # One hash for all demo accounts: hashing ~150 passwords one by one takes a minute.
    password = make_password(DEMO_PASSWORD)
    User.objects.bulk_create([
        User(username=username, first_name=first, last_name=agency.name[:150],
             email=f"{username}@demo.example.org", password=password)
        for username, first, agency, _unit, _role in accounts if username not in existing
    ])
    user_ids = dict(User.objects.filter(username__in=[a[0] for a in accounts])
                    .values_list("username", "pk"))
    have = set(Membership.objects.filter(user_id__in=user_ids.values())
               .values_list("user_id", "agency_id", "unit_id", "role"))
    Membership.objects.bulk_create([
        Membership(user_id=user_ids[username], agency=agency, unit=unit, role=role)
        for username, _first, agency, unit, role in accounts
        if (user_ids[username], agency.pk, unit.pk if unit else None, role) not in have
    ])
    return len(accounts)


def ensure_innovations(*, index, units, count, base_seed, log):
    """Create the missing demo innovations among the first `count`; returns how many."""
    categories = {category.slug: category.pk for category in Category.objects.all()}
    sdgs = dict(SDG.objects.values_list("number", "pk"))
    specs = []
    taken_slugs = set()
    titles_by_agency = set()
    for number in range(count):
        spec_rng = random.Random(f"{base_seed}:{number}")
        specs.append(build_spec(spec_rng, number=number, units=units, specs=specs,
                                taken_slugs=taken_slugs, titles_by_agency=titles_by_agency))
    existing = set(InnovationPage.objects.child_of(index).values_list("slug", flat=True))
    todo = [spec for spec in specs if spec["slug"] not in existing]
    if not todo:
        return 0
    images = [get_or_create_image(title=f"Foto inovasi demo {k + 1:02d}", seed=7000 + k)
              for k in range(IMAGE_POOL)]
    pks = _create_pages(index=index, specs=todo)
    slug_to_pk = dict(InnovationPage.objects.child_of(index).values_list("slug", "pk"))
    slug_to_pk.update(pks)
    _insert_innovation_rows(specs=todo, pks=pks, slug_to_pk=slug_to_pk,
                            categories=categories)
    _create_related(specs=todo, pks=pks, sdgs=sdgs, images=images)
    _index_for_search(list(pks.values()))
    with connection.cursor() as cursor:
        # Fresh planner statistics after a bulk load: without them SQLite runs the search
        # index's FTS match once per row (seconds at 10,000 rows instead of milliseconds).
        cursor.execute("ANALYZE")
    log(f"  innovations: {len(todo)} created under {index.url_path}")
    return len(todo)


def _create_pages(*, index, specs):
    """Bulk-create the wagtailcore Page rows with treebeard paths; returns {slug: pk}."""
    index.refresh_from_db()
    last_child = index.get_last_child()
    position = last_child._get_lastpos_in_path() if last_child else 0
    content_type = ContentType.objects.get_for_model(InnovationPage)
    depth = index.depth + 1
    rows = []
    for spec in specs:
        position += 1
        published = spec["published_at"] if spec["live"] else None
        rows.append(Page(
            title=spec["title"], draft_title=spec["title"], slug=spec["slug"],
            content_type=content_type, locale_id=index.locale_id,
            translation_key=spec["translation_key"],
            path=Page._get_path(index.path, depth, position), depth=depth, numchild=0,
            url_path=f"{index.url_path}{spec['slug']}/", live=spec["live"],
            has_unpublished_changes=not spec["live"], first_published_at=published,
            last_published_at=published,
        ))
    Page.objects.bulk_create(rows, batch_size=500)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(rows))
    return {row.slug: row.pk for row in rows}


def _insert_innovation_rows(*, specs, pks, slug_to_pk, categories):
    """Insert the InnovationPage table rows for pages whose Page rows exist."""
    fields = InnovationPage._meta.local_concrete_fields
    objs = []
    for spec in specs:
        objs.append(InnovationPage(
            page_ptr_id=pks[spec["slug"]], agency_id=spec["agency_id"], unit_id=spec["unit_id"],
            category_id=categories.get(spec["category"]), group=spec["group"],
            started_on=spec["started_on"], year=spec["year"], video_url=spec["video_url"],
            replicates_id=slug_to_pk.get(spec["replicates"]), **spec["sections"],
        ))
    batch = max(1, connection.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), batch):
        InnovationPage._base_manager._insert(objs[start:start + batch], fields=fields, raw=True)


def _create_related(*, specs, pks, sdgs, images):
    Through = InnovationPage.sdgs.through
    through_rows, gallery, indicators, achievements = [], [], [], []
    for spec in specs:
        pk = pks[spec["slug"]]
        through_rows += [Through(innovationpage_id=pk, sdg_id=sdgs[n]) for n in spec["sdgs"]]
        gallery += [InnovationGalleryImage(page_id=pk, image=images[k % len(images)],
                                           caption=caption, sort_order=order)
                    for order, (k, caption) in enumerate(spec["images"])]
        indicators += [OutcomeIndicator(page_id=pk, sort_order=order, **row)
                       for order, row in enumerate(spec["indicators"])]
        achievements += [Achievement(innovation_id=pk, year=year, tier=tier,
                                     competition_name="KIPP")
                         for year, tier in spec["achievements"]]
    Through.objects.bulk_create(through_rows, batch_size=1000)
    InnovationGalleryImage.objects.bulk_create(gallery, batch_size=1000)
    OutcomeIndicator.objects.bulk_create(indicators, batch_size=1000)
    Achievement.objects.bulk_create(achievements, batch_size=1000)


def _index_for_search(pks, chunk=500):
    backend = get_search_backend()
    for start in range(0, len(pks), chunk):
        pages = list(InnovationPage.objects.filter(pk__in=pks[start:start + chunk])
                     .select_related("agency"))
        backend.add_bulk(InnovationPage, pages)
    # The listing's rows of pages created without signals (innovations/listing.py).
    refresh_listing(page_ids=pks)
