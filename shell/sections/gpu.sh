# shellcheck shell=sh disable=SC2034,SC2154
# (SC2034/SC2154: globals are shared between the files sourced by signoff.)
# gpu.sh - the optional NVIDIA GPU.

# check_gpu MIN_MIB: an NVIDIA GPU with at least MIN_MIB MiB of memory, as
# `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits`
# reports it.  The GPU is optional: no nvidia-smi or no device is a skip
# with the reason, a smaller GPU a warning; this check never fails.
check_gpu() {
	{ [ "$#" = 1 ] && is_uint "$1"; } || { ck_badarg "expected MIN_MIB"; return; }
	uint_norm "$1"
	gp_min=$UINT
	command -v nvidia-smi >/dev/null 2>&1 || {
		rec skip nvidia-smi "nvidia-smi not found on PATH: no NVIDIA driver here, and the GPU is optional" "missing_tool=nvidia-smi"
		return
	}
	gp_rc=0
	gp_out=$(nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits 2>&1) || gp_rc=$?
	ck_first_line "$gp_out"
	if [ "$gp_rc" != 0 ]; then
		rec skip nvidia-smi "no usable NVIDIA GPU: nvidia-smi exited with status $gp_rc: $FIRST" "exit_status=$gp_rc"
		return
	fi
	gp_best=0 gp_name='' gp_n=0 gp_all=''
	while IFS= read -r gp_l; do
		[ -n "$gp_l" ] || continue
		gp_mem=${gp_l##*,}
		gp_mem=${gp_mem# }
		gp_nm=${gp_l%,*}
		is_uint "$gp_mem" || continue
		gp_n=$((gp_n + 1))
		gp_all="${gp_all:+$gp_all; }$gp_nm ($gp_mem MiB)"
		if [ "$gp_mem" -gt "$gp_best" ]; then
			gp_best=$gp_mem gp_name=$gp_nm
		fi
	done <<EOT
$gp_out
EOT
	if [ "$gp_n" = 0 ]; then
		rec skip nvidia-smi "nvidia-smi lists no GPU: $FIRST" "output=$FIRST"
	elif [ "$gp_best" -ge "$gp_min" ]; then
		rec pass "$gp_name" "$gp_n NVIDIA GPU(s): $gp_all; the largest has $gp_best MiB, at least $gp_min MiB recommended" \
			"gpus=$gp_n" "memory_mib=$gp_best" "recommended_mib=$gp_min"
	else
		rec warn "$gp_name" "$gp_n NVIDIA GPU(s): $gp_all; the largest has $gp_best MiB, less than the $gp_min MiB recommended (models will run on the CPU or not at all)" \
			"gpus=$gp_n" "memory_mib=$gp_best" "recommended_mib=$gp_min"
	fi
}
