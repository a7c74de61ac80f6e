// What a follow session reads on each poll, with `tail -F` semantics: a file that does not exist
// yet is waited for, a glob or directory is expanded again so new files join, and a file's first
// rotated name (`app.log.1`) is read too, so the lines written just before a rotation are not
// lost (the ingest checkpoint recognises the rotated file by its content and resumes it).

import { existsSync, statSync } from 'node:fs';
import { globSync, isDynamicPattern } from 'tinyglobby';

export function followTargets(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const add = (path: string) => {
    if (!out.includes(path)) out.push(path);
  };
  for (const input of inputs) {
    if (isDynamicPattern(input) && !existsSync(input)) {
      for (const file of globSync(input, { onlyFiles: true, dot: false, expandDirectories: false }).sort()) add(file);
      continue;
    }
    let stat;
    try {
      stat = statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) add(input);
    else {
      if (existsSync(`${input}.1`)) add(`${input}.1`);
      if (stat?.isFile()) add(input);
    }
  }
  return out;
}
