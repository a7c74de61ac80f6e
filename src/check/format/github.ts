// GitHub Actions: `::error`/`::warning` workflow commands (one per failing or warning result,
// pointing at the rule's line when it came from a rules file) and the markdown job summary.
// Escaping follows @actions/core: data escapes % CR LF; properties also escape : and ,.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { messages } from '../../messages.js';
import type { CheckResult } from '../evaluate.js';
import { formatGroup, formatObserved, formatThreshold, resultSentence, resultTitle } from './describe.js';
import { humanNumber } from '../../output/render.js';
import { terminalText } from '../../output/terminal-text.js';

/** Where paths are: rules files are written relative to `cwd`; GitHub wants them relative to `root`. */
export interface RepoPaths {
  /** The repository checkout, $GITHUB_WORKSPACE. */
  readonly root: string;
  readonly cwd: string;
}

export function renderAnnotations(result: CheckResult, baselineLabel?: string, paths?: RepoPaths): string {
  const lines: string[] = [];
  for (const rule of result.rules) {
    for (const r of rule.results) {
      if (r.status === 'pass') continue;
      const command = r.status === 'fail' ? 'error' : 'warning';
      const props = [
        ...(rule.origin ? [`file=${property(repoPath(rule.origin.file, paths))}`, `line=${rule.origin.line}`] : []),
        `title=${property(messages.checkAnnotationTitle(resultTitle(rule, r)))}`,
      ];
      lines.push(`::${command} ${props.join(',')}::${data(`${rule.expr}: ${resultSentence(r, rule, baselineLabel)}`)}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** The annotation of a check that could not run: the job shows why, as it does for a failed rule. */
export function renderErrorAnnotation(reason: string): string {
  return `::error title=${property(messages.checkCouldNotRun())}::${data(reason)}\n`;
}

const SUMMARY_MARK = { pass: '✅', warn: '⚠️', fail: '❌' } as const;

export function renderMarkdownSummary(result: CheckResult, baselineLabel?: string): string {
  const cell = (s: string) => terminalText(s).replaceAll('|', '\\|');
  const code = (s: string) => (s === '' ? '' : `\`${s.replaceAll('`', "'")}\``);
  const lines = [
    `### ${messages.checkSummaryHeading(SUMMARY_MARK[result.status], result.status)}`,
    '',
    messages.checkSummaryLine(result.counts),
    '',
    `| | ${messages.checkTableHeader().slice(1).join(' | ')} |`,
    `|---|${messages.checkTableHeader().slice(1).map(() => '---').join('|')}|`,
  ];
  for (const rule of result.rules) {
    for (const r of rule.results) {
      const note = r.no_data || r.window ? resultSentence(r, rule, baselineLabel) : '';
      lines.push(
        `| ${SUMMARY_MARK[r.status]} | ${cell(rule.name)} | ${cell(code(formatGroup(r.group)))} | ${cell(formatObserved(r))} | ${cell(formatThreshold(r, rule))} | ${humanNumber(r.samples)} | ${cell(note)} |`,
      );
    }
  }
  return lines.join('\n') + '\n\n';
}

/** The summary of a check that could not run: the heading says error, the block says why. */
export function renderMarkdownError(reason: string): string {
  const fence = '```';
  return [`### ${messages.checkSummaryHeading(SUMMARY_MARK.fail, 'error')}`, '', messages.checkCouldNotRun() + ':', '', fence, reason.replaceAll(fence, "'''"), fence].join('\n') + '\n\n';
}

/** The rules file relative to the checkout, so GitHub can attach the annotation to it; else as written. */
function repoPath(file: string, paths: RepoPaths | undefined): string {
  if (paths === undefined) return file;
  const inside = relative(paths.root, resolve(paths.cwd, file));
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside.split(sep).join('/');
}

function data(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function property(value: string): string {
  return data(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
