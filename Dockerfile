# The platform image: Node only installs the npm packages (Deno itself comes from the `deno` npm package).
FROM node:22-bookworm-slim
WORKDIR /app
ENV DENO_DIR=/app/.deno
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund && npm cache clean --force
COPY . .
# Type-check and cache the module graph at build time so containers start fast.
RUN node_modules/.bin/deno cache scripts/start.ts scripts/worker.ts
ENV PORT=8000 HOST=0.0.0.0
EXPOSE 8000
RUN mkdir -p /app/.data && chown -R node:node /app/.data /app/.deno
USER node
CMD ["node_modules/.bin/deno", "task", "start"]
