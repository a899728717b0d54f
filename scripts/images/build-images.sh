#!/usr/bin/env bash
# `npm run images`: builds todo-backend:VERSION and todo-frontend:VERSION (the
# version in package.json, which is the chart's appVersion, so the names are the
# ones the chart runs) from the repository root, with docker when its engine
# answers, else podman.
#   NODE_IMAGE=...      base image for both (default node:24-alpine)
#   IMAGE_TAG=...       tag (default: the version in package.json)
#   CONTAINER_CLI=...   force docker or podman
#   NO_CACHE=1          build every step again (no layer cache)
set -euo pipefail
cd "$(dirname "$0")/../.."

TAG="${IMAGE_TAG:-$(node -p "require('./package.json').version")}"
if [ -n "${CONTAINER_CLI:-}" ]; then CLI="$CONTAINER_CLI"
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then CLI=docker
elif command -v podman >/dev/null 2>&1; then CLI=podman
else
  echo "images: neither a running docker engine nor podman was found; install one (docker: https://docs.docker.com/engine/install/, Debian: apt-get install podman)" >&2
  exit 1
fi

build() {
  local name="$1"
  local global=()
  [ "$CLI" = podman ] && global=(--cgroup-manager cgroupfs)
  local args=(build -f "docker/$name/Dockerfile" -t "todo-$name:$TAG")
  [ -n "${NODE_IMAGE:-}" ] && args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
  [ -n "${NO_CACHE:-}" ] && args+=(--no-cache)
  if [ "$CLI" = podman ]; then
    # Docker picks up Dockerfile.dockerignore by itself; podman is told. Docker format keeps HEALTHCHECK.
    args+=(--ignorefile "docker/$name/Dockerfile.dockerignore" --format docker --isolation chroot)
  fi
  local started=$SECONDS
  echo "images: building todo-$name:$TAG with $CLI"
  "$CLI" "${global[@]}" "${args[@]}" .
  echo "images: todo-$name:$TAG built in $((SECONDS - started)) s"
}

for name in ${IMAGES:-backend frontend}; do build "$name"; done
