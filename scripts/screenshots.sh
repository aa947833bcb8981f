#!/usr/bin/env bash
# Screenshots of the real console on `scimify demo`, driven through tmux and rendered to PNG with Pillow.
# Needs: tmux python3-pil fonts-dejavu-core fonts-wqy-zenhei fonts-noto-color-emoji (Debian), curl.
# Usage: scripts/screenshots.sh  (run from the repository root; builds first)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product scimify >/dev/null
BIN=${BIN:-.build/debug/scimify}; OUT=screenshots; COLS=120; ROWS=30; mkdir -p "$OUT"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SIM="http://127.0.0.1:$PORT"
SOCK="shots-$$"; T() { tmux -L "$SOCK" "$@"; }; trap 'T kill-server 2>/dev/null || true' EXIT
wait_for() { local end=$((SECONDS + 20)); until T capture-pane -p -t app | grep -qF -- "$1"; do
  (( SECONDS < end )) || { echo "timeout waiting for: $1" >&2; T capture-pane -p -t app >&2; exit 1; }; sleep 0.1; done; }
shot() { sleep 0.4; T capture-pane -e -p -t app > "$OUT/$1.ans"
  /usr/bin/python3 scripts/ansi2png.py "$OUT/$1.ans" "$OUT/$1.png" $COLS $ROWS "$2"; rm "$OUT/$1.ans"; echo "$OUT/$1.png"; }
keys() { T send-keys -t app "$@"; }
# A cancelled dialog leaves "cancelled; nothing changed" in the status line for 5 s: wait it out before a shot.
settle() { sleep 5.3; }
sim() { curl -sf -X POST -H 'content-type: application/json' -d "$2" "$SIM$1" >/dev/null; }

T -f /dev/null new-session -d -s app -x $COLS -y $ROWS \
  "env LANG=C.UTF-8 TERM=tmux-256color ESCDELAY=25 NO_COLOR= $BIN demo --simulator-port $PORT"
wait_for "Members 41"
keys j j j j j; shot members "scimify demo — Members"
keys / jane.smith Enter; wait_for "⚠ ci-deploy"; shot member-detail "Member detail: workspaces with roles, the API keys she created"
keys D; wait_for "Remove and deactivate keys (d)"; shot remove-keys "Remove: name the keys that outlive the removal; Cancel is the default"
keys Escape Escape; settle; keys 7; wait_for "old-pipeline"; keys j j j j; shot keys "Keys: who made each key; an active key of someone who left, flagged"
keys Escape 1
keys 2; wait_for "EXPIRES"; keys j j j j j j j; shot invites "Invites: expiring within 72 hours and expired, in words"
keys / new.hire1 Enter e; wait_for "Role of new.hire1"; keys j; shot edit-role "Edit role of a pending invite: cancel and re-invite"
keys Escape Escape 1; settle
sim /_sim/members '{"email":"new.person@acme.example","name":"New Person","role":"developer"}'
sim /_sim/holds '[{"route":"GET /v1/organizations/users","moment":"before","milliseconds":4000}]'
keys U; wait_for "Listing members and invites"; sleep 1; shot refresh-progress "Refresh users: progress"
wait_for "Import this into the local copy?"; shot refresh-confirm "Refresh users: the diff before importing"
keys y
wait_for "Refresh users: what changed"; shot refresh-diff "Refresh users: the diff"
keys Escape
sim /_sim/holds '[]'
keys 3; wait_for "held removal"; shot problems "Problems: a held removal and a failed push, with cause and remedy"
keys a; wait_for "Approve the removal of"; shot approve-held "Approve a removal the guard held: Cancel is the default"
keys Escape; settle
keys 5; wait_for "GO"; shot readiness "Readiness: GO / NO-GO before switching Okta on"
keys 1 j D; wait_for "Confirm (destructive)"; shot remove-dialog "Remove: Cancel is the default"
keys Escape; settle; keys '?'; wait_for "Keys: Members"; shot help "Help, generated from the keymap"
keys Escape 2 / new.hire Enter '*' Escape / soon.expiring Enter '*' Escape X; wait_for "Cancel invites: 4 pending invites?"
shot bulk-confirm "Bulk: four marked invites from two filters, one confirmation"
keys y; wait_for "Cancel invites: results"; shot bulk-results "Bulk: the result list, with request-ids and the batch id"
keys Escape q
sleep 1; T kill-server 2>/dev/null || true

# At 80x24: the help wraps and scrolls; a problem's cause and remedy wrap in the detail pane (J scrolls it).
COLS=80; ROWS=24; PORT2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
T -f /dev/null new-session -d -s app -x $COLS -y $ROWS \
  "env LANG=C.UTF-8 TERM=tmux-256color ESCDELAY=25 NO_COLOR= XDG_STATE_HOME=$(mktemp -d) $BIN demo --simulator-port $PORT2"
wait_for "41 members"
keys '?'; wait_for "PgUp PgDn scroll"; keys j j j; shot help-80x24 "Help at 80x24: it wraps and scrolls (j k PgUp PgDn)"
keys Escape 3; wait_for "held removal"; shot problem-detail "A problem's cause and remedy, wrapped; J/K scroll the pane"
keys Escape q
sleep 1; T kill-server 2>/dev/null || true

# The operator's config file in use: a rebound help key, a magenta accent, a red header for this instance.
COLS=120; ROWS=30; CONF=$(mktemp -d); mkdir -p "$CONF/scimify"
printf '[keys]\nhelp = "H"\nedit_role = "E"\n\n[colors]\naccent = "magenta"\n\n[instances.acme-demo]\nheader_color = "red"\nread_only = true\n' > "$CONF/scimify/config.toml"
PORT3=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
T -f /dev/null new-session -d -s app -x $COLS -y $ROWS \
  "env LANG=C.UTF-8 TERM=tmux-256color ESCDELAY=25 NO_COLOR= XDG_CONFIG_HOME=$CONF XDG_STATE_HOME=$(mktemp -d) $BIN demo --simulator-port $PORT3"
wait_for "Members 41"; keys j j; shot config "config.toml in use: H for help, E to edit, magenta accent, this instance red and read-only"
keys q
sleep 1; T kill-server 2>/dev/null || true

# What `instances add --idp okta` prints: the Okta form, field by field.
PORT4=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
STORE=$(mktemp -d); $BIN simulate --seed demo --port "$PORT4" >/dev/null 2>&1 & SIMPID=$!
end=$((SECONDS + 20)); until curl -sf "http://127.0.0.1:$PORT4/v1/organizations/me" -H 'x-api-key: sk-ant-admin01-simulator-local-only' -H 'anthropic-version: 2023-06-01' >/dev/null; do (( SECONDS < end )) || exit 1; sleep 0.2; done
{ echo "\$ scimify instances add --name \"Acme Prod\" --api-base-url https://api.anthropic.com --idp okta --public-base-url https://bridge.example.com"
  ANTHROPIC_ADMIN_KEY=sk-ant-admin01-simulator-local-only $BIN instances add --name "Acme Prod" --api-base-url "http://127.0.0.1:$PORT4" \
    --idp okta --public-base-url https://bridge.example.com --db "$STORE/s.sqlite" 2>/dev/null | sed -E 's/scimify_[A-Za-z0-9_-]+/scimify_•••• (shown once)/'
} > "$OUT/instances-add-okta.ans"
kill $SIMPID
/usr/bin/python3 scripts/ansi2png.py "$OUT/instances-add-okta.ans" "$OUT/instances-add-okta.png" 170 28 "instances add --idp okta: the Okta SCIM form, field by field"
rm "$OUT/instances-add-okta.ans"; echo "$OUT/instances-add-okta.png"

# The Requests view: a store with an instance, `serve` logging, Okta-shaped requests (one with a bad body, one
# for no known instance), then the console on that store.
PORT5=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT6=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
STORE=$(mktemp -d); $BIN simulate --seed demo --port "$PORT5" >/dev/null 2>&1 & SIMPID=$!
end=$((SECONDS + 20)); until curl -sf "http://127.0.0.1:$PORT5/v1/organizations/me" -H 'x-api-key: sk-ant-admin01-simulator-local-only' -H 'anthropic-version: 2023-06-01' >/dev/null; do (( SECONDS < end )) || exit 1; sleep 0.2; done
TOKEN=$(ANTHROPIC_ADMIN_KEY=sk-ant-admin01-simulator-local-only $BIN instances add --name "Acme Prod" \
  --api-base-url "http://127.0.0.1:$PORT5" --db "$STORE/s.sqlite" --json 2>/dev/null \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["scim_token"])')
$BIN serve --db "$STORE/s.sqlite" --port "$PORT6" >/dev/null 2>&1 & SERVEPID=$!
BASE="http://127.0.0.1:$PORT6/instances/acme-prod/scim/v2"
end=$((SECONDS + 20)); until curl -sf "http://127.0.0.1:$PORT6/healthz" >/dev/null; do (( SECONDS < end )) || exit 1; sleep 0.2; done
scim() { curl -s -o /dev/null -X "$1" -H "authorization: Bearer $TOKEN" -H 'content-type: application/scim+json' \
  -H "x-request-id: $2" ${4:+-d "$4"} "$BASE$3"; }
ANA=$(curl -s -X POST -H "authorization: Bearer $TOKEN" -H 'content-type: application/scim+json' -H 'x-request-id: okta-create-1' \
  -d '{"userName":"ana.lima@acme.example","name":{"givenName":"Ana","familyName":"Lima"},"active":true,"claude_role":"developer"}' \
  "$BASE/Users" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
scim GET okta-get-2 '/Users?filter=userName%20eq%20%22ana.lima@acme.example%22'
scim POST okta-create-3 /Users '{"userName":"sam.berg@acme.example","active":true,"claude_role":"admin"}'
scim PATCH okta-bad-4 "/Users/$ANA" '{"Operations": 5}'
curl -s -o /dev/null -H "authorization: Bearer wrong" "http://127.0.0.1:$PORT6/instances/old-bridge/scim/v2/Users"
T -f /dev/null new-session -d -s app -x $COLS -y $ROWS \
  "env LANG=C.UTF-8 TERM=tmux-256color ESCDELAY=25 NO_COLOR= XDG_STATE_HOME=$(mktemp -d) $BIN console --db $STORE/s.sqlite"
wait_for "Members"; keys 8; wait_for "unknown instance"; keys j; wait_for "okta-bad-4"; shot requests "Requests: what the IdP sent and what serve answered, live; a 401 for no known instance"
keys q; sleep 1; T kill-server 2>/dev/null || true
kill $SERVEPID $SIMPID
