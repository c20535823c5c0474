"""The home-page block featuring live innovations."""

from innovations.models import InnovationGalleryImage
from portal.demo_images import get_or_create_image
from tests.factories import add_with_image


def test_home_page_features_live_innovations_with_counts(client, catalogue, public_index):
    add_with_image(public_index, catalogue["agencies"]["badung"], 2)
    catalogue["draft"].title = "Draf Bergambar"
    InnovationGalleryImage.objects.create(page=catalogue["draft"],
                                          image=get_or_create_image(title="x", seed=1))

    response = client.get("/")

    block = next(b for b in response.context["home_blocks"]
                 if b["template"] == "innovations/includes/home_featured.html")
    assert [item.title for item in block["innovations"]] == ["Inovasi Uji 1", "Inovasi Uji 0"]
    assert block["counts"] == {"innovations": 6, "agencies": 3, "provinces": 2}
    assert 'href="/inovasi/inovasi-uji-1/"' in response.content.decode()


def test_home_counts_what_the_listing_shows(client, catalogue, public_index):
    """The home page's figures are the listing's: a private profile is counted by neither,
    and an unpublished one leaves both at once."""
    from wagtail.models import PageViewRestriction

    private = add_with_image(public_index, catalogue["agencies"]["badung"], 1)[0]
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    def home_count():
        block = next(b for b in client.get("/").context["home_blocks"]
                     if b["template"] == "innovations/includes/home_featured.html")
        return block["counts"]["innovations"]

    listed = client.get("/inovasi/").context["result_count"]
    assert home_count() == listed == 4

    catalogue["antrean"].unpublish()

    assert home_count() == client.get("/inovasi/").context["result_count"] == 3
