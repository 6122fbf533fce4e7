# syntax=docker/dockerfile:1
# One image for any Simline app (docs/decisions/1001-deploy.md):
#   docker build --build-arg APP=subscriptions -t simline/subscriptions .   one app (Kubernetes)
#   docker build -t simline/app .                                          APP=all: every app (docker-compose.yml)
# The role comes from the command or SIMLINE_ROLE: server (default) | worker | all | migrate | ops <command…>.
# Checked without a Docker engine by `npm run deploy:check` (tools/deploy-check.mjs: COPY sources, .dockerignore,
# the files ENTRYPOINT/HEALTHCHECK run, production dependencies).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- the npm manifests only, so that the dependency layers below are rebuilt only when they change ---
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json ./
COPY libs ./libs
RUN mkdir -p /out \
 && cp package.json package-lock.json /out/ \
 && for lib in libs/*/; do \
      if [ -f "${lib}package.json" ]; then mkdir -p "/out/${lib}" && cp "${lib}package.json" "/out/${lib}"; fi; \
    done

# --- build: every dependency, then swc (node tools/build.mjs) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /out/ ./
# the committed lock, exactly (it lists every platform's optional binaries: docs/decisions/1001-deploy.md)
RUN npm ci --no-audit --no-fund
COPY .swcrc ./
COPY tools/build.mjs ./tools/
COPY libs ./libs
COPY apps ./apps
RUN node tools/build.mjs
# Stage what the runtime needs: the root manifest, each lib's manifest and dist, and the chosen app(s)' dist.
ARG APP=all
RUN set -eu; \
    mkdir -p /out/apps /out/libs; \
    cp package.json /out/; \
    for lib in libs/*/; do \
      name=$(basename "$lib"); \
      [ "$name" = testing ] && continue; \
      mkdir -p "/out/libs/$name" && cp "$lib/package.json" "/out/libs/$name/" && cp -r "$lib/dist" "/out/libs/$name/"; \
    done; \
    if [ "$APP" = all ]; then apps=$(ls apps); else apps="$APP"; fi; \
    for app in $apps; do \
      if [ ! -f "apps/$app/dist/main.js" ]; then echo "APP=$app: apps/$app/dist/main.js was not built" >&2; exit 1; fi; \
      mkdir -p "/out/apps/$app" && cp -r "apps/$app/dist" "/out/apps/$app/"; \
      # the gateway's support dashboard page (Vite's output, docs/decisions/0302)
      if [ -d "apps/$app/web/dist" ]; then mkdir -p "/out/apps/$app/web" && cp -r "apps/$app/web/dist" "/out/apps/$app/web/"; fi; \
    done

# --- production dependencies only ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /out/ ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime: node_modules, built code, the entry point; owned by root, run as the unprivileged `node` user ---
FROM ${NODE_IMAGE} AS runtime
ARG APP=all
ENV NODE_ENV=production \
    NODE_OPTIONS=--require=/app/node_modules/source-map-support/register.js \
    HOST=0.0.0.0 \
    SIMLINE_APP=${APP} \
    SIMLINE_ROLE=server
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /out/ ./
COPY tools/deploy-entrypoint.mjs tools/deploy-healthcheck.mjs ./tools/
# The development mail catcher (docker-compose.yml's `mail`, the same as `npm start`'s); production never runs it.
COPY tools/infra/smtp-catcher.mjs ./tools/infra/
USER node
# gateway 3000, services 3101-3106, their workers 3201-3206 (libs/platform/src/config.ts)
EXPOSE 3000 3101-3106 3201-3206
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 CMD ["node", "/app/tools/deploy-healthcheck.mjs"]
ENTRYPOINT ["node", "/app/tools/deploy-entrypoint.mjs"]
