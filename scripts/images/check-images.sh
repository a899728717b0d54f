#!/usr/bin/env bash
# `npm run test:images`: builds both images from scratch with podman against a
# locally made Node base (Docker Hub is not needed), fails on any EBADENGINE
# warning in the build log (a dependency that does not support the image's Node),
# and inspects them. Skipped, visibly, where podman is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v podman >/dev/null 2>&1; then
  echo "SKIP: podman is not installed (apt-get install podman): the image build check did not run."
  exit 0
fi
BASE="$(bash scripts/images/make-local-base.sh)"
# A tag of this run only: other checkouts on the machine share podman's image store.
TAG="check-$$-$RANDOM"
LOG="$(mktemp)"
# The build's layers stay as the cache of later builds of this tree (such as the
# rehearsal's); the previous run's are removed, so repeated runs do not pile up.
LAYERS=.tools/images/check-images.layers
cleanup() {
  podman rmi "localhost/todo-backend:$TAG" "localhost/todo-frontend:$TAG" >/dev/null 2>&1 || true
  if [ -f "$LAYERS" ]; then
    while read -r id; do podman rmi "$id" >/dev/null 2>&1 || true; done <"$LAYERS"
  fi
  mkdir -p "$(dirname "$LAYERS")"
  grep -oE '^--> [0-9a-f]{9,}' "$LOG" | cut -c5- | tac >"$LAYERS" || true
  rm -f "$LOG"
}
trap cleanup EXIT

# From scratch, so every `npm ci` runs and its warnings are in the log.
NODE_IMAGE="$BASE" IMAGE_TAG="$TAG" CONTAINER_CLI=podman NO_CACHE=1 bash scripts/images/build-images.sh 2>&1 |
  tee "$LOG"
if grep -q EBADENGINE "$LOG"; then
  echo "image check failed: npm reported dependencies that do not support the image's Node.js ($BASE):" >&2
  grep EBADENGINE "$LOG" >&2
  exit 1
fi
echo "build log: no EBADENGINE warnings"
node scripts/images/inspect-images.mjs "$BASE" "localhost/todo-backend:$TAG" "localhost/todo-frontend:$TAG"
