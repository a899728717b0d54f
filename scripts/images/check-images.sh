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
IMAGES=("localhost/todo-backend:$TAG" "localhost/todo-frontend:$TAG")
LOG="$(mktemp)"
# The checked images stay, tagged todo-NAME:inputs-HASH (scripts/images/build-inputs.sh),
# for test:rehearsal to reuse; their layers serve later builds of this tree as cache.
# All of it goes when the next run of this check ends.
KEPT=.tools/images/check-images.kept
cleanup() {
  local built
  built="$(
    grep -oE '^--> [0-9a-f]{9,}' "$LOG" | cut -c5- || true
    podman image inspect --format '{{.Id}}' "${IMAGES[@]}" 2>/dev/null || true
  )"
  for image in "${IMAGES[@]}"; do podman untag "$image" "$image" >/dev/null 2>&1 || true; done
  if [ -f "$KEPT" ]; then
    while read -r id; do podman rmi "$id" >/dev/null 2>&1 || true; done <"$KEPT"
  fi
  mkdir -p "$(dirname "$KEPT")"
  # Newest first, so images go before the layers under them.
  printf '%s\n' "$built" | grep . | tac >"$KEPT" || true
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
node scripts/images/inspect-images.mjs "$BASE" "${IMAGES[@]}"
for name in backend frontend; do
  inputs="$(bash scripts/images/build-inputs.sh "$name" "$BASE")"
  podman tag "localhost/todo-$name:$TAG" "localhost/todo-$name:inputs-$inputs"
done
