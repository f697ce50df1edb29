class DomainError(Exception):
    """A rule of the domain refused an action; ``str(error)`` is for a person to read."""

    def __init__(self, message, *, problems=None):
        super().__init__(message)
        self.message = str(message)
        self.problems = list(problems or [])


class TransitionRefused(DomainError):
    """A dossier transition that is not allowed now, with the reasons."""
