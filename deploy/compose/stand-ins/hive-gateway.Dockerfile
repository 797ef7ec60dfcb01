# STAND-IN for ghcr.io/graphql-hive/gateway:2.15.1 where ghcr.io is unreachable: the same release
# of the @graphql-hive/gateway npm package on the local node base stand-in, laid out like the
# official image (working directory /gateway, user node, the CLI as entrypoint). Not for production.
FROM docker.io/library/node:20-bookworm-slim
RUN npm install -g --no-audit --no-fund @graphql-hive/gateway@2.15.1 graphql@16.15.0 \
  && npm cache clean --force
WORKDIR /gateway
USER node
EXPOSE 4000
ENTRYPOINT ["hive-gateway"]
CMD ["supergraph"]
