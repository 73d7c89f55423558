"""Background jobs of the documents app (django-tasks; the database backend needs no broker)."""

from django_tasks import task

from kehoach.core.jobs import recoverable

# services enqueues these jobs and the jobs call services: each imports the other as a module.
from . import services


@task()
def generate_document(document_id: int) -> str:
    return services.document_generate(document_id=document_id).status


# Rendering reads the database and writes the file and the row last, so running it again is safe.
recoverable(generate_document, idempotent=True,
            requeue=lambda document_id: services.document_requeue(document_id=document_id),
            fail=lambda document_id, message: services.document_fail(document_id=document_id, message=message))
