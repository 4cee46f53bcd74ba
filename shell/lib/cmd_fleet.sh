# shellcheck shell=sh disable=SC2034,SC2154
# cmd_fleet.sh - placeholder
cmd_fleet() { die 3 "fleet: not built yet"; }
