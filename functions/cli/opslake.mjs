#!/usr/bin/env node
// The `opslake` command. The CLI is TypeScript run through tsx's loader, so there is no build step
// between editing and running.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
