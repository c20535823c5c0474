"""Messages for the stage-order problems found by judging.maths.stages."""

from django.utils.translation import gettext as _

from innovations.models import tier_label
from judging.models import RoundKind


def stage_label(stage):
    return str(RoundKind(stage).label) if stage in RoundKind.values else str(stage)


def problem_text(code, params):
    """One translated sentence for a (code, params) problem of judging.maths.stages."""
    stage = stage_label(params.get("stage", ""))
    if code == "unknown_stage":
        return _("“%(stage)s” is not a stage of the competition.") % {"stage": stage}
    if code == "repeated_stage":
        return _("The stage %(stage)s is listed twice.") % {"stage": stage}
    if code == "stages_out_of_order":
        return _("Keep the stages in their real order: %(order)s.") % {
            "order": " → ".join(stage_label(s) for s in params["expected"])}
    if code == "missing_stage":
        return _("Every edition runs the stage %(stage)s.") % {"stage": stage}
    if code == "stage_not_run":
        return _("Round %(order)s is a %(stage)s round, a stage this edition does not run "
                 "(see the edition's stages).") % {"order": params["order"], "stage": stage}
    if code == "round_out_of_order":
        return _("Round %(order)s (%(stage)s) comes before a stage that runs earlier; order "
                 "the rounds as the stages run.") % {"order": params["order"], "stage": stage}
    if code == "tier_before_verification":
        return _("Round %(order)s grants %(tier)s before any field verification round; "
                 "place it after field verification.") % {
            "order": params["order"], "tier": tier_label(params.get("tier")) or _("an award")}
    return code
