// Text layouts are written as Python logging format strings and recognise record starts.

import { describe, expect, it } from 'vitest';
import { bestLayout, compileLayout, ZONE_ABBREVIATIONS } from '../../../src/ingest/formats/text-layouts.js';
import { PYTHON_LAYOUTS } from '../../../src/ingest/formats/python-text.js';
import { TEXT_LAYOUTS } from '../../../src/ingest/formats/text.js';
import { readSqlFile } from '../../../src/sql-files.js';

describe('text layouts', () => {
  it('compile a format string to named groups, tolerant of padding', () => {
    const layout = compileLayout('%(asctime)s %(levelname)-8s %(name)s: %(message)s');
    expect(layout.regex.exec('2026-03-02 10:00:00,123 INFO     agent.llm: call done')?.groups).toEqual({
      asctime: '2026-03-02 10:00:00,123',
      levelname: 'INFO',
      name: 'agent.llm',
      message: 'call done',
    });
    expect(layout.regex.test('Traceback (most recent call last):')).toBe(false);
  });

  it('pick the layout that fits most of a sample, the more specific on a tie', () => {
    const lines = ['2026-03-02 10:00:00,000 - agent - INFO - started', '2026-03-02 10:00:01,000 - agent.llm - WARNING - slow', '  File "x.py", line 1'];
    expect(bestLayout(PYTHON_LAYOUTS, lines)).toMatchObject({ layout: { template: '%(asctime)s - %(name)s - %(levelname)s - %(message)s' }, matches: 2 });
    expect(bestLayout(PYTHON_LAYOUTS, ['WARNING:root:disk almost full'])?.layout.template).toBe('%(levelname)s:%(name)s:%(message)s');
    expect(bestLayout(PYTHON_LAYOUTS, ['no layout here'])).toBeUndefined();
  });

  it("read zap's console columns, the logger name and the caller only where the line has them", () => {
    const zap = bestLayout(TEXT_LAYOUTS, ['2026-03-02T10:00:00.000Z\tinfo\tMetrics\t{"metrics": 27}'])?.layout;
    const groups = (line: string) => Object.fromEntries(Object.entries(zap?.regex.exec(line)?.groups ?? {}).filter(([, v]) => v !== ''));
    expect(groups('2026-03-02T10:00:00.000Z\tinfo\tMetrics\t{"metrics": 27}')).toEqual({ asctime: '2026-03-02T10:00:00.000Z', levelname: 'info', message: 'Metrics\t{"metrics": 27}' });
    expect(groups('2026-03-02T10:00:00.000Z\terror\tinternal/queue_sender.go:128\tExporting failed.\t{"a": 1}')).toMatchObject({ zapCaller: 'internal/queue_sender.go:128\t', message: 'Exporting failed.\t{"a": 1}' });
    expect(groups('2026-03-02T10:00:00.000Z\tinfo\tagent.llm\tllm/client.go:88\tllm call')).toMatchObject({ zapLogger: 'agent.llm\t', zapCaller: 'llm/client.go:88\t', message: 'llm call' });
    expect(groups('2026-03-02T10:00:00.000Z\tinfo\tagent.llm\tllm call')).toMatchObject({ message: 'agent.llm\tllm call' });
  });

  it('refuse a field it does not know', () => {
    expect(() => compileLayout('%(bogus)s %(message)s')).toThrow('unknown layout field %(bogus)s');
  });

  it("list the zone abbreviations lm_zone_offset knows, the same words in the same order, each with its offset there", () => {
    const macro = /CREATE OR REPLACE TEMP MACRO lm_zone_offset\(abbr\) AS\s*\[([^\]]*)\]\[list_position\(\[([^\]]*)\], abbr\)\];/.exec(readSqlFile('ingest/macros.sql'));
    const strings = (list: string | undefined) => [...(list ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
    const offsets = strings(macro?.[1]);
    const words = strings(macro?.[2]);
    expect(words).toEqual(ZONE_ABBREVIATIONS);
    expect(offsets).toHaveLength(words.length);
    for (const offset of offsets) expect(offset).toMatch(/^(?:[+-]\d{2}:\d{2}|\?)$/);
  });
});
