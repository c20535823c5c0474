"""``{% picture %}`` of portal_images: Wagtail's tag, its filters parsed once per tag."""

import pytest
from django.template import engines
from wagtail.images.models import Filter

from portal.demo_images import get_or_create_image

pytestmark = pytest.mark.django_db

TAG = ('{% for image in images %}{% picture image format-{avif,webp,jpeg} fill-400x225 '
       'sizes="(max-width: 720px) 100vw, 400px" alt="" class="card__image" '
       'loading="lazy" %}{% endfor %}')


def test_the_same_html_as_wagtails_picture_tag():
    images = [get_or_create_image(title=f"Foto {n}", seed=n) for n in range(3)]
    wagtails = engines["django"].from_string("{% load wagtailimages_tags %}" + TAG)
    ours = engines["django"].from_string("{% load wagtailimages_tags portal_images %}" + TAG)

    html = ours.render({"images": images})

    assert html == wagtails.render({"images": images})
    assert html.count("<picture>") == 3
    assert ".format-avif.fill-400x225.avif" in html


def test_the_filters_are_built_on_the_first_render_only(monkeypatch):
    images = [get_or_create_image(title=f"Foto {n}", seed=n) for n in range(3)]
    template = engines["django"].from_string("{% load wagtailimages_tags portal_images %}" + TAG)
    template.render({"images": images})
    built = []
    real_init = Filter.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    html = template.render({"images": images})

    assert html.count("<picture>") == 3
    assert built == []
