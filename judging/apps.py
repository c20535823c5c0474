from django.apps import AppConfig


class JudgingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "judging"

    def ready(self):
        # The winners gallery on the home page (home/ never imports judging).
        from home.models import HOME_BLOCK_PROVIDERS, register_home_block
        from judging.publication.league import winners_home_block

        if winners_home_block not in HOME_BLOCK_PROVIDERS:
            register_home_block(winners_home_block)
