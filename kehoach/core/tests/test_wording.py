"""Small wording rules from issue 18: the upload limit reads as the setting says."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.core.uploads import check_size, megabytes


def test_megabytes_reads_like_the_setting():
    assert megabytes(20 * 1024 * 1024) == "20"
    assert megabytes(int(1.5 * 1024 * 1024)) in ("1,5", "1.5")


def test_upload_limit_message_says_20_mb(settings):
    settings.KEHOACH_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", b"x")
    upload.size = 21 * 1024 * 1024
    with pytest.raises(ValidationError) as exc:
        check_size(upload)
    assert "tối đa 20 MB" in str(exc.value) and "21 MB" in str(exc.value)


def test_import_limit_message_says_20_mb(settings):
    from kehoach.imports.parsing import ImportRejected
    from kehoach.imports.services import check_upload

    settings.KEHOACH_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(ImportRejected) as exc:
        check_upload(name="ke-hoach.pdf", size=20 * 1024 * 1024 + 1)
    assert "giới hạn 20 MB" in str(exc.value)
