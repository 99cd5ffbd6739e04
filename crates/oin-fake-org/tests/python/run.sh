#!/usr/bin/env bash
# Okta's own Python SDK (okta 3.4.x, PrivateKey mode) against the fake org: starts the org
# with a private_key_jwt integration whose public key is a TEST-ONLY fixture key, lists all
# users and all log events through the SDK, then checks that the org verified the SDK's
# client assertions. Idempotent; needs only the package registries. Last line: `N passed, M failed`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/fake-org-python/venv
keys=$root/fixtures/keys
users=57
events=430
passed=0
failed=0

check() { # name, condition (as a command)
  if "${@:2}"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import okta' 2>/dev/null; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'okta==3.4.6'

(cd "$root" && cargo build --quiet -p oin-fake-org --example sdk_org)
server=$target/debug/examples/sdk_org

coproc ORG { "$server" "$keys/fake-org-test-rsa-1.jwk.json" "okta.users.read okta.logs.read" "$users" "$events"; }
org_pid=$ORG_PID
trap 'kill "$org_pid" 2>/dev/null || true' EXIT
read -r -t 60 started <&"${ORG[0]}"
url=$(printf '%s' "$started" | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["url"])')
client_id=$(printf '%s' "$started" | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["client_id"])')
dpop_client_id=$(printf '%s' "$started" | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["dpop_client_id"])')
echo "fake org at $url, clients $client_id and $dpop_client_id (DPoP)"

set +e
"$venv/bin/python" "$here/test_sdk.py" "$url" "$client_id" "$dpop_client_id" "$keys/fake-org-test-rsa-1.pem" "$users" "$events" | tee "$target/fake-org-python/sdk.log"
set -e
sdk_counts=$(sed -n 's/^python: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$target/fake-org-python/sdk.log")
if [ -n "$sdk_counts" ]; then
  passed=$((passed + ${sdk_counts% *}))
  failed=$((failed + ${sdk_counts#* }))
else
  failed=$((failed + 1)); echo "FAIL the SDK tests ran"
fi

eval "exec ${ORG[1]}>&-" # closing the org's standard input stops it
read -r -t 60 summary <&"${ORG[0]}"
echo "the org saw: $summary"
field() { printf '%s' "$summary" | "$venv/bin/python" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
for client in plain dpop; do
  verified=$(field "['clients']['$client']['verified_assertions']")
  requests=$(field "['clients']['$client']['token_requests']")
  check "the org verified the $client client's assertion signatures" test "$verified" -ge 1
  check "every token request of the $client client carried a verified assertion" test "$verified" -eq "$requests"
done
check "the DPoP client's calls were authorized with DPoP-bound tokens and proofs" test "$(field "['dpop_calls']")" -ge 1
wait "$org_pid" 2>/dev/null || true
trap - EXIT

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
