#!/usr/bin/env bash
# Prints a hash of everything a podman build of one image reads: the base image's ID,
# the Dockerfile and its ignore file, and the context files the ignore file lets in
# (its `!` lines; node_modules and .next are never sent). check-images.sh tags the
# images it checked todo-NAME:inputs-HASH, and test:rehearsal reuses an image so
# tagged instead of building it again.
#   build-inputs.sh NAME BASE_IMAGE      NAME: backend or frontend
set -euo pipefail
cd "$(dirname "$0")/../.."
name="$1"
base="$2"
ignore="docker/$name/Dockerfile.dockerignore"
{
  podman image inspect --format '{{.Id}}' "$base"
  sha256sum "docker/$name/Dockerfile" "$ignore"
  sed -n 's|^!||p' "$ignore" | while read -r path; do
    [ -e "$path" ] || continue
    find "$path" -type f -not -path '*/node_modules/*' -not -path '*/.next/*' -print0 | sort -z | xargs -0 -r sha256sum
  done
} | sha256sum | cut -c1-16
