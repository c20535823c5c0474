"""E-mail to many people, sent by the task worker, after the transaction commits.

A screening decision or a proposal's status change writes one message per recipient
(addresses are never disclosed to each other); sending them over SMTP is slow and may
time out, so it runs as a background task (``manage.py db_worker``; at once in the
tests). Nobody is told about a change that was rolled back: the task is queued on commit.
"""

from django.core.mail import send_mass_mail
from django.db import transaction
from django_tasks import task


@task()
def send_messages_task(messages):
    """``messages``: [subject, body, from (None: DEFAULT_FROM_EMAIL), [recipient]] lists."""
    return send_mass_mail([tuple(message) for message in messages], fail_silently=True)


def send_mass_mail_on_commit(messages):
    """Queue ``messages`` (datatuples as for send_mass_mail) once the transaction commits."""
    payload = [[subject, body, sender, list(recipients)]
               for subject, body, sender, recipients in messages]
    if payload:
        transaction.on_commit(lambda: send_messages_task.enqueue(messages=payload))
