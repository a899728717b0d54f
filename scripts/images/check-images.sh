#!/usr/bin/env bash
# `npm run test:images`: builds both images with podman against a locally made
# Node base (Docker Hub is not needed) and inspects them. Skipped, visibly, where
# podman is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v podman >/dev/null 2>&1; then
  echo "SKIP: podman is not installed (apt-get install podman): the image build check did not run."
  exit 0
fi
BASE=localhost/todo-node-base:20
bash scripts/images/make-local-base.sh "$BASE"
NODE_IMAGE="$BASE" IMAGE_TAG=check CONTAINER_CLI=podman bash scripts/images/build-images.sh
node scripts/images/inspect-images.mjs "$BASE" localhost/todo-backend:check localhost/todo-frontend:check
