#!/bin/sh
# gen.sh DIR [SEED] - builds the labelled tree of the credential-scanner
# quality test in DIR/tree and its labels in DIR/labels.tsv
# ("PATH<TAB>LINE<TAB>FAMILY", PATH relative to DIR/tree).
#
# The text files come from tree.tsv through gen.awk (secrets random at each
# seed, decoys of every kind the rules must reject); this script adds what
# awk cannot write well: binaries holding a token (skipped, so never a
# finding), an archive, and a symlink loop (a scanner must not follow it
# forever).  POSIX sh and awk only: no python on a fresh Debian.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?usage: gen.sh DIR [SEED]}
seed=${2:-1}
rm -rf "$dir/tree"
mkdir -p "$dir/tree"
# Directories first: awk only writes files.
awk -F '\t' '!/^#/ && NF >= 3 { print $1 }' "$here/tree.tsv" | sort -u |
while IFS= read -r f; do
	case $f in */*) mkdir -p "$dir/tree/${f%/*}" ;; esac
done
awk -v out="$dir/tree" -v labels="$dir/labels.tsv" -v seed="$seed" \
	-f "$here/gen.awk" "$here/tree.tsv"
# Binaries: a NUL byte in the first block, then a token-shaped string.
mkdir -p "$dir/tree/bin" "$dir/tree/assets" "$dir/tree/loop/inner"
printf '\177ELF\002\001\001\000\000\000ghp_%s\000' \
	"$(awk -v s="$seed" 'BEGIN{srand(s+7);for(i=0;i<36;i++)printf "%c",65+int(rand()*26)}')" \
	>"$dir/tree/bin/tool"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR password = "%s"' "Zq8vR2pL6xT4wN9k" \
	>"$dir/tree/assets/logo.png"
# An archive (out of scope: counted as skipped, never a finding).
printf 'PK\003\004\024\000\000\000\010\000token=ghp_notscanned\000' >"$dir/tree/assets/bundle.zip"
# A symlink loop and a link that leaves the tree.
ln -s .. "$dir/tree/loop/inner/up"
ln -s inner "$dir/tree/loop/again"
ln -s /etc "$dir/tree/loop/outside"
printf 'nothing here\n' >"$dir/tree/loop/inner/notes.txt"
