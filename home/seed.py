"""Demo page tree: home, about, rules, FAQ and news, in Indonesian with English translations."""

import datetime

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage, NewsIndexPage, NewsPage
from portal.demo_images import get_or_create_image
from portal.page_tree import ensure_translation

DEMO_PASSWORD = "demo-portal-2026"

CONTENT_PAGES = [
    {
        "slug": "tentang",
        "title": ("Tentang Portal", "About the portal"),
        "intro": (
            "Portal ini menghimpun profil inovasi pelayanan publik dari kementerian, lembaga, "
            "pemerintah daerah dan BUMN/BUMD, serta menyelenggarakan kompetisinya.",
            "This portal gathers public-service innovation profiles from ministries, agencies, "
            "local governments and state enterprises, and runs their yearly competition.",
        ),
        "body": (
            "<p>Unit penyelenggara pelayanan menulis proposal, admin instansi memeriksa dan "
            "meneruskannya, tim evaluasi menilai dengan rubrik berbobot, dan hasilnya "
            "diumumkan secara terbuka.</p>",
            "<p>Service units write proposals, their agency admin checks and forwards them, "
            "an evaluation team scores them against weighted rubrics, and the results are "
            "published openly.</p>",
        ),
    },
    {
        "slug": "aturan",
        "title": ("Aturan Kompetisi", "Competition rules"),
        "intro": (
            "Ketentuan pokok kompetisi inovasi pelayanan publik.",
            "The main rules of the public-service innovation competition.",
        ),
        "body": (
            "<ul><li>Inovasi telah diterapkan paling singkat 2 tahun.</li>"
            "<li>Setiap instansi paling banyak mengirim 10 proposal kelompok umum dan 5 "
            "kelompok replikasi.</li><li>Satu judul hanya boleh didaftarkan sekali.</li>"
            "<li>Tahapan: seleksi administrasi, evaluasi proposal (Top 99), presentasi dan "
            "wawancara (Top 45), verifikasi lapangan.</li></ul>",
            "<ul><li>The innovation must have run for at least 2 years.</li>"
            "<li>Each agency may enter at most 10 general-group and 5 replication-group "
            "proposals.</li><li>One title may be entered only once.</li>"
            "<li>Stages: administrative screening, desk evaluation (Top 99), presentation and "
            "interview (Top 45), field verification.</li></ul>",
        ),
    },
    {
        "slug": "tanya-jawab",
        "title": ("Tanya Jawab", "Frequently asked questions"),
        "intro": ("Pertanyaan yang sering diajukan.", "Questions people often ask."),
        "body": (
            "<h2>Siapa yang boleh mendaftar?</h2><p>Unit penyelenggara pelayanan publik di "
            "kementerian, lembaga, pemerintah daerah, BUMN dan BUMD.</p>"
            "<h2>Apakah nilai juri diumumkan?</h2><p>Peringkat diumumkan; nilai diumumkan "
            "jika sekretariat memutuskan demikian.</p>",
            "<h2>Who may enter?</h2><p>Public-service units of ministries, agencies, local "
            "governments and state or regional enterprises.</p>"
            "<h2>Are judges' scores published?</h2><p>Rankings are published; scores are "
            "published when the secretariat decides so.</p>",
        ),
    },
]

NEWS = [
    (
        "bimbingan-teknis-penulisan-proposal",
        ("Bimbingan Teknis Penulisan Proposal Inovasi", "Technical guidance on writing proposals"),
        ("Sekretariat menggelar bimbingan teknis daring bagi operator unit.",
         "The secretariat holds online guidance sessions for unit operators."),
    ),
    (
        "sosialisasi-kompetisi-2026",
        ("Sosialisasi Kompetisi Inovasi 2026", "Launch of the 2026 innovation competition"),
        ("Pendaftaran proposal dibuka hingga akhir Juni.",
         "Proposal registration is open until the end of June."),
    ),
    (
        "pengumuman-top-99-2025",
        ("Pengumuman Top 99 Inovasi Pelayanan Publik 2025",
         "Top 99 public-service innovations of 2025 announced"),
        ("Tim panel independen menetapkan 99 inovasi terbaik secara proporsional.",
         "The independent panel selected the 99 best innovations proportionally."),
    ),
    (
        "masa-sanggah-dibuka",
        ("Masa Sanggah Hasil Evaluasi Dibuka", "Objection period for evaluation results opens"),
        ("Masyarakat dapat menyampaikan sanggahan selama lima hari kerja.",
         "The public may file objections for five working days."),
    ),
    (
        "replikasi-inovasi-daerah",
        ("Replikasi Inovasi Antardaerah Meningkat",
         "More regions replicate each other's innovations"),
        ("Semakin banyak daerah mengadaptasi inovasi yang telah terbukti berhasil.",
         "More regions are adapting innovations that have proven themselves."),
    ),
]


def run(*, rng, options, log):
    ensure_superuser()
    locale_id, _ = Locale.objects.get_or_create(language_code="id")
    locale_en, _ = Locale.objects.get_or_create(language_code="en")
    home = ensure_home(locale=locale_id)
    ensure_translation(home, locale_en, title="Innovation Portal", fields={
        "hero_title": "Public-service innovations that work",
        "hero_text": "Browse innovations from every province, follow the yearly competition "
        "and see which ideas other agencies have replicated.",
    })
    for spec in CONTENT_PAGES:
        page = ensure_child(home, ContentPage, slug=spec["slug"], title=spec["title"][0],
                            intro=spec["intro"][0], body=spec["body"][0], show_in_menus=True)
        ensure_translation(page, locale_en, title=spec["title"][1],
                           fields={"intro": spec["intro"][1], "body": spec["body"][1]})
    news_index = ensure_child(home, NewsIndexPage, slug="berita", title="Berita",
                              intro="Kabar terbaru seputar kompetisi inovasi.", show_in_menus=True)
    ensure_translation(news_index, locale_en, title="News",
                       fields={"intro": "The latest on the innovation competition."})
    base_date = datetime.date(2026, 10, 1)
    for index, (slug, titles, summaries) in enumerate(NEWS):
        image = get_or_create_image(title=f"Berita: {titles[0]}", seed=1000 + index)
        news = ensure_child(
            news_index, NewsPage, slug=slug, title=titles[0], summary=summaries[0],
            date=base_date - datetime.timedelta(days=9 * index + rng.randint(0, 5)),
            image=image, body=f"<p>{summaries[0]}</p>",
        )
        ensure_translation(news, locale_en, title=titles[1],
                           fields={"summary": summaries[1], "body": f"<p>{summaries[1]}</p>"})
    log(f"  pages: {Page.objects.count()} in the tree")


def ensure_superuser():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True,
                  "first_name": "Admin", "last_name": "Portal"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def ensure_home(*, locale):
    """The Indonesian home page as the site root (replacing Wagtail's welcome page)."""
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        home = HomePage(
            title="Portal Inovasi",
            slug="beranda",
            locale=locale,
            hero_title="Inovasi pelayanan publik yang nyata manfaatnya",
            hero_text="Jelajahi inovasi dari seluruh provinsi, ikuti kompetisi tahunan, dan "
            "temukan gagasan yang sudah direplikasi instansi lain.",
            hero_cta_label="Jelajahi inovasi",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home,
                            is_default_site=True, site_name="Portal Inovasi")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Portal Inovasi"
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()  # Wagtail's "Welcome to your new Wagtail site!" page
    return home


def ensure_child(parent, model, *, slug, title, **fields):
    """A published child page with this slug, created once."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, title=title, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
