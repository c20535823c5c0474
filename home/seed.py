"""Demo page tree: home, about, rules, FAQ and news, in Indonesian with English translations."""

import datetime

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage, NewsIndexPage, NewsPage
from portal.demo_images import get_or_create_image
from portal.page_tree import ensure_translation

DEMO_PASSWORD = "demo-portal-2026"

# The rules and FAQ, consistent with the judging defaults (judging/services/rubrics.py:
# desk weights 2023, interview 30 % presentation / 70 % substance; three judges per entry,
# blind desk evaluation; a 5-day objection period for the Top 99) and with the 2025
# calendar of judging/seed/competitions.py.
RULES_ID = (
    "<h2>Siapa yang dapat mengikuti</h2><p>Unit penyelenggara pelayanan publik (UPP) "
    "pada kementerian, lembaga, pemerintah provinsi, pemerintah kabupaten, pemerintah "
    "kota, BUMN dan BUMD. Unit menulis proposal di ruang kerja portal; admin lokal "
    "instansi (biasanya biro atau bagian organisasi) memeriksa dan meneruskannya ke "
    "kompetisi.</p><h2>Syarat pokok</h2><ul><li>Inovasi telah diterapkan paling "
    "singkat 2 tahun dan hasilnya dapat dibuktikan.</li><li>Setiap instansi paling "
    "banyak meneruskan 10 proposal kelompok umum dan 5 proposal kelompok replikasi. "
    "Kelompok khusus hanya untuk instansi yang diundang.</li><li>Satu judul hanya "
    "boleh didaftarkan sekali; formulir diisi lengkap dan "
    "sungguh-sungguh.</li><li>Setiap proposal menyebutkan kontribusinya pada Tujuan "
    "Pembangunan Berkelanjutan "
    "(SDGs).</li></ul><h2>Tahapan</h2><ol><li><strong>Pendaftaran.</strong> Unit "
    "menulis proposal; admin lokal meneruskannya sebelum batas "
    "waktu.</li><li><strong>Seleksi administrasi</strong> oleh sekretariat: usia "
    "inovasi, kelengkapan formulir, judul ganda dan batas jumlah per instansi. "
    "Proposal yang tidak lolos menerima alasannya.</li><li><strong>Evaluasi "
    "proposal</strong> oleh tim evaluasi (akademisi dan praktisi). Setiap proposal "
    "dinilai oleh tiga juri tanpa melihat nama instansi dan "
    "unitnya.</li><li><strong>Top 99.</strong> Tim Panel Independen menetapkan Top 99 "
    "secara proporsional menurut kategori, kelompok, jenis instansi dan wilayah, "
    "termasuk daerah terpencil dan perbatasan. Daftar sementara diumumkan, lalu "
    "<strong>masa sanggah</strong> selama 5 hari; setelah sanggahan diputus, daftar "
    "akhir diterbitkan.</li><li><strong>Presentasi dan wawancara</strong> Top 99 di "
    "hadapan tim panel, disusul <strong>verifikasi lapangan</strong>, menghasilkan "
    "<strong>Top 45</strong> (inovasi terpuji) dan <strong>Top 5 Outstanding</strong> "
    "dari kelompok khusus.</li><li>Pemenang dapat dinominasikan ke United Nations "
    "Public Service Awards.</li></ol><h2>Kriteria dan bobot evaluasi proposal "
    "(kelompok umum)</h2><ul><li>Ringkasan: 0 % (dibaca, tidak dinilai)</li><li>Latar "
    "belakang dan tujuan: 10 %</li><li>Kebaruan / nilai tambah: 15 "
    "%</li><li>Implementasi inovasi: 5 %</li><li>Signifikansi: 30 "
    "%</li><li>Adaptabilitas: 20 %</li><li>Sumber daya: 5 %</li><li>Strategi "
    "keberlanjutan: 15 %</li></ul><p>Juri memberi nilai 1–10 untuk setiap kriteria. "
    "Nilai diubah ke skala 0–100 (nilai 1 menjadi 0, nilai 10 menjadi 100), lalu "
    "dijumlahkan menurut bobotnya. Pada presentasi dan wawancara, penyajian dan "
    "penguasaan materi berbobot 30 %, substansi inovasi (kebaruan, signifikansi, "
    "adaptabilitas, keberlanjutan) 70 %.</p><h2>Jadwal</h2><p>Pendaftaran dibuka pada "
    "awal tahun dan ditutup akhir Mei. Seleksi administrasi berlangsung pada Juni, "
    "evaluasi proposal Juni–Juli. Top 99 sementara diumumkan pada awal Agustus "
    "bersama masa sanggah 5 hari; daftar akhir terbit setelahnya. Presentasi dan "
    "wawancara pada Agustus–September, verifikasi lapangan September–Oktober, dan Top "
    "45 serta Top 5 Outstanding diumumkan pada penganugerahan akhir Oktober. Tanggal "
    "pasti setiap tahap tercantum di halaman setiap edisi kompetisi.</p><h2>Masa "
    "sanggah</h2><p>Selama masa sanggah siapa pun dapat mengajukan sanggahan atas "
    "inovasi dalam daftar sementara melalui formulir di halaman daftar tersebut, "
    "dengan alasan dan bukti. Sekretariat memeriksa setiap sanggahan dan "
    "memberitahukan putusannya kepada pengaju. Sanggahan yang diterima dapat mengubah "
    "daftar sebelum daftar akhir diterbitkan.</p>"
)
RULES_EN = (
    "<h2>Who may enter</h2><p>Public-service units (UPP) of ministries, agencies, "
    "provincial, regency and city governments, state-owned enterprises (BUMN) and "
    "regional enterprises (BUMD). Units write their proposal in the portal's "
    "workspace; the agency's local admin (usually its organisation bureau) checks it "
    "and forwards it to the competition.</p><h2>Main conditions</h2><ul><li>The "
    "innovation has run for at least 2 years and its results can be "
    "shown.</li><li>Each agency forwards at most 10 general-group and 5 "
    "replication-group proposals. The special group is by invitation.</li><li>A title "
    "may be entered only once; the form is complete and carefully "
    "written.</li><li>Every proposal states its contribution to the Sustainable "
    "Development Goals "
    "(SDGs).</li></ul><h2>Stages</h2><ol><li><strong>Registration.</strong> Units "
    "write proposals; the local admin forwards them before the "
    "deadline.</li><li><strong>Administrative screening</strong> by the secretariat: "
    "age of the innovation, a complete form, duplicate titles and the per-agency "
    "limits. Proposals that do not pass are told why.</li><li><strong>Desk "
    "evaluation</strong> by the evaluation team (academics and practitioners). Each "
    "proposal is scored by three judges who do not see the agency or "
    "unit.</li><li><strong>Top 99.</strong> The Independent Panel selects the Top 99 "
    "proportionally across categories, groups, agency types and regions, remote and "
    "border regions included. A provisional list is announced, then a 5-day "
    "<strong>objection period</strong> (masa sanggah); once objections are decided, "
    "the final list is published.</li><li><strong>Presentation and interview</strong> "
    "of the Top 99 before the panel, then <strong>field verification</strong>, lead "
    "to the <strong>Top 45</strong> (commended innovations) and the <strong>Top 5 "
    "Outstanding</strong> of the special group.</li><li>Winners may be nominated to "
    "the United Nations Public Service Awards.</li></ol><h2>Desk evaluation criteria "
    "and weights (general group)</h2><ul><li>Summary: 0 % (read, not "
    "scored)</li><li>Background and goals: 10 %</li><li>Novelty / added value: 15 "
    "%</li><li>Implementation: 5 %</li><li>Significance: 30 %</li><li>Adaptability / "
    "replicability: 20 %</li><li>Resources: 5 %</li><li>Sustainability strategy: 15 "
    "%</li></ul><p>Judges score each criterion from 1 to 10. Scores are put on a "
    "0–100 scale (1 becomes 0, 10 becomes 100) and added up by weight. In the "
    "presentation and interview, presentation and command of the subject weigh 30 %, "
    "the substance of the innovation (novelty, significance, adaptability, "
    "sustainability) 70 %.</p><h2>Timeline</h2><p>Registration opens early in the "
    "year and closes at the end of May. Administrative screening runs in June, desk "
    "evaluation in June and July. The provisional Top 99 is announced in early August "
    "with a 5-day objection period; the final list follows. Presentations and "
    "interviews take place in August and September, field verification in September "
    "and October, and the Top 45 and Top 5 Outstanding are announced at the award "
    "ceremony at the end of October. Each edition's page gives the exact dates of "
    "every stage.</p><h2>Objection period</h2><p>During the objection period anyone "
    "may object to an innovation on the provisional list through the form on that "
    "list's page, giving reasons and evidence. The secretariat examines every "
    "objection and tells the person who filed it the decision. An upheld objection "
    "can change the list before the final list is published.</p>"
)
FAQ_ID = (
    "<h2>Siapa yang boleh mendaftar?</h2><p>Unit penyelenggara pelayanan publik di "
    "kementerian, lembaga, pemerintah daerah, BUMN dan BUMD, melalui admin lokal "
    "instansinya.</p><h2>Bagaimana unit mendapatkan akun?</h2><p>Admin lokal instansi "
    "mendaftarkan operator unit. Jika instansi Anda belum memiliki admin lokal, "
    "hubungi sekretariat kompetisi.</p><h2>Berapa lama inovasi harus sudah "
    "berjalan?</h2><p>Paling singkat 2 tahun sejak diterapkan, dengan bukti "
    "hasilnya.</p><h2>Berapa proposal yang boleh dikirim satu instansi?</h2><p>Paling "
    "banyak 10 proposal kelompok umum dan 5 proposal kelompok replikasi.</p><h2>Apa "
    "saja tahapannya?</h2><p>Seleksi administrasi, evaluasi proposal, penetapan Top "
    "99 oleh Tim Panel Independen dengan masa sanggah 5 hari, presentasi dan "
    "wawancara, verifikasi lapangan, lalu Top 45 dan Top 5 "
    "Outstanding.</p><h2>Bagaimana proposal dinilai?</h2><p>Tiga juri menilai setiap "
    "proposal tanpa melihat nama instansinya, dengan nilai 1–10 per kriteria. Bobot "
    "terbesar ada pada signifikansi (30 %), adaptabilitas (20 %), kebaruan (15 %) dan "
    "keberlanjutan (15 %).</p><h2>Apa itu masa sanggah dan bagaimana mengajukan "
    "sanggahan?</h2><p>Masa sanggah adalah 5 hari setelah Top 99 sementara diumumkan. "
    "Siapa pun dapat mengajukan sanggahan melalui formulir di halaman daftar "
    "sementara, dengan alasan dan bukti. Sekretariat memutus setiap sanggahan dan "
    "memberi tahu pengajunya.</p><h2>Apakah nilai juri diumumkan?</h2><p>Peringkat "
    "dan daftar pemenang diumumkan. Nilai diumumkan jika sekretariat memutuskan "
    "demikian untuk tahap tersebut.</p><h2>Bagaimana memeriksa keaslian "
    "sertifikat?</h2><p>Pindai kode QR pada sertifikat atau buka alamat verifikasi "
    "yang tercetak di bawahnya; halaman itu menampilkan inovasi, instansi dan "
    "penghargaannya.</p>"
)
FAQ_EN = (
    "<h2>Who may enter?</h2><p>Public-service units of ministries, agencies, local "
    "governments and state or regional enterprises, through their agency's local "
    "admin.</p><h2>How does a unit get an account?</h2><p>The agency's local admin "
    "registers the unit's operators. If your agency has no local admin yet, contact "
    "the competition secretariat.</p><h2>How long must the innovation have "
    "run?</h2><p>At least 2 years since it was put into practice, with evidence of "
    "its results.</p><h2>How many proposals may one agency send?</h2><p>At most 10 in "
    "the general group and 5 in the replication group.</p><h2>What are the "
    "stages?</h2><p>Administrative screening, desk evaluation, the Top 99 chosen by "
    "the Independent Panel with a 5-day objection period, presentation and interview, "
    "field verification, then the Top 45 and the Top 5 Outstanding.</p><h2>How are "
    "proposals scored?</h2><p>Three judges score each proposal without seeing the "
    "agency's name, from 1 to 10 per criterion. The heaviest weights are significance "
    "(30 %), adaptability (20 %), novelty (15 %) and sustainability (15 "
    "%).</p><h2>What is the objection period and how do I object?</h2><p>The "
    "objection period (masa sanggah) is the 5 days after the provisional Top 99 is "
    "announced. Anyone may object through the form on the provisional list's page, "
    "giving reasons and evidence. The secretariat decides every objection and tells "
    "the person who filed it.</p><h2>Are judges' scores published?</h2><p>Rankings "
    "and the winners are published. Scores are published when the secretariat decides "
    "so for that stage.</p><h2>How do I check that a certificate is "
    "genuine?</h2><p>Scan the QR code on the certificate or open the verification "
    "address printed below it; that page shows the innovation, the agency and the "
    "award.</p>"
)

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
            "Bagaimana kompetisi berjalan: siapa yang dapat mengikuti, syarat pokok, "
            "tahapan, kriteria dan bobot penilaian, jadwal, dan masa sanggah.",
            "How the competition runs: who may enter, the main conditions, the stages, the "
            "criteria and their weights, the timeline and the objection period.",
        ),
        "body": (RULES_ID, RULES_EN),
    },
    {
        "slug": "tanya-jawab",
        "title": ("Tanya Jawab", "Frequently asked questions"),
        "intro": ("Pertanyaan yang sering diajukan tentang pendaftaran, penilaian dan "
                  "pengumuman hasil.",
                  "Questions people often ask about entering, judging and the results."),
        "body": (FAQ_ID, FAQ_EN),
    },
]

# News not tied to an edition's dates; the competition news (registration, results,
# objection periods, dated from the competitions themselves) is judging/seed/publication.py's.
NEWS = [
    (
        "bimbingan-teknis-penulisan-proposal",
        ("Bimbingan Teknis Penulisan Proposal Inovasi", "Technical guidance on writing proposals"),
        ("Sekretariat menggelar bimbingan teknis daring bagi operator unit.",
         "The secretariat holds online guidance sessions for unit operators."),
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
