// JUnit XML, read back with a real XML parser: valid, one testcase per rule and group, failures
// carrying the message, and every awkward character escaped.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { renderJUnit, renderJUnitError } from '../../../src/check/format/junit.js';
import { sampleResult } from './fixture.js';

interface TestCase {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  'system-out'?: string;
}

function parse(xml: string) {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'testcase', parseAttributeValue: false, htmlEntities: true });
  return parser.parse(xml) as { testsuites: { '@_tests': string; '@_failures': string; testsuite: { '@_tests': string; '@_failures': string; testcase: TestCase[] } } };
}

describe('--junit', () => {
  const result = sampleResult();
  const xml = renderJUnit(result);

  test('is valid XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  test('has one testcase per rule and group, and counts failures', () => {
    const { testsuites } = parse(xml);
    const cases = testsuites.testsuite.testcase;
    expect(cases).toHaveLength(result.counts.checks);
    expect(cases).toHaveLength(7);
    expect(testsuites['@_tests']).toBe('7');
    expect(testsuites['@_failures']).toBe(String(result.counts.failed));
    expect(testsuites.testsuite['@_failures']).toBe('3');
    expect(cases.map((c) => [c['@_name'], c.failure !== undefined])).toEqual([
      ['FewRecords', true],
      ['Latency [model=claude]', false],
      [`Latency [model=gpt-4o <"&'>, 100%: x\ny]`, true],
      ['FileErrors', false],
      ['Budget', false],
      ['Quiet', false],
      ['Sustained', true],
    ]);
    expect(cases[0]?.['@_classname']).toBe('logmeter.check.FewRecords');
  });

  test('failures carry the message and the rule', () => {
    const cases = parse(xml).testsuites.testsuite.testcase;
    const few = cases[0]?.failure;
    expect(few?.['@_message']).toBe('104, must be > 7,000 (104 samples)');
    expect(few?.['@_type']).toBe('threshold');
    expect(few?.['#text']).toContain('expr: count > 7000');
    const sustained = cases[6]?.failure?.['@_message'];
    expect(sustained).toBe(
      'worst 1m bucket 0.45 (2026-03-02T10:01:00Z); breached (must be < 0.1) for 2m from 2026-03-02T10:01:00Z to 2026-03-02T10:03:00Z, for: 2m',
    );
  });

  test('warnings and no-data warnings pass, saying so in system-out', () => {
    const cases = parse(xml).testsuites.testsuite.testcase;
    expect(cases[3]?.['system-out']).toMatch(/^warning: rule: FileErrors/);
    expect(cases[5]?.['system-out']).toContain('no data: nothing to measure (on_no_data: warn)');
  });

  test('characters XML cannot hold are replaced, not emitted', () => {
    const bad = sampleResult();
    const rule = bad.rules[0]!;
    const withControl = { ...bad, rules: [{ ...rule, name: 'bell\u0007 and nul\u0000' }] };
    const out = renderJUnit(withControl);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(parse(out).testsuites.testsuite.testcase[0]?.['@_name']).toBe('bell\uFFFD and nul\uFFFD');
  });

  test("uses only the attributes the Jenkins xUnit plugin's junit-10.xsd allows on each element, or that plugin skips the file", () => {
    // junit-10.xsd (jenkinsci/xunit-plugin): `skipped` is a <testsuite> attribute, not a <testsuites> one.
    const allowed: Record<string, string[]> = {
      testsuites: ['name', 'time', 'tests', 'failures', 'disabled', 'errors'],
      testsuite: ['name', 'tests', 'failures', 'errors', 'group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url'],
      testcase: ['name', 'time', 'classname', 'group'],
      failure: ['type', 'message'],
      error: ['type', 'message'],
    };
    for (const file of [xml, renderJUnitError('no input: nothing was read (exit 3)', 'input')]) {
      for (const [, element, attributes] of file.matchAll(/<([\w-]+)((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g)) {
        const names = [...(attributes ?? '').matchAll(/\s([\w-]+)="[^"]*"/g)].map((m) => m[1]);
        if (element === 'system-out') expect(names).toEqual([]);
        else for (const name of names) expect(allowed[element as string], `${element} ${name}`).toContain(name);
      }
      expect(file).toMatch(/<testsuites name="logmeter check" tests="\d+" failures="\d+" errors="\d+" time="0">/);
      expect(file).toMatch(/<testsuite name="logmeter check" tests="\d+" failures="\d+" errors="\d+" skipped="0" time="0">/);
    }
  });

  test('a dot in a rule (an --assert with a decimal) does not split its classname into package and class in Jenkins', () => {
    const result = sampleResult();
    const rule = result.rules[0]!;
    const out = renderJUnit({ ...result, rules: [{ ...rule, name: 'error_rate < 0.05' }] });
    const testcase = parse(out).testsuites.testsuite.testcase[0]!;
    // Jenkins takes what follows the classname's last dot as the class, the rest as the package.
    const classname = testcase['@_classname'];
    expect(classname.slice(0, classname.lastIndexOf('.'))).toBe('logmeter.check');
    expect(classname.slice(classname.lastIndexOf('.') + 1)).toBe('error_rate < 0\u00B705');
    expect(testcase['@_name']).toBe('error_rate < 0.05');
  });
});
