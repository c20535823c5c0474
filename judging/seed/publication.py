"""Demo seed step: the public competition pages (/kompetisi/ and one page per edition,
with English translations) for the competitions the judging seed created.

Runs after judging.seed.competitions in SEED_STEPS; idempotent like every seed step."""

from wagtail.models import Locale

from home.models import HomePage
from judging.models import Competition
from judging.services.editions import ensure_edition_page, ensure_index

RULES = (
    "Inovasi telah diterapkan paling singkat {age} tahun. Setiap instansi paling banyak "
    "mengirim {general} proposal kelompok umum dan {replication} kelompok replikasi. "
    "Satu judul hanya boleh didaftarkan sekali.\n\n"
    "Tahapan: seleksi administrasi oleh sekretariat, evaluasi proposal oleh tim evaluasi "
    "(Top 99), masa sanggah, presentasi dan wawancara (Top 45), verifikasi lapangan."
)


def run(*, rng, options, log):
    home = HomePage.objects.filter(locale=Locale.get_default(), depth=2).first()
    if home is None:
        log("  judging.seed.publication: no home page, skipped")
        return
    index = ensure_index(home=home)
    count = 0
    for competition in Competition.objects.order_by("year"):
        ensure_edition_page(
            index=index, competition=competition,
            intro=f"Kompetisi Inovasi Pelayanan Publik tahun {competition.year}.",
            intro_en=f"The {competition.year} public-service innovation competition.",
            rules=RULES.format(age=competition.min_age_years,
                               general=competition.max_general_per_agency,
                               replication=competition.max_replication_per_agency),
        )
        count += 1
    log(f"  competition pages: {count} editions under {index.url_path}")
