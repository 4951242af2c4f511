#!/usr/bin/env node
// Launcher for the `defradb` command. The CLI is TypeScript that Node runs directly (type
// stripping, Node >= 22.18). When started by an older Node (the machine's own), re-run with the
// Node 24 that the package pins as a devDependency.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
if (major > 22 || (major === 22 && minor >= 18)) {
  const { run } = await import(main);
  process.exitCode = await run(process.argv.slice(2));
} else {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    process.stderr.write('Error: defradb needs Node.js >= 22.18; run `npm install` in the package first\n');
    process.exit(1);
  }
  const child = spawn(pinned, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  // forward termination so `defradb start` shuts down cleanly through the launcher too
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
