from .choices import DocumentStatus
from .models import GeneratedDocument, SignatureProfile


def counts() -> dict:
    return {
        "documents_generated": GeneratedDocument.objects.filter(status=DocumentStatus.DONE).count(),
        "documents_failed": GeneratedDocument.objects.filter(status=DocumentStatus.FAILED).count(),
        "signature_profiles": SignatureProfile.objects.count(),
    }
