from tests.registration.conftest import form_data, participant, quick_password_hashing  # noqa: F401
