#!/usr/bin/env bash
# Builds LOCAL STAND-INS for the official images compose.yaml names, for machines that cannot pull
# them (Docker Hub and ghcr.io unreachable): Debian's redis-server and the Hive Gateway npm package
# on the node base stand-in (../shared/tools/node-base-image.sh), tagged with the official names so
# compose.yaml runs unchanged. Where the registries are reachable, skip this: compose pulls the
# real images. Uses podman with deploy/podman/containers.conf unless CONTAINERS_CONF is set.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/../podman/containers.conf}"
podman image exists docker.io/library/node:20-bookworm-slim || {
  echo "no docker.io/library/node:20-bookworm-slim: build it with ../shared/tools/node-base-image.sh" >&2
  exit 1
}
podman build -q -t docker.io/library/redis:7.0.15-bookworm -f "$here/stand-ins/redis.Dockerfile" "$here/stand-ins"
podman build -q -t ghcr.io/graphql-hive/gateway:2.15.1 -f "$here/stand-ins/hive-gateway.Dockerfile" "$here/stand-ins"
echo "stand-ins ready: docker.io/library/redis:7.0.15-bookworm, ghcr.io/graphql-hive/gateway:2.15.1"
