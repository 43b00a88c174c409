# Sourced by ./hearth, ./test and bench/run: finds a JDK >= 21 and exports JAVA_HOME to it.
# Order: $JAVA_HOME, then the javac on PATH, then /usr/lib/jvm/* (newest first;
# HEARTH_JDK_DIRS replaces /usr/lib/jvm, which the tests use to simulate a machine without a JDK).
# With none, prints one line naming what to install and exits 2.

hearth_jdk_major() { # $1 = a JDK home; prints its major version, or nothing
  local java="$1/bin/java" line v
  [ -x "$java" ] && [ -x "$1/bin/javac" ] || return 1
  line=$("$java" -version 2>&1 | grep -m1 -Eo 'version "[^"]+"') || return 1
  v=${line#version \"}; v=${v%\"}
  case "$v" in 1.*) v=${v#1.} ;; esac
  v=${v%%[.+-]*}
  [ -n "$v" ] && printf '%s\n' "$v"
}

hearth_jdk_ok() { local m; m=$(hearth_jdk_major "$1") && [ "$m" -ge 21 ]; }

hearth_find_jdk() {
  local home candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    home=$(readlink -f "$(command -v javac)"); candidates+=("${home%/bin/javac}")
  fi
  for home in $(ls -d "${HEARTH_JDK_DIRS:-/usr/lib/jvm}"/*/ 2>/dev/null | sed 's:/$::' | sort -rV); do
    candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    if hearth_jdk_ok "$home"; then
      export JAVA_HOME="$home"
      return 0
    fi
  done
  echo "hearth: no JDK 21 or newer found (looked at JAVA_HOME, PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it" >&2
  exit 2
}

hearth_find_jdk
