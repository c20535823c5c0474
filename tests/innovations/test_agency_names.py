"""The agency-name normaliser: every spelling of one government gets one key."""

import pytest

from innovations.agency_names import agency_key, describe_agency

SAME = [
    ["Kota Surabaya", "Pemkot Surabaya", "Pemerintah Kota Surabaya", "PEMKOT SURABAYA",
     "Pemerintah Daerah Kota Surabaya", "  Kota   Surabaya "],
    ["Kabupaten Banyuwangi", "Kab. Banyuwangi", "Kab Banyuwangi", "Pemkab Banyuwangi",
     "Pemerintah Kabupaten Banyuwangi", "Pemda Kabupaten Banyuwangi"],
    ["Provinsi Jawa Timur", "Pemprov Jatim", "Pemerintah Provinsi Jawa Timur",
     "Pemprov Jawa Timur", "Prov. Jawa Timur"],
    ["Kementerian Kesehatan", "Kemenkes", "Kementerian Kesehatan RI",
     "Kementerian Kesehatan Republik Indonesia"],
    ["KemenPAN-RB", "Kementerian PANRB", "Kemenpanrb", "Kementerian PAN-RB",
     "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"],
    ["Polres Banyuwangi", "Kepolisian Resor Banyuwangi", "POLRES BANYUWANGI"],
    ["Polda Jawa Timur", "Polda Jatim", "Kepolisian Daerah Jawa Timur"],
    ["PT Pos Indonesia (Persero)", "PT Pos Indonesia", "PT. Pos Indonesia (Persero)"],
    ["Badan Pusat Statistik", "BPS"],
]
DIFFERENT = [
    ("Kota Malang", "Kabupaten Malang"),
    ("Polres Malang", "Polresta Malang"),
    ("Kementerian Kesehatan", "Kementerian Keuangan"),
    ("Pemprov Jatim", "Pemprov Jateng"),
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_spellings_of_one_government_share_one_key(spellings):
    assert len({agency_key(name=name) for name in spellings}) == 1


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_governments_keep_different_keys(a, b):
    assert agency_key(name=a) != agency_key(name=b)


@pytest.mark.parametrize(("name", "agency_type", "province"), [
    ("Kota Surabaya", "kota", "35"),
    ("Pemerintah Kota Makassar", "kota", "73"),
    ("Kab. Sleman", "kabupaten", "34"),
    ("Pemprov Sulsel", "provinsi", "73"),
    ("Kemenkes", "kementerian", None),
    ("Kementerian Agraria dan Tata Ruang", "kementerian", None),
    ("Badan Kepegawaian Negara", "lembaga", None),
    ("Lembaga Administrasi Negara", "lembaga", None),
    ("PT Kereta Api Indonesia (Persero)", "bumn", None),
    ("Perumda Air Minum Tirta Kahuripan", "bumd", None),
    ("Polda Bali", "lembaga", "51"),
    ("Polrestabes Surabaya", "lembaga", "35"),
    ("Dinas Serba Ada", None, None),
])
def test_what_a_name_says_about_the_agency(name, agency_type, province):
    described = describe_agency(name=name)

    assert (described.agency_type, described.province_code) == (agency_type, province)
