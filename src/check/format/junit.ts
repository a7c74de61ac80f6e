// `check --junit FILE`: JUnit XML (the Ant/Jenkins subset every CI reads), one testcase per rule
// and group. A failing result is a <failure> carrying the message; a warning passes and says so
// in <system-out>. All text is escaped in one place (xml) and stripped of characters XML forbids.

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
      const attrs = `classname=${attr(`logmeter.check.${rule.name}`)} name=${attr(resultTitle(rule, r))} time="0"`;
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
  const totals = `tests="${counts.checks}" failures="${counts.failed}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name=${attr(SUITE)} ${totals} time="0">`,
    `  <testsuite name=${attr(SUITE)} ${totals} time="0">`,
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
