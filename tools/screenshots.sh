#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Screenshots of QMT Scope in demo mode, for the README: starts a virtual X display (Xvfb), runs
# `qmtscope --demo --walkthrough` once per picture (the walkthrough opens slot 0, connects,
# subscribes and publishes, so the dashboard shows a connected slot and the messages that came
# back), waits until the app prints that the walkthrough has finished, and saves the screen.
#
#   tools/screenshots.sh [--build DIR] [--out DIR] [--size WxH] [--only readme|guide]
#
# Defaults: --build build (what ./qmt run builds), --out docs/screenshots, --size 1280x800.
# The README's pictures go to the out folder; the user guide's (docs/user-guide*.md), one set per
# language, to <out>/guide/en and <out>/guide/zh_CN: the first start, a port refused for want of
# the dialout group (made for real: a device node the app runs without permission for, when this
# script runs as root), the dashboard, the forms, the TLS wizard, a sequence, a customer log, the
# demo's traffic and the end-to-end check in the Peer panel.
# Needs Xvfb and ImageMagick's import (Debian: xvfb imagemagick; ./qmt installs both). The app
# runs with its own empty settings and in English, whatever the user's settings say.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
out=$root/docs/screenshots
size=1280x800
only=all
while [ $# -gt 0 ]; do
    case "$1" in
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--out DIR] [--size WxH] [--only readme|guide]" >&2; exit 1 ;;
    esac
done
app=$build/app/qmtscope
[ -x "$app" ] || { echo "screenshots: $app not found; build first (./qmt run, or cmake --build $build)" >&2; exit 1; }
for tool in Xvfb import xdotool; do
    command -v $tool >/dev/null || { echo "screenshots: $tool not found (apt-get install xvfb imagemagick xdotool)" >&2; exit 1; }
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

# A display number nobody uses, chosen by Xvfb itself; -noreset: no server reset (and refused
# connections meanwhile) each time the last app closes.
Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { echo "screenshots: Xvfb did not start:" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(tr -d '\n' <"$work/display")"
export XDG_CONFIG_HOME=$work/config
unset QT_QPA_PLATFORM WAYLAND_DISPLAY

# save <file>: the screen, made light (above 300 KB, 256 colours without dithering look the same).
save() {
    local file=$1
    mkdir -p "$(dirname "$file")"
    import -window root -strip "$file"
    if [ "$(stat -c %s "$file")" -gt 307200 ]; then
        convert "$file" -dither None -colors 256 "PNG8:$file"
    fi
    echo "screenshots: $file ($(du -k "$file" | cut -f1) KB)"
}

# start <how> <qmtscope options...>: starts the app and waits until it is ready to be shown.
#   walkthrough: demo mode playing the walkthrough, until it has finished;
#   peer: the walkthrough, then the Peer panel's end-to-end check (--peer-check), until it has finished;
#   window: until its window is on the screen.
start() {
    local how=$1
    shift
    : >"$work/app.log"
    if [ "$how" = walkthrough ]; then
        "${runas[@]}" "$app" --demo --walkthrough -geometry "${size}+0+0" "$@" >"$work/app.log" 2>&1 &
    elif [ "$how" = peer ]; then
        "${runas[@]}" "$app" --demo --walkthrough --peer-check 20 -geometry "${size}+0+0" "$@" >"$work/app.log" 2>&1 &
    else
        "${runas[@]}" "$app" -geometry "${size}+0+0" "$@" >"$work/app.log" 2>&1 &
    fi
    app_pid=$!
    local waited=0
    while :; do
        if [ "$how" = walkthrough ]; then
            grep -q "script finished" "$work/app.log" && break
        elif [ "$how" = peer ]; then
            grep -q "end-to-end check finished" "$work/app.log" && break
        elif xdotool search --onlyvisible --name "QMT Scope" >/dev/null 2>&1; then
            break
        fi
        if ! kill -0 "$app_pid" 2>/dev/null || [ $waited -ge 900 ]; then
            echo "screenshots: the app did not get ready ($how):" >&2
            cat "$work/app.log" >&2
            exit 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    if [ "$how" = walkthrough ]; then
        grep -q "script finished, 0 failed" "$work/app.log" ||
            { echo "screenshots: the walkthrough failed:" >&2; cat "$work/app.log" >&2; exit 1; }
        # The last message comes back through the broker after the last command has finished.
        sleep 1.5
    elif [ "$how" = peer ]; then
        grep -q "end-to-end check finished, passed" "$work/app.log" ||
            { echo "screenshots: the end-to-end check failed:" >&2; cat "$work/app.log" >&2; exit 1; }
        sleep 1
    else
        sleep 1.5 # laid out and painted
    fi
}

# press <keys>: keys to the app's main window (there is no window manager to give it the focus).
press() {
    local win
    win=$(xdotool search --onlyvisible --name "QMT Scope" | head -1)
    xdotool windowfocus --sync "$win" key "$@"
    sleep 1.5
}

stop() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}

# shot <file> <how> <qmtscope options...>
shot() {
    local file=$1 how=$2
    shift 2
    start "$how" "$@"
    save "$file"
    stop
}

runas=()
if [ "$only" != guide ]; then
    shot "$out/main-window.png" walkthrough --lang en --panel console
    shot "$out/traffic.png" walkthrough --lang en --panel traffic
    shot "$out/forms.png" walkthrough --lang en --panel forms
fi
[ "$only" = readme ] && exit 0

# A serial device node this app may not open, as a user outside the dialout group meets it: made
# for real when we are root (mknod; nobody runs the app), skipped otherwise.
permission_node=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && getent group dialout >/dev/null &&
    mknod "$work/ttyUSB2" c 188 2 2>/dev/null; then
    chgrp dialout "$work/ttyUSB2" && chmod 660 "$work/ttyUSB2"
    mkdir -p "$work/nobody" && chmod 777 "$work" "$work/nobody"
    permission_node=$work/ttyUSB2
fi

for lang in en zh_CN; do
    dir=$out/guide/$lang
    shot "$dir/first-start.png" window --lang "$lang"
    if [ -n "$permission_node" ]; then
        runas=(env HOME="$work/nobody" XDG_CONFIG_HOME="$work/nobody/config" XDG_DATA_HOME="$work/nobody/data"
            setpriv --reuid 65534 --regid 65534 --clear-groups)
        start window --lang "$lang" --port "$permission_node"
        sleep 1 # the dialog comes after the window
        save "$dir/port-permission.png"
        stop
        runas=()
    fi
    shot "$dir/dashboard.png" walkthrough --lang "$lang" --panel console
    shot "$dir/forms.png" walkthrough --lang "$lang" --panel forms
    start walkthrough --lang "$lang" --panel console
    press ctrl+shift+t
    save "$dir/tls-wizard.png"
    stop
    # The seed's §5.1 session as a sequence, run against a fresh demo module (Run all is the
    # first button of the panel's bar; the module answers at once with --demo-latency 0).
    start window --lang "$lang" --demo --demo-latency 0 --sequence "$root/resources/sequences/seed_5_1.qmtseq"
    sleep 3 # the demo module and its broker start, the port opens and is identified
    xdotool mousemove 560 106 click 1
    sleep 5
    save "$dir/sequence.png"
    stop
    start window --lang "$lang" --import "$root/tests/data/logs/field_reconnects.log"
    press ctrl+5 # the Diagnosis panel: what went wrong in the log, and why
    save "$dir/customer-log.png"
    stop
    shot "$dir/demo-traffic.png" walkthrough --lang "$lang" --panel traffic
    shot "$dir/peer-check.png" peer --lang "$lang"
done
