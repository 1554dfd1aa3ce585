#!/usr/bin/env node
// Entry point of `npx dify-conformance` and `npm run conformance`. The suite is
// written in TypeScript and run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../lib/cli/main.ts');
