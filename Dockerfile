# syntax=docker/dockerfile:1
# SchoolBot image: TypeScript is compiled in the build stage; the runtime stage carries only the compiled
# JavaScript and production dependencies, runs as the unprivileged `node` user under tini (signals reach
# node, zombies are reaped), and reports health from /healthz.
# Build: docker build -t schoolbot .   Run: docker run --env-file .env -p 8080:8080 schoolbot

# Node LTS, one major pinned; bump deliberately (docs/operations.md, "Image updates").
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY projections ./projections
COPY infra ./infra
# tsc emits only what it compiles: carry SQL migrations and other non-TypeScript assets along.
RUN npm run build \
  && find domain application adapters projections infra -type f \( -name '*.sql' -o -name '*.json' \) \
       -exec cp --parents {} dist/ \;

# The runtime takes this stage's node_modules whole: it carries what the KPI chart needs at run time, the
# resvg binary for the image's platform (npm ci picks @resvg/resvg-js-linux-<arch>-gnu on Debian's glibc,
# -musl on Alpine) and the chart's font (@expo-google-fonts/pt-sans, OFL, with its licence file).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# tini from Debian: PID 1 that forwards SIGTERM to node and reaps children.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HTTP_PORT=8080 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded store's ready-made data directory (`npm run build` made it): a new DATA_DIR is copied from it
# instead of running initdb and the migrations at the first start (docs/operations.md).
COPY --from=build /app/node_modules/.cache/schoolbot ./node_modules/.cache/schoolbot
COPY package.json ./
COPY bin ./bin
# `schoolbot <command>` inside the container (docker compose exec bot schoolbot doctor) runs dist/.
RUN ln -s /app/bin/schoolbot.js /usr/local/bin/schoolbot \
  && mkdir -p /app/data \
  && chown node:node /app/data
USER node
# V8's young generation at most 2 × 4 MB instead of 2 × 16 MB: the bot's garbage is short-lived, and the old
# generation grows in smaller steps too (infra/heapPolicy.ts). Measured with `npm run bench -- footprint`, which
# runs the app with this line's NODE_OPTIONS (docs/operations.md, "Memory and start-up").
ENV NODE_OPTIONS=--max-semi-space-size=4
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/infra/main.js", "start"]
