# Finds a JDK 21 or newer: JAVA_HOME when it is one, else the newest under the usual folders.
# Sourced by ./mvnw and ./ates, so that the build and the local stack run on the same JDK.
min_java=21

java_major() { # prints the feature version of the JDK at $1, or nothing
  local home="$1" v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  fi
  echo "$v"
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    local v; v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min_java" ]; then echo "$JAVA_HOME"; return; fi
  fi
  local best="" best_v=0 home v
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [ -d "$home" ] || continue
    v=$(java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min_java" ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
  done
  echo "$best"
}

jdk=$(pick_jdk)
if [ -z "$jdk" ]; then
  echo "aTES needs a JDK $min_java or newer and found none." >&2
  echo "  JAVA_HOME=${JAVA_HOME:-<unset>}; looked under /usr/lib/jvm, /opt and ~/.sdkman." >&2
  echo "  Install one (for example: apt-get install openjdk-21-jdk-headless, or a Temurin 21+) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$jdk"
