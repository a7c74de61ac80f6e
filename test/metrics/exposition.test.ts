import { describe, expect, it } from 'vitest';
import { escapeHelp, escapeLabelValue, formatValue, renderExposition } from '../../src/metrics/exposition.js';
import { PROMTOOL, PROMTOOL_MISSING, promtoolCheck } from './promtool.js';

describe('exposition', () => {
  it('escapes backslash, double quote and line feed in label values, and nothing else', () => {
    expect(escapeLabelValue('a\\b"c\nd\te{}=,')).toBe('a\\\\b\\"c\\nd\te{}=,');
    expect(escapeHelp('one\\two\nthree "quoted"')).toBe('one\\\\two\\nthree "quoted"');
  });

  it('spells special values the way Prometheus parses them', () => {
    expect([formatValue(Infinity), formatValue(-Infinity), formatValue(NaN), formatValue(3), formatValue(0.25)]).toEqual(['+Inf', '-Inf', 'NaN', '3', '0.25']);
  });

  it('renders a counter and a histogram with cumulative buckets, +Inf, _sum and _count', () => {
    const text = renderExposition([
      { name: 'x_total', help: 'X.', type: 'counter', samples: [{ labels: { model: 'a"b' }, value: 2 }] },
      { name: 'd_seconds', help: 'D.', type: 'histogram', buckets: [0.1, 1], series: [{ labels: {}, cumulative: [1, 3], count: 4, sum: 7.5 }] },
    ]);
    expect(text).toBe(
      [
        '# HELP x_total X.',
        '# TYPE x_total counter',
        'x_total{model="a\\"b"} 2',
        '# HELP d_seconds D.',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{le="0.1"} 1',
        'd_seconds_bucket{le="1"} 3',
        'd_seconds_bucket{le="+Inf"} 4',
        'd_seconds_sum 7.5',
        'd_seconds_count 4',
        '',
      ].join('\n'),
    );
  });

  it('refuses an invalid metric or label name instead of writing unparseable text', () => {
    expect(() => renderExposition([{ name: '9bad', help: '', type: 'gauge', samples: [] }])).toThrow(/invalid metric name/);
    expect(() => renderExposition([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }])).toThrow(/invalid label name/);
  });

  it('passes promtool with hostile label values', (ctx) => {
    if (!PROMTOOL) return ctx.skip(PROMTOOL_MISSING);
    const text = renderExposition([
      {
        name: 'hostile_total',
        help: 'Label values with every character the format escapes.\nAnd a second line.',
        type: 'counter',
        samples: [
          { labels: { model: 'quote " backslash \\ newline \n end' }, value: 1 },
          { labels: { model: '} , = { le="1"' }, value: 2 },
          { labels: { model: 'ünïcødé ✓ 模型' }, value: 3 },
        ],
      },
    ]);
    const r = promtoolCheck(text);
    expect(r.output).toBe('');
    expect(r.code).toBe(0);
  });
});
