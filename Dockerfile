# syntax=docker/dockerfile:1
#
# One image for both processes and the migration CLI:
#   docker build -t etutors-backend .
#   docker run -e APP=api    ... etutors-backend            # API on PORT (3000)
#   docker run -e APP=worker ... etutors-backend            # worker, /health on WORKER_PORT (3001)
#   docker run ... etutors-backend node dist/scripts/migrate.js run
# Configuration comes from the environment only (see .env.example); no .env is baked in.

# The current Node LTS; local development keeps working on Node >= 20.19 (package.json engines).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- base: shared npm settings -------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
# The image's npm (11.x) runs only the install scripts package.json's `allowScripts` allows; they
# all work on slim (native modules ship prebuilt, nothing compiles). SCARF_ANALYTICS=false keeps
# @scarf/scarf (via swagger-ui-dist) from phoning home should its script ever be allowed.
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# ---- deps: every dependency, for the compiler ----------------------------------------------
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

# ---- build: tsc + tsc-alias into dist/ -----------------------------------------------------
FROM deps AS build
COPY tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm run build

# ---- prod-deps: runtime dependencies only --------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---- runtime -------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    APP=api
WORKDIR /app

# Serves the app named by APP. `exec` hands PID 1 to node, so SIGTERM reaches Nest's shutdown hooks.
COPY --chmod=755 <<'EOF' /usr/local/bin/start-app
#!/bin/sh
set -eu
case "${APP:-api}" in
  api | worker) exec node --enable-source-maps "dist/apps/${APP:-api}/src/main.js" "$@" ;;
  *) echo "start-app: APP must be 'api' or 'worker' (got '${APP}')" >&2; exit 64 ;;
esac
EOF

# Owned by root and read-only to the app user: the process cannot rewrite its own code.
# package.json is needed at run time: its "type": "module" makes dist/*.js ES modules.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

USER node
EXPOSE 3000 3001

# Slim has no curl: ask node's fetch. Probes the port of whichever app this container runs.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const port = process.env.APP === 'worker' ? process.env.WORKER_PORT || 3001 : process.env.PORT || 3000; fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then((res) => process.exit(res.ok ? 0 : 1), () => process.exit(1));"]

CMD ["start-app"]
