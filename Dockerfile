# syntax=docker/dockerfile:1
# numbers-gateway: one image for the gateway (default command) and the REST v2 simulator
# (`node dist/simulator/main.js`), as docker-compose.yml runs them.

# --- build: every dependency, compile TypeScript to dist/, pre-build the GraphiQL bundle ----
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY scripts ./scripts
COPY src ./src
# GraphiQL is off in production unless GRAPHIQL_ENABLED=true; when it is on, the runtime stage
# serves this bundle from node_modules/.cache: esbuild, GraphiQL and React (over 150 MB, Monaco
# alone 100 MB) are dev dependencies and are not in it.
RUN npm run build && npm run graphiql:build

# --- deps: production dependencies only (no TypeScript, swc, jest, codegen, esbuild, React) --
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing in production needs one.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------
FROM node:24-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.cache/numbers-gateway-graphiql ./node_modules/.cache/numbers-gateway-graphiql
COPY --from=build /app/dist ./dist
# Read at run time: the SDL (src/schema.ts resolves ../schema/ from dist/), and what the
# GraphiQL cache key is computed from (lockfile, client sources), so the bundle above is found.
COPY package.json package-lock.json ./
COPY schema ./schema
# The client registry (docs/client-usage.md), served with PERSISTED_DOCUMENTS_DIR=/app/clients.
COPY clients ./clients
COPY src/graphiql/client ./src/graphiql/client
COPY src/graphiql/page-config.ts ./src/graphiql/page-config.ts
# Files stay owned by root: the process cannot rewrite its own code.
USER node
EXPOSE 4000
# Liveness only (the process answers); readiness, which needs the upstream, is /health/ready.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm): SIGTERM from `docker stop` reaches the gateway, which drains.
CMD ["node", "dist/index.js"]
