# Sourced by run_under_qemu.sh and build_under_qemu.sh: debootstrap and qemu-user for aarch64 binaries,
# installed if missing, with the kernel's binfmt_misc handing aarch64 programs to qemu (as root).
missing=()
command -v debootstrap > /dev/null || missing+=(debootstrap)
[ -e /usr/libexec/qemu-binfmt/aarch64-binfmt-P ] || missing+=(qemu-user-static binfmt-support)
[ "${#missing[@]}" -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
[ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
update-binfmts --enable qemu-aarch64 > /dev/null 2>&1 || true
