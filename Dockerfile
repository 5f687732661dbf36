# The API image: built with the dev dependencies, shipped with the production ones only, without
# the embedded PostgreSQL binaries (an optional dependency, for development and tests): the image
# always runs against DATABASE_URL.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Ready = the database answers (/readyz answers from a cached probe, in milliseconds).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Applies pending migrations, then serves /graphql. In the image, without a TypeScript build:
#   node dist/src/cli/migrate.js          apply pending migrations and exit
#   node dist/src/cli/seed.js --scale 1   load the demo data (replaces the content of the tables)
# --max-semi-space-size=64: a young generation of 2 × 64 MB instead of Node's 2 × 16 MB, so that
# the objects of the requests in flight die young instead of being promoted and mark-compacted
# (Node CPU per request −5 to −10 % on the larger screens; test/bench/node-settings.ts has the
# reasoning, docs/benchmarks.md the measurements). package.json `start` and the bench use the same.
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
