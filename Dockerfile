# One image for every kemu component (docker-compose.yml picks the entry point per service).
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN npm ci && npm run build
ENV KEMU_HOME=/var/lib/kemu
CMD ["node", "packages/cli/bin/kemu.js", "--help"]
