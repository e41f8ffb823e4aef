"""Domain errors. Views and the API turn them into 4xx responses with the message shown to the user."""


class DomainError(Exception):
    """A request the domain refuses; the message is safe to show to the user."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDenied(DomainError):
    status_code = 403

    def __init__(self, message: str = "You do not have permission to do this.", *, code: str = "forbidden"):
        super().__init__(message, code=code)


class NotFound(DomainError):
    status_code = 404

    def __init__(self, message: str = "Not found.", *, code: str = "not_found") -> None:
        super().__init__(message, code=code)


class ValidationFailed(DomainError):
    status_code = 422


class TooLarge(ValidationFailed):
    """An upload over its size limit (HTTP 413 Content Too Large)."""

    status_code = 413
