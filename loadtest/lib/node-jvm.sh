# shellcheck shell=bash
# The JVM options of a Pharos node in the benchmarks: those ./pharos runs a node with (its comment says why each is
# there). PHAROS_JAVA_OPTS, where a script reads it, replaces them.
# shellcheck disable=SC2034 # read by the scripts that source this file
NODE_JAVA_OPTS="-Xms128m -Xmx256m -Xmn40m -XX:SurvivorRatio=3 -XX:+UseSerialGC"
