#!/bin/sh
# Installs the Debian packages axiswatch needs beyond Python: a CJK font so
# briefs render Korean names, and Chromium for the dashboard's browser tests
# (playwright drives Debian's build; its own browser download is blocked). Does nothing when they are present or when we
# are not root (then it says what to install).
set -e
need=""
fc-list 2>/dev/null | grep -qi nanum || need="$need fonts-nanum"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
# wrk, a C load generator for `axiswatch bench serve`
command -v wrk >/dev/null 2>&1 || need="$need wrk"
# Java for the Spark engine and its tests (pyspark runs on the JVM)
command -v java >/dev/null 2>&1 || [ -n "$JAVA_HOME" ] || need="$need default-jre-headless"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "axiswatch: optional system packages missing:$need (apt-get install$need)" >&2
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
