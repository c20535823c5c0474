from django.apps import AppConfig


class JudgingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "judging"

    def ready(self):
        # The winners gallery on the home page (home/ never imports judging).
        from home.models import HOME_BLOCK_PROVIDERS, register_home_block
        from judging.publication.league import open_edition_home_block, winners_home_block

        for provider in (open_edition_home_block, winners_home_block):
            if provider not in HOME_BLOCK_PROVIDERS:
                register_home_block(provider)

        # Its index page is found with the innovation database's (one query for all).
        from innovations.queries import register_index_model
        from judging.models import CompetitionIndexPage

        register_index_model(CompetitionIndexPage)

        # Whatever path changes a result or its objection window, no public page
        # keeps showing the old one (portal/page_cache.py).
        from django.db.models.signals import post_delete, post_save

        from judging.models import ObjectionWindow, RoundResult
        from portal.page_cache import purge

        for model in (RoundResult, ObjectionWindow):
            post_save.connect(purge, sender=model, dispatch_uid=f"page_cache_{model.__name__}")
            post_delete.connect(purge, sender=model,
                                dispatch_uid=f"page_cache_del_{model.__name__}")
