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
sim() { curl -sf -X POST -H 'content-type: application/json' -d "$2" "$SIM$1" >/dev/null; }

T -f /dev/null new-session -d -s app -x $COLS -y $ROWS \
  "env LANG=C.UTF-8 TERM=tmux-256color ESCDELAY=25 NO_COLOR= $BIN demo --simulator-port $PORT"
wait_for "Members 41"
keys j j j j j; shot members "scimify demo — Members"
keys / jane.smith Enter; wait_for "⚠ ci-deploy"; shot member-detail "Member detail: workspaces with roles, the API keys she created"
keys D; wait_for "Remove and deactivate keys (d)"; shot remove-keys "Remove: name the keys that outlive the removal; Cancel is the default"
keys Escape Escape 7; wait_for "old-pipeline"; keys j j j j; shot keys "Keys: who made each key; an active key of someone who left, flagged"
keys Escape 1
keys 2; wait_for "EXPIRES"; keys j j j j j j j; shot invites "Invites: expiring within 72 hours and expired, in words"
keys / new.hire1 Enter e; wait_for "Role of new.hire1"; keys j; shot edit-role "Edit role of a pending invite: cancel and re-invite"
keys Escape Escape 1
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
keys Escape
keys 5; wait_for "GO"; shot readiness "Readiness: GO / NO-GO before switching Okta on"
keys 1 j D; wait_for "Confirm (destructive)"; shot remove-dialog "Remove: Cancel is the default"
keys Escape '?'; wait_for "Keys: Members"; shot help "Help, generated from the keymap"
keys Escape 2 / new.hire Enter '*' Escape / soon.expiring Enter '*' Escape X; wait_for "Cancel invites: 4 pending invites?"
shot bulk-confirm "Bulk: four marked invites from two filters, one confirmation"
keys y; wait_for "Cancel invites: results"; shot bulk-results "Bulk: the result list, with request-ids and the batch id"
keys Escape q
