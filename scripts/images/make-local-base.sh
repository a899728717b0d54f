#!/usr/bin/env bash
# Makes a minimal Node.js base image from this machine's own Node (no registry
# needed): node, npm, a shell and the libraries they load, CA certificates, and a
# `node` user with uid 1000 as in node:20-alpine. Imported with `podman import`.
# Used where Docker Hub cannot be reached, e.g. by check-images.sh in CI.
set -euo pipefail

IMAGE="${1:-localhost/todo-node-base:20}"
PODMAN=(podman ${PODMAN_STORAGE:+--storage-driver "$PODMAN_STORAGE"})

if "${PODMAN[@]}" image exists "$IMAGE"; then
  echo "base image $IMAGE exists"
  exit 0
fi

NODE_BIN="$(readlink -f "$(command -v node)")"
NPM_DIR="$(dirname "$NODE_BIN")/../lib/node_modules/npm"
[ -d "$NPM_DIR" ] || NPM_DIR="$(npm root -g)/npm"
ROOTFS="$(mktemp -d)"
trap 'rm -rf "$ROOTFS"' EXIT

copy_with_libs() {
  for bin in "$@"; do
    mkdir -p "$ROOTFS$(dirname "$bin")"
    cp -L "$bin" "$ROOTFS$bin"
    ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do
      mkdir -p "$ROOTFS$(dirname "$lib")"
      cp -L "$lib" "$ROOTFS$lib"
    done
  done
}

copy_with_libs "$NODE_BIN" /bin/dash /usr/bin/env /usr/bin/find /bin/rm /bin/mkdir /bin/cp /bin/ls
[ "$NODE_BIN" = /usr/bin/node ] || { mkdir -p "$ROOTFS/usr/bin"; ln -s "$NODE_BIN" "$ROOTFS/usr/bin/node"; }
ln -s dash "$ROOTFS/bin/sh"
mkdir -p "$ROOTFS/usr/lib/node_modules" "$ROOTFS/usr/local/bin" "$ROOTFS/etc/ssl/certs" "$ROOTFS/tmp" "$ROOTFS/home/node"
cp -r "$NPM_DIR" "$ROOTFS/usr/lib/node_modules/npm"
ln -s ../../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -s ../../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
cp -L /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/"
chmod 1777 "$ROOTFS/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$ROOTFS/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$ROOTFS/etc/group"
chown 1000:1000 "$ROOTFS/home/node"

tar -C "$ROOTFS" -c . | "${PODMAN[@]}" import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "base image $IMAGE made from $("$NODE_BIN" --version) ($(du -sh "$ROOTFS" | cut -f1))"
