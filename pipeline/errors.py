"""One exception family. Every error names the file, the problem and what to do (codes are stable)."""

from __future__ import annotations


class AnnociteError(Exception):
    """Base class. ``code`` is stable (E1xx input, E2xx annotation files, E3xx usage)."""

    code = "E000"

    def __init__(self, path: str | None, problem: str, hint: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}[{self.code}] {self.problem}{hint}"


class InputError(AnnociteError):
    """A draft that could not be read: corrupt, encrypted, empty, wrong encoding, unknown type."""

    code = "E100"


class EncryptedPDFError(InputError):
    code = "E101"


class CorruptPDFError(InputError):
    code = "E102"


class NoTextLayerError(InputError):
    code = "E103"


class EmptyInputError(InputError):
    code = "E104"


class EncodingError(InputError):
    code = "E105"


class UnsupportedFormatError(InputError):
    code = "E106"


class TooLargeError(InputError):
    code = "E107"


class AnnotationFileError(AnnociteError):
    """An annotation or curation file that is malformed or out of date."""

    code = "E200"


class UsageError(AnnociteError):
    code = "E300"
