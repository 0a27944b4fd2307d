#!/usr/bin/env bash
# Runs the smoke test of dist/nianbao inside a root file system made by make_rootfs.sh (as root):
# the checkout is mounted read-only at its own path inside, with /proc and /dev (the batch's process
# pool needs /dev/shm), and `dev.py smoke --line glibc228 --root DIR` runs each step with chroot,
# offline. The glibc check of the line reads the build from outside.
#
#   bash tools/glibc228/smoke_in_rootfs.sh [DIR]      # default /srv/nianbao-buster
set -euo pipefail
DIR=$(cd "${1:-/srv/nianbao-buster}" && pwd)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$REPO/dist/nianbao/nianbao" ] || { echo "no build: run python3 dev.py build --line glibc228 first" >&2; exit 1; }

mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[i]}" || true; done
}
trap cleanup EXIT
mkdir -p "$DIR$REPO"
mount --bind "$REPO" "$DIR$REPO" && mounted+=("$DIR$REPO")
mount -o remount,bind,ro "$DIR$REPO"
mount -t proc proc "$DIR/proc" && mounted+=("$DIR/proc")
mount --rbind /dev "$DIR/dev" && mount --make-rslave "$DIR/dev" && mounted+=("$DIR/dev")

python3 "$REPO/dev.py" smoke --line glibc228 --root "$DIR"
