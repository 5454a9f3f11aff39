# One image for `rampart api`, `rampart worker` and `rampart demo` (see docker-compose.yml).
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY test/github-emulator ./test/github-emulator
# `npm ci` builds dist/ through `prepare`; the build tools are dev dependencies, so they are pruned afterwards.
RUN npm ci && npm prune --omit=dev && npm cache clean --force
USER node
ENV NODE_ENV=production
ENTRYPOINT ["node", "bin/rampart.js"]
CMD ["api"]
