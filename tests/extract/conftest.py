import pytest


@pytest.fixture(scope="session")
def extractor():
    """One extractor for the session: building the spaCy pipeline takes a second."""
    from govkg.extract.pipeline import Extractor

    return Extractor()
