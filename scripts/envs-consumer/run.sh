#!/usr/bin/env bash
# Installs neuroprior-envs into the local Maven repository (~/.m2) as the README says, then builds and runs this
# separate project against it: the path a user of the environments takes. Used by .ci/run after the tests.
# Arguments go to both Maven calls (e.g. -Dmaven.repo.local=DIR to leave ~/.m2 alone).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -q install -pl envs -am -DskipTests "$@"
mvn -B -q -f scripts/envs-consumer/pom.xml compile exec:java "$@"
