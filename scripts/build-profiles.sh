# Sourced by scripts/doppel and scripts/doppel-spark: the Maven profiles of the last build.
# The build writes them to target/doppel.build-profiles (pom.xml, execution record-build-profiles), so a rebuild
# uses the same ones: a -Pcuda build stays a GPU build.

# Prints "-Pa,b" for the profiles of the last build plus any given as arguments, or nothing.
build_profiles() {
  local root="$1"; shift
  local list=" $* "
  if [ -f "$root/target/doppel.build-profiles" ]; then
    local p
    for p in $(cat "$root/target/doppel.build-profiles"); do
      case "$list" in *" $p "*) ;; *) list="$list$p " ;; esac
    done
  fi
  list="$(echo $list | tr ' ' ',')"
  [ -z "$list" ] || echo "-P$list"
}
