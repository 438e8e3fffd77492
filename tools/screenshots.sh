#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Screenshots of QMT Scope in demo mode, for the README: starts a virtual X display (Xvfb), runs
# `qmtscope --demo --walkthrough` once per picture (the walkthrough opens slot 0, connects,
# subscribes and publishes, so the dashboard shows a connected slot and the messages that came
# back), waits until the app prints that the walkthrough has finished, and saves the screen.
#
#   tools/screenshots.sh [--build DIR] [--out DIR] [--size WxH]
#
# Defaults: --build build (what ./qmt run builds), --out docs/screenshots, --size 1280x800.
# Needs Xvfb and ImageMagick's import (Debian: xvfb imagemagick; ./qmt installs both). The app
# runs with its own empty settings and in English, whatever the user's settings say.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/docs/screenshots
size=1280x800
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--out DIR] [--size WxH]" >&2; exit 1 ;;
    esac
done
app=$build/app/qmtscope
[ -x "$app" ] || { echo "screenshots: $app not found; build first (./qmt run, or cmake --build $build)" >&2; exit 1; }
for tool in Xvfb import; do
    command -v $tool >/dev/null || { echo "screenshots: $tool not found (apt-get install xvfb imagemagick)" >&2; exit 1; }
done
mkdir -p "$out"

work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A display number nobody uses, chosen by Xvfb itself.
Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "screenshots: Xvfb did not start:" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '\n' <"$work/display")"
export XDG_CONFIG_HOME=$work/config
unset QT_QPA_PLATFORM WAYLAND_DISPLAY

# shot <file> <qmtscope options...>
shot() {
    local file=$1
    shift
    : >"$work/app.log"
    "$app" --demo --walkthrough --lang en -geometry "${size}+0+0" "$@" >"$work/app.log" 2>&1 &
    app_pid=$!
    local waited=0
    until grep -q "script finished" "$work/app.log"; do
        if ! kill -0 "$app_pid" 2>/dev/null || [ $waited -ge 600 ]; then
            echo "screenshots: the walkthrough did not finish:" >&2
            cat "$work/app.log" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    grep -q "script finished, 0 failed" "$work/app.log" || { echo "screenshots: the walkthrough failed:" >&2; cat "$work/app.log" >&2; exit 1; }
    # The last message comes back through the broker after the last command has finished; let it
    # arrive and the window repaint.
    sleep 1.5
    import -window root -strip "$out/$file"
    # Keep the README light: above 300 KB, 256 colours (no dithering) look the same.
    if [ "$(stat -c %s "$out/$file")" -gt 307200 ]; then
        convert "$out/$file" -dither None -colors 256 "PNG8:$out/$file"
    fi
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    echo "screenshots: $out/$file ($(du -k "$out/$file" | cut -f1) KB)"
}

shot main-window.png --panel console
shot traffic.png --panel traffic
shot forms.png --panel forms
