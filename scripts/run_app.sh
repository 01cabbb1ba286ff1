#!/usr/bin/env bash
# Install (first time) and start the app with the bundled sample loaded.
#
#   bash scripts/run_app.sh                 # this computer only: http://127.0.0.1:8501
#   bash scripts/run_app.sh --workshop [--room CODE] [--port 8501] [--address 0.0.0.0]
#
# --workshop serves the room: binds every network interface (or --address), prints the join address for the
# participants' laptops and the room code (a random 6-digit one unless --room gives it), and the app asks every
# new session for that code before it shows any page; the sidebar shows the address and a QR code to project.
# Limits (environment, see ui/workshop.py): CVD_MAX_SESSIONS (40), CVD_MAX_UPLOAD_MB (200),
# CVD_SESSION_MEMORY_MB (2048), CVD_IDLE_MINUTES (60: an idle tab's upload is released). Any other argument is passed to `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
workshop=0 room="" address="" port="${PORT:-8501}" rest=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workshop) workshop=1; shift ;;
    --room) room="$2"; shift 2 ;;
    --address) address="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
bash scripts/setup_env.sh requirements.txt
if [[ $workshop -eq 0 ]]; then
  exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 --server.port "$port" \
    --server.headless true --browser.gatherUsageStats false "${rest[@]}"
fi
address="${address:-0.0.0.0}"
room="${room:-$(.venv/bin/python -c 'import secrets; print(f"{secrets.randbelow(10**6):06d}")')}"
# the address other machines reach this one at: the interface of the default route (nothing is sent)
lan_ip="$(.venv/bin/python - <<'EOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.connect(("10.255.255.255", 1))  # a UDP "connect" only picks the route; no packet leaves
    print(s.getsockname()[0])
except OSError:
    print("127.0.0.1")
finally:
    s.close()
EOF
)"
[[ "$address" != "0.0.0.0" ]] && lan_ip="$address"
export CVD_ROOM_CODE="$room" CVD_JOIN_URL="http://${lan_ip}:${port}"
echo "Workshop mode. Participants open:  ${CVD_JOIN_URL}"
echo "Room code:                         ${CVD_ROOM_CODE}"
echo "(limits: ${CVD_MAX_SESSIONS:-40} sessions, uploads up to ${CVD_MAX_UPLOAD_MB:-200} MB, ${CVD_SESSION_MEMORY_MB:-2048} MB per session, an idle upload released after ${CVD_IDLE_MINUTES:-60} min)"
exec .venv/bin/python -m streamlit run app.py --server.address "$address" --server.port "$port" \
  --server.headless true --browser.gatherUsageStats false --server.maxUploadSize "${CVD_MAX_UPLOAD_MB:-200}" \
  "${rest[@]}"
