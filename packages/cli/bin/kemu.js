#!/usr/bin/env node
// The `kemu` command (root package bin). Everything lives in ../dist (run `npm run build` first).
import '../dist/main.js';
