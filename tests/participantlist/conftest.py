from tests.registration.conftest import form_data, quick_password_hashing  # noqa: F401
