# recordings-graph: the gateway as a container image.
#   docker build -t recordings-graph .
#   docker run --read-only -p 4000:4000 -e UPSTREAM_URL=https://api.telnyx.com/v2 recordings-graph
# (docs/deployment.md, Production settings: the variables a production deployment sets, a server key with AUTH_*.)
# The base is pinned to a Node release; pin its digest too where your registry is reachable
# (NODE_IMAGE=docker.io/library/node:20.20.2-bookworm-slim@sha256:...).
ARG NODE_IMAGE=docker.io/library/node:20.20.2-bookworm-slim

# Build: every dependency (TypeScript, type declarations), compile src/ to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: compiling needs none (they fetch or build native tools for tests and benches).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies only: no jest, typescript, puppeteer, codegen.
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE_URL=https://example.com/recordings-graph
LABEL org.opencontainers.image.title="recordings-graph" \
      org.opencontainers.image.description="GraphQL gateway over a Telnyx-style call-recordings REST API" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="UNLICENSED"
WORKDIR /app
# Owned by root and not writable by the process: the root filesystem can be mounted read-only.
COPY package.json ./
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The memory settings `npm start` runs with (docs/deployment.md, Memory): glibc gives large blocks back.
ENV NODE_ENV=production \
    PORT=4000 \
    MALLOC_MMAP_THRESHOLD_=1048576 \
    MALLOC_TRIM_THRESHOLD_=1048576
# The node user, by number, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 1000:1000
EXPOSE 4000
# Readiness, with Node's own http module (the image has no curl). Exit 1 when not ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||4000,path:'/health/ready',timeout:2500},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1)).on('timeout',()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (drains, then exits 0). The V8 flag must be on the
# command line; CMD can name another entry of the image (dist/run-simulator.js).
ENTRYPOINT ["node", "--max-semi-space-size=8"]
CMD ["dist/main.js"]
