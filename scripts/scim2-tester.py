#!/usr/bin/env python3
"""Runs python-scim's scim2-tester (https://github.com/python-scim/scim2-tester) against a Scimify SCIM base URL.

Usage: scim2-tester.py BASE_URL TOKEN   (for example the URL and token `scimify demo --headless` prints)
Needs `pip install scim2-tester httpx2` (a virtualenv is fine). Prints one line per check and exits 1 when a
check failed. The bearer token is sent, never printed.
"""
import sys

import httpx2 as httpx
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    base_url, token = sys.argv[1].rstrip("/"), sys.argv[2]
    http = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    client = SyncSCIMClient(http)
    client.discover()
    results = check_server(client)
    failed = 0
    for result in results:
        name = getattr(result, "title", None) or getattr(result, "check_name", None) or "check"
        status = result.status.name if hasattr(result.status, "name") else str(result.status)
        reason = getattr(result, "reason", "") or ""
        print(f"{status:8} {name}: {reason}".rstrip())
        if result.status == Status.ERROR:
            failed += 1
    print(f"{len(results)} checks, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
