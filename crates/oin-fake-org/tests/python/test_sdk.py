"""Okta's own Python SDK (okta 3.4.x, PrivateKey mode) against the fake org.

Run by run.sh, which starts the org and passes its URL and two client ids (the second one's
integration requires DPoP). Lists every user and every System Log event of a bounded query
through the SDK, paging with PaginationHelper and `after`, then every user again with the
SDK's DPoP support, and checks the counts. Prints `N passed, M failed`; exits non-zero on failure.
"""

import asyncio
from datetime import datetime, timedelta, timezone
import os
import sys
import traceback

os.environ.setdefault("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")

from okta.client import Client as OktaClient  # noqa: E402
from okta.pagination import PaginationHelper  # noqa: E402


def client(url, client_id, key_file, dpop=False):
    with open(key_file, encoding="utf-8") as handle:
        private_key = handle.read()
    config = {
        "orgUrl": url,
        "authorizationMode": "PrivateKey",
        "clientId": client_id,
        "scopes": ["okta.users.read", "okta.logs.read"],
        "privateKey": private_key,
    }
    if dpop:
        config["dpopEnabled"] = True
    return OktaClient(config)


async def collect(call, **params):
    """Every item of a paged listing, following the `after` cursor of the next link."""
    items, after, pages = [], None, 0
    while True:
        page, response, error = await call(after=after, **params)
        if error is not None:
            raise AssertionError(f"the SDK reported an error: {error}")
        items.extend(page or [])
        pages += 1
        after = PaginationHelper.extract_next_cursor(response.headers)
        if not after or pages > 1000:
            return items, pages


async def test_lists_all_users(okta, expected):
    users, pages = await collect(okta.list_users, limit=7, search='status pr')
    assert len(users) == expected, f"{len(users)} users, expected {expected}"
    assert pages > 1, "several pages were followed"
    ids = {user.id for user in users}
    assert len(ids) == expected, "no user twice"
    assert all(user.profile.login for user in users), "profiles parsed"


async def test_lists_all_log_events(okta, expected):
    events, pages = await collect(
        okta.list_log_events,
        since=(datetime.now(timezone.utc) - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        until="2999-01-01T00:00:00.000Z",
        limit=100,
    )
    assert len(events) == expected, f"{len(events)} events, expected {expected}"
    assert pages > 1, "several pages were followed"
    assert len({event.uuid for event in events}) == expected, "no event twice"
    assert all(event.event_type and event.published for event in events), "events parsed"


async def main():
    url, client_id, dpop_client_id, key_file, users, events = sys.argv[1:7]
    okta = client(url, client_id, key_file)
    okta_dpop = client(url, dpop_client_id, key_file, dpop=True)
    tests = [
        (test_lists_all_users, okta, int(users)),
        (test_lists_all_log_events, okta, int(events)),
        (test_lists_all_users, okta_dpop, int(users)),
    ]
    passed = failed = 0
    for test, okta_client, expected in tests:
        name = test.__name__ + (" (DPoP)" if okta_client is okta_dpop else "")
        try:
            await test(okta_client, expected)
            passed += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"python: {passed} passed, {failed} failed")
    return failed


if __name__ == "__main__":
    sys.exit(1 if asyncio.run(main()) else 0)
