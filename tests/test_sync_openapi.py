"""Schemathesis against the server's own OpenAPI: whatever a request holds, the answer is
never a 5xx (a Vietnamese 4xx at worst), with a real station and admin credential so the
generated requests reach past authentication."""

import pytest
import schemathesis
from helpers import OFFICE_TIME
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from desk.clock import FixedClock
from sync import protocol as p
from sync.server import admin
from sync.server.app import create_app
from sync.server.core import Server

STATION_TOKEN = "station-" + "s" * 30


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("openapi"), clock=FixedClock(OFFICE_TIME))
    _st, code = server.add_station("000.00.99.H99")
    server.enrol(
        p.EnrolRequest(
            code=code, token_sha256=p.token_sha256(STATION_TOKEN), unit_code="000.00.99.H99"
        )
    )
    app = create_app(server, lookup_per_minute=1_000_000)
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    loaded.admin_token = admin.admin_token(server)
    yield loaded
    server.close()


def test_no_request_makes_a_server_error(api):
    from hypothesis import given

    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        token = api.admin_token if operation.path.startswith("/admin") else STATION_TOKEN

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def no_5xx(case):
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},  # noqa: B023 (run at once)
                checks=[not_a_server_error],
            )

        no_5xx()
