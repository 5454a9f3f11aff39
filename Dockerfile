# Two images from one build (see docker-compose.yml and docs/deploy.md). The default, last target runs `rampart api`
# and `rampart worker`: compiled code and production dependencies only (no sources, tests or GitHub emulator), as the
# unprivileged `node` user, with a HEALTHCHECK; compose runs it with a read-only root filesystem. `--target demo`
# keeps the emulator, which only `rampart demo` loads.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY packages/github-emulator ./packages/github-emulator
COPY bin ./bin
COPY src ./src
COPY workers ./workers
# `npm ci` builds dist/ (the emulator's too) through `prepare`; the build tools are dev dependencies, pruned afterwards.
RUN npm ci && npm prune --omit=dev && npm cache clean --force

FROM node:20-slim AS demo
WORKDIR /app
COPY --from=build /app ./
USER node
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/rampart.js"]
CMD ["demo", "--port", "3000", "--host", "0.0.0.0"]

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Production dependencies of Rampart alone: no workspace packages, so neither the emulator nor graphql-js.
# --ignore-scripts: `prepare` would build, and the build is done.
RUN npm ci --omit=dev --workspaces=false --ignore-scripts && npm cache clean --force && rm -rf /root/.npm /tmp/*
COPY bin ./bin
# The web pages' stylesheet is served from src/web/assets; no other source file is needed at run time.
COPY src/web/assets ./src/web/assets
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/workers ./dist/workers
COPY docker/healthcheck.mjs ./docker/healthcheck.mjs
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "docker/healthcheck.mjs"]
ENTRYPOINT ["node", "bin/rampart.js"]
CMD ["api"]
