# shellcheck shell=sh disable=SC2034,SC2154
# waivers.sh - placeholder, filled below
