# The co-signer image: built from the repository root (`docker build -f deploy/cosigner.Dockerfile .`).
# Stage 1 installs the workspace and compiles the co-signer and its workspace dependencies to
# dist/; stage 2 holds only the production dependencies and the compiled JavaScript, run by
# `node` as the unprivileged `node` user (no tsx, no TypeScript).
FROM node:20-bookworm-slim AS build
RUN corepack enable
WORKDIR /src
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm --filter "@tessera/cosigner..." run build
RUN pnpm --filter @tessera/cosigner deploy --legacy --prod /out

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    COSIGNER_HOST=0.0.0.0 \
    COSIGNER_PORT=8788 \
    COSIGNER_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /out /app
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 8788
HEALTHCHECK --interval=10s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8788/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js", "start"]
