#!/usr/bin/env node
// The installed command: runs the built relay (`pnpm build` writes dist/). In this repository,
// `pnpm start` runs the TypeScript sources instead.
import '../dist/main.js'
