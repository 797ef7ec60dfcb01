# STAND-IN for docker.io/library/redis:7.0.15-bookworm where Docker Hub is unreachable: Debian
# bookworm's redis-server 7.0.15 on the local node base stand-in. Not for production.
FROM docker.io/library/node:20-bookworm-slim
RUN apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
