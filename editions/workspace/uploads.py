"""Files sent to the workspace (a statement's text, at the desk) are kept in memory and
bounded: past ``MAX_UPLOAD`` bytes the rest is read and dropped, never written to disk, and
the file arrives empty with its true size, for the form to refuse it by that size."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

#: The largest file the workspace takes (a statement is text: the longest so far is 30 kB).
MAX_UPLOAD = 512 * 1024


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Django's in-memory upload, for every size, with nothing kept past ``MAX_UPLOAD``."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= MAX_UPLOAD:
            self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        kept = self.buffer if self.received <= MAX_UPLOAD else io.BytesIO()
        kept.seek(0)
        return InMemoryUploadedFile(
            file=kept, field_name=self.field_name, name=self.file_name,
            content_type=self.content_type, size=file_size, charset=self.charset,
            content_type_extra=self.content_type_extra)
