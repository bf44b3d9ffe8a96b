"""The exceptions sverka raises; the Rust half raises them by name."""


class SverkaError(Exception):
    """Base class of every error sverka raises."""


class InputError(SverkaError, ValueError):
    """A document was refused: it cannot be read, is empty, binary or not
    decodable, is over the size limit, or the two texts are swapped or in
    one language. The message is the one `sverka align` prints, naming the
    file (or the name given for an in-memory text) and what to do."""


class SettingsError(SverkaError, ValueError):
    """The options cannot be used: an unknown language or input format, a
    bad engine parameter, a lexicon that does not load."""


class InternalError(SverkaError, RuntimeError):
    """A bug in sverka: the engine failed where it should not. The message
    says what; please report it with the input."""
