#!/bin/sh
# Builds a container's root filesystem the way a runtime does, inside the container's
# own mount and PID namespaces (so every mount here disappears with its last
# process), then becomes the container process through exec-as.pl.
#   RH_IMAGE_ROOT   the image's root filesystem (`podman image mount`)
#   RH_SCRATCH      an empty directory for this container's writable layer
#   RH_HOSTNAME     the pod name, which is the container's host name
#   RH_READONLY     1: the root filesystem is mounted read-only (readOnlyRootFilesystem)
#   RH_MOUNTS       one volume mount a line: KIND<TAB>SOURCE<TAB>TARGET<TAB>OPTIONS, parents first;
#                   KIND tmpfs (SOURCE: its mount options) or bind (SOURCE: a host path; OPTIONS ro or rw)
#   RH_NO_NEW_PRIVS 1: allowPrivilegeEscalation is false
#   RH_GROUPS       the supplementary groups, comma-separated (fsGroup, supplementalGroups), or empty
#   $@              exec-as.pl arguments: WORKDIR UID GID -- COMMAND [ARG...]
set -eu
root="$RH_SCRATCH/root"
mount -t tmpfs -o mode=0755 rehearsal-layer "$RH_SCRATCH"
mkdir "$RH_SCRATCH/upper" "$RH_SCRATCH/work" "$root"
mount -t overlay -o "lowerdir=$RH_IMAGE_ROOT,upperdir=$RH_SCRATCH/upper,workdir=$RH_SCRATCH/work" \
  rehearsal-root "$root"

printf '%s' "$RH_HOSTNAME" >/proc/sys/kernel/hostname

# What every container gets: its own /proc, a minimal /dev, a read-only /sys.
mkdir -p "$root/proc" "$root/dev" "$root/sys"
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
mount -t tmpfs -o nosuid,mode=0755 dev "$root/dev"
for node in null zero full random urandom tty; do
  touch "$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
mkdir "$root/dev/shm"
mount -t tmpfs -o nosuid,nodev,noexec,mode=1777 shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"

# The pod's volumes; a missing mount point is made in the writable layer, as runtimes do.
tab="$(printf '\t')"
printf '%s\n' "$RH_MOUNTS" | while IFS="$tab" read -r kind source target options; do
  [ -n "$kind" ] || continue
  case "$kind" in
    tmpfs)
      mkdir -p "$root$target"
      mount -t tmpfs -o "$source" volume "$root$target"
      ;;
    bind)
      if [ -d "$source" ]; then mkdir -p "$root$target"; else
        mkdir -p "$(dirname "$root$target")"
        touch "$root$target"
      fi
      mount --bind "$source" "$root$target"
      if [ "$options" = ro ]; then mount -o remount,bind,ro "$root$target"; fi
      ;;
    *)
      echo "setup-root: unknown mount kind $kind" >&2
      exit 1
      ;;
  esac
done

if [ "$RH_READONLY" = 1 ]; then mount -o remount,bind,ro "$root"; fi
privileges="--clear-groups"
[ -z "$RH_GROUPS" ] || privileges="--groups=$RH_GROUPS"
[ "$RH_NO_NEW_PRIVS" != 1 ] || privileges="$privileges --no-new-privs"
# shellcheck disable=SC2086 # two words on purpose
exec setpriv $privileges perl "$(dirname "$0")/exec-as.pl" "$root" "$@"
