// `check --junit FILE`: JUnit XML (the Ant/Jenkins subset every CI reads), one testcase per rule
// and group. A failing result is a <failure> carrying the message; a warning passes and says so
// in <system-out>. All text is escaped in one place (xml) and stripped of characters XML forbids.

import { messages } from '../../messages.js';
import type { CheckResult } from '../evaluate.js';
import { formatGroup, resultSentence, resultTitle } from './describe.js';

const SUITE = 'logmeter check';

export function renderJUnit(result: CheckResult, baselineLabel?: string): string {
  const { counts } = result;
  const cases: string[] = [];
  for (const rule of result.rules) {
    for (const r of rule.results) {
      const sentence = resultSentence(r, rule, baselineLabel);
      const group = formatGroup(r.group);
      const attrs = `classname=${attr(className(rule.name))} name=${attr(resultTitle(rule, r))} time="0"`;
      const detail = [`rule: ${rule.name}`, `expr: ${rule.expr}`, ...(group ? [`group: ${group}`] : []), `severity: ${rule.severity}`, sentence].join('\n');
      if (r.status === 'fail') {
        cases.push(`    <testcase ${attrs}>\n      <failure message=${attr(sentence)} type="threshold">${text(detail)}</failure>\n    </testcase>`);
      } else if (r.status === 'warn') {
        cases.push(`    <testcase ${attrs}>\n      <system-out>${text(`warning: ${detail}`)}</system-out>\n    </testcase>`);
      } else {
        cases.push(`    <testcase ${attrs}/>`);
      }
    }
  }
  return document(`tests="${counts.checks}" failures="${counts.failed}" errors="0"`, cases);
}

/**
 * Jenkins reads a classname as package.Class, split at its last dot: `error_rate < 0.05` would be
 * the class `05` of a package `logmeter.check.error_rate < 0`. A dot in the rule's name becomes a
 * middle dot, which still reads as a decimal point (`error_rate < 0·05`); `name` keeps the rule as written.
 */
export function className(ruleName: string): string {
  return `logmeter.check.${ruleName.replaceAll('.', '\u00B7')}`;
}

/**
 * A check that could not run (exit 2, 3 or 70): one testcase with an <error> saying why, so that
 * a JUnit file left by an earlier run is not published as this run's pass.
 */
export function renderJUnitError(reason: string, kind: 'usage' | 'input' | 'internal'): string {
  const title = messages.checkCouldNotRun();
  const firstLine = reason.split('\n')[0] ?? reason;
  const testcase = [
    `    <testcase classname=${attr('logmeter.check')} name=${attr(title)} time="0">`,
    `      <error message=${attr(firstLine)} type=${attr(kind)}>${text(reason)}</error>`,
    '    </testcase>',
  ].join('\n');
  return document('tests="1" failures="0" errors="1"', [testcase]);
}

// The Jenkins xUnit plugin validates a result file against its junit-10.xsd and skips a file that
// fails: that schema allows `skipped` on <testsuite> but not on <testsuites>.
function document(totals: string, cases: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name=${attr(SUITE)} ${totals} time="0">`,
    `  <testsuite name=${attr(SUITE)} ${totals} skipped="0" time="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// XML 1.0 allows tab, LF, CR and the printable ranges; anything else cannot appear even escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function attr(value: string): string {
  return `"${text(value).replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;')}"`;
}
