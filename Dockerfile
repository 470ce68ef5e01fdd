# syntax=docker/dockerfile:1.7
# tally's image: build with the full toolchain, run on a slim base with production dependencies only.
#   docker build --build-arg BUILD_NUMBER=87 --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t tally .

# The base is a build argument so an air-gapped or mirrored build can substitute its own copy of the same
# Node version; pinned to a patch release so rebuilds are reproducible.
ARG NODE_IMAGE=node:24.21.0-trixie-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The cache mount keeps npm's download cache between builds without putting it in a layer. Behind a TLS-inspecting
# proxy, pass its CA as a build secret (`--secret id=npm_ca,src=/etc/ssl/certs/ca-certificates.crt`); it is
# trusted for this step only and never stored in the image.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm_ca,required=false \
    if [ -f /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
    && npm ci --no-audit --no-fund

# Production dependencies from package*.json alone: a code change leaves this stage, and so the runtime's
# node_modules layer, byte for byte the same, and registries need not store or pull it again.
FROM deps AS production-deps
RUN npm prune --omit=dev --no-audit --no-fund \
    && rm -rf node_modules/.cache

FROM deps AS build
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# The base image's package managers are build tools: the runtime has no use for them, and an attacker would.
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
        /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Owned by root and read-only for the runtime user: the process cannot rewrite its own code.
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
# The bundle is the whole program (scripts/bundle.mjs); tsc's module-by-module output stays behind.
COPY --from=build /app/dist/bundle ./dist/bundle
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
COPY --chmod=0755 deploy/bin/tally /usr/local/bin/tally

# Build metadata last: it changes on every build and would otherwise invalidate the layers above.
ARG VERSION=0.0.0
ARG BUILD_NUMBER=local
ARG GIT_COMMIT=unknown
ARG CREATED=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="tally" \
      org.opencontainers.image.description="Users, visits, forms and a people directory on PostgreSQL" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="https://github.com/tally/tally" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.created="${CREATED}"
# /version reports these.
ENV BUILD_NUMBER=${BUILD_NUMBER} \
    GIT_COMMIT=${GIT_COMMIT}

# The numeric id of the base image's `node` user: Kubernetes can verify runAsNonRoot only for numbers.
USER 1000:1000
EXPOSE 8080
# The timeout covers node's own start-up, seen past 3 s on a busy host; the request itself gives up after 2 s.
HEALTHCHECK --interval=15s --timeout=10s --start-period=20s --retries=3 \
    CMD ["node", "/app/deploy/healthcheck.mjs"]
# node itself is PID 1 and receives SIGTERM directly (npm would not forward it), so tally's
# graceful shutdown runs on every stop.
ENTRYPOINT ["node", "/app/dist/bundle/main.js"]
CMD ["serve"]
