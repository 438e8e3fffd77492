#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The install test (issue 12): builds the Debian package from an existing build tree with CPack,
# checks it (lintian, appstreamcli, desktop-file-validate, its control fields), unpacks it into a
# scratch root (dpkg -x: no maintainer scripts run, no network, no root needed) and runs the
# installed programs from there: qmtscope-cli --version and decode of an installed transcript,
# qmtscope-sim --version, and qmtscope --demo on Xvfb in English and in Chinese with a screenshot
# each, checking the window title is the translated one. Any failed check fails the script.
#   tools/install-test.sh [BUILD_DIR]      (default: build, as ./qmt test leaves it)
# Screenshots and logs stay in BUILD_DIR/install-test/ (the scratch root is removed).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
out=$build/install-test
start=$SECONDS
rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
failures=0
ok() { echo "install-test: ok   $*"; }
bad() {
    echo "install-test: FAIL $*" >&2
    failures=$((failures + 1))
}
check() { # check <what> <command...>
    local what=$1
    shift
    if "$@" >>"$out/checks.log" 2>&1; then ok "$what"; else bad "$what (see $out/checks.log)"; fi
}

# ---- the package ----
# What the package holds (up to date after ./qmt test: a no-op).
cmake --build "$build" -j"$(nproc)" --target qmtscope qmtscope-cli qmtscope-sim qmt_man qmt_changelog >/dev/null
rm -rf "$build/package"
(cd "$build" && cpack -G DEB -B "$build/package" >"$out/cpack.log" 2>&1) || {
    cat "$out/cpack.log" >&2
    exit 1
}
deb=$(ls "$build"/package/qmtscope_*.deb)
ok "cpack built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -f "$deb" >"$out/control.txt"
grep -q '^Depends:.*libqt6widgets6' "$out/control.txt" && ok "Depends computed by dpkg-shlibdeps" ||
    bad "Depends has no libqt6widgets6: $(grep ^Depends "$out/control.txt")"
grep -q '^Recommends: mosquitto' "$out/control.txt" && ok "Recommends: mosquitto" || bad "no Recommends: mosquitto"
grep -q '^Suggests:.*fonts-wqy-microhei' "$out/control.txt" && ok "Suggests a CJK font" || bad "no CJK font suggested"
# `apt install ./qmtscope_*.deb` resolves on this system (simulated: nothing is installed, no network).
if apt-get install --simulate --no-install-recommends "$deb" >"$out/apt-simulate.txt" 2>&1 &&
    grep -q '^Inst qmtscope ' "$out/apt-simulate.txt"; then
    ok "apt install ./$(basename "$deb") resolves (simulated)"
else
    bad "apt cannot install $(basename "$deb"): $(tail -3 "$out/apt-simulate.txt" | tr '\n' ' ')"
fi
[ -z "$(dpkg-deb -e "$deb" "$scratch/DEBIAN" && ls "$scratch/DEBIAN" | grep -Ev '^(control|md5sums|shlibs|triggers)$')" ] &&
    ok "no maintainer scripts" || bad "maintainer scripts in the package: $(ls "$scratch/DEBIAN")"

# lintian: errors fail, warnings are listed (packaging/README.md explains those that remain).
if lintian --fail-on error --tag-display-limit 0 "$deb" >"$out/lintian.txt" 2>&1; then
    ok "lintian: no errors ($(grep -c '^W:' "$out/lintian.txt" || true) warnings, $(grep -c '^I:' "$out/lintian.txt" || true) info)"
else
    bad "lintian errors:"
    grep '^E:' "$out/lintian.txt" >&2 || cat "$out/lintian.txt" >&2
fi
grep '^W:' "$out/lintian.txt" || true

# ---- unpacked into a scratch root ----
root=$scratch/root
missing=""
dpkg -x "$deb" "$root"
for f in usr/bin/qmtscope usr/bin/qmtscope-cli usr/bin/qmtscope-sim \
    usr/share/qmtscope/translations/qmtscope_zh_CN.qm usr/share/qmtscope/translations/qmtscope_en.qm \
    usr/share/qmtscope/sequences/seed_5_1.qmtseq usr/share/qmtscope/transcripts/seed_5_1.log \
    usr/share/qmtscope/udev/77-qmtscope-modemmanager.rules \
    usr/share/applications/qmtscope.desktop usr/share/metainfo/io.github.qmtscope.QmtScope.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/qmtscope.svg usr/share/icons/hicolor/16x16/apps/qmtscope.png \
    usr/share/icons/hicolor/256x256/apps/qmtscope.png usr/share/man/man1/qmtscope.1.gz \
    usr/share/man/man1/qmtscope-cli.1.gz usr/share/man/man1/qmtscope-sim.1.gz usr/share/doc/qmtscope/copyright; do
    [ -e "$root/$f" ] || missing="$missing /$f"
done
[ -z "${missing:-}" ] && ok "installed layout: programs, translations, templates, udev rule, icons, desktop entry, metainfo, man pages" ||
    bad "not installed:$missing"
check "appstreamcli validate" appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.qmtscope.QmtScope.metainfo.xml"
check "desktop-file-validate" desktop-file-validate "$root/usr/share/applications/qmtscope.desktop"
for m in qmtscope qmtscope-cli qmtscope-sim; do
    check "man page $m renders without warnings" sh -c "! LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$root/usr/share/man/man1/$m.1.gz' 2>&1 >/dev/null | grep ."
done

# ---- the installed programs ----
version=$(sed -n 's/^Version: //p' "$out/control.txt")
for exe in qmtscope-cli qmtscope-sim qmtscope; do
    v=$("$root/usr/bin/$exe" --version 2>&1 || true)
    case "$v" in *"$version"*) ok "$exe --version: $v" ;; *) bad "$exe --version said '$v', not $version" ;; esac
    "$root/usr/bin/$exe" --help >"$out/$exe-help.txt" 2>&1 && [ -s "$out/$exe-help.txt" ] &&
        ok "$exe --help" || bad "$exe --help"
done
if "$root/usr/bin/qmtscope-cli" decode "$root/usr/share/qmtscope/transcripts/seed_5_1.log" >"$out/decode.txt" 2>&1 &&
    grep -q '"host": "iot-as-mqtt.cn-shanghai.aliyuncs.com"' "$out/decode.txt" &&
    grep -q '"mqtt": "disconnected"' "$out/decode.txt"; then
    ok "qmtscope-cli decode of the installed seed_5_1.log: slot 0 opened to Aliyun, ended disconnected"
else
    bad "qmtscope-cli decode of the installed transcript (see $out/decode.txt)"
fi

# The GUI in demo mode on Xvfb, with a home of its own (no settings, no journals of the user's).
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config XDG_DATA_HOME=$scratch/home/.local/share
export XDG_RUNTIME_DIR=$scratch/run LC_ALL=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
display=""
for n in $(seq 90 120); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
    Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp -noreset >"$out/xvfb.log" 2>&1 &
    xvfb_pid=$!
    sleep 1
    if kill -0 "$xvfb_pid" 2>/dev/null; then display=":$n" && break; fi
    xvfb_pid=""
done
[ -n "$display" ] || {
    bad "no Xvfb display could be started"
    exit 1
}
export DISPLAY=$display
unset QT_QPA_PLATFORM WAYLAND_DISPLAY

run_gui() { # run_gui <lang> <expected window title>
    local lang=$1 want=$2 title="" win=""
    "$root/usr/bin/qmtscope" --demo --lang "$lang" >"$out/gui-$lang.log" 2>&1 &
    app_pid=$!
    for _ in $(seq 1 40); do # up to 20 s for the window; then a moment for the demo to connect
        win=$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null | head -n 1 || true)
        [ -n "$win" ] && break
        sleep 0.5
    done
    sleep 4
    if [ -n "$win" ]; then
        title=$(xprop -id "$win" _NET_WM_NAME 2>/dev/null | sed -n 's/^_NET_WM_NAME(UTF8_STRING) = "\(.*\)"$/\1/p')
        # the window icon (QApplication::setWindowIcon): Qt puts every size into _NET_WM_ICON
        # (read whole first: with pipefail, grep -q leaving early would SIGPIPE xprop mid-icon and
        # fail the check now and then — it did once, on a busy machine)
        local icons
        icons=$(xprop -id "$win" _NET_WM_ICON 2>/dev/null || true)
        if grep -q 'Icon (16 x 16)' <<<"$icons"; then
            ok "qmtscope ($lang) has its window icon"
        else
            bad "qmtscope ($lang): no 16x16 window icon (_NET_WM_ICON)"
        fi
    fi
    import -window root "$out/screenshot-$lang.png" 2>>"$out/checks.log" || bad "screenshot ($lang)"
    if ! kill -0 "$app_pid" 2>/dev/null; then
        bad "qmtscope --demo --lang $lang ended early (see $out/gui-$lang.log)"
    elif [ "$title" = "$want" ]; then
        ok "qmtscope --demo --lang $lang: window \"$title\", screenshot $out/screenshot-$lang.png"
    else
        bad "qmtscope --demo --lang $lang: window title \"$title\", wanted \"$want\""
    fi
    kill -TERM "$app_pid" 2>/dev/null || true
    local status=0
    wait "$app_pid" || status=$?
    app_pid=""
    [ "$status" = 0 ] && ok "qmtscope ($lang) quit cleanly on SIGTERM" || bad "qmtscope ($lang) exit status $status on SIGTERM"
}
run_gui en "QMT Scope — demo"
run_gui zh_CN "QMT Scope — 演示"
grep -q '"zh_CN"\|zh_CN' "$HOME/.config/QMT Scope/qmtscope.conf" 2>/dev/null || true

echo "install-test: $failures failure(s), $((SECONDS - start)) s"
[ "$failures" = 0 ]
