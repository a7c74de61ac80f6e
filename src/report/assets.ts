// The scripts the page inlines, read once: vega's browser build, vega's CSP-safe expression
// interpreter (an ES module, wrapped here so it runs as a classic script beside vega), and the
// page's own reports/boot.js. vega-lite and vega-embed are not shipped: specs are compiled to Vega
// when the report is written.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../sql-files.js';

export interface InlineScript {
  readonly name: string;
  readonly code: string;
}

let cached: readonly InlineScript[] | undefined;

export function pageScripts(): readonly InlineScript[] {
  cached ??= [
    { name: 'vega', code: stripSourceMap(readFileSync(join(packageDir('vega'), 'build', 'vega.min.js'), 'utf8')) },
    { name: 'vega-interpreter', code: wrapInterpreter(readFileSync(fileURLToPath(import.meta.resolve('vega-interpreter')), 'utf8')) },
    { name: 'boot', code: readFileSync(join(PACKAGE_ROOT, 'reports', 'boot.js'), 'utf8') },
  ];
  return cached;
}

function packageDir(name: string): string {
  // The entry is <package>/build/<file>.
  return dirname(dirname(fileURLToPath(import.meta.resolve(name))));
}

/** `import {...} from 'vega-util'` becomes a read from the vega global, `export` an assignment to it. */
export function wrapInterpreter(source: string): string {
  const importLine = /^import \{([^}]*)\} from 'vega-util';$/m;
  const exportLine = /^export \{ (\w+) as expressionInterpreter \};$/m;
  const imported = importLine.exec(source);
  const exported = exportLine.exec(source);
  if (!imported || !exported) throw new Error('vega-interpreter has an unexpected shape; update src/report/assets.ts');
  const body = stripSourceMap(source).replace(importLine, '').replace(exportLine, '');
  return `(function (vega) {\nconst {${imported[1]}} = vega;\n${body}\nvega.expressionInterpreter = ${exported[1]};\n})(vega);\n`;
}

function stripSourceMap(code: string): string {
  return code.replace(/^\/\/# sourceMappingURL=.*$/gm, '');
}
