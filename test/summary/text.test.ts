import { describe, expect, it } from 'vitest';
import { displayWidth, formatMs, formatUsd, safeText, sparkline, truncate, wantsColor } from '../../src/summary/text.js';

describe('summary text helpers', () => {
  it('draws one bar per value, scaled to the largest, with the eight block characters', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([5])).toBe('█');
    expect(sparkline([])).toBe('');
  });

  it('uses colour only on a terminal, and never when NO_COLOR is set', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
  });

  it('neutralises control characters from logged text so a log cannot drive the terminal', () => {
    // Line breaks become spaces (the row stays one line); the escapes and the bell become '?'.
    expect(safeText('evil\x1b[2J\x1b]0;title\x07\r\nmodel')).toBe('evil?[2J?]0;title?  model');
  });

  it('shows bidirectional controls instead of letting them reverse the rest of the row', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE, U+2067 RIGHT-TO-LEFT ISOLATE, U+200F RIGHT-TO-LEFT MARK, a C1 CSI.
    expect(safeText('gpt\u202eevil\u2067x\u200fy\u009b2J')).toBe('gpt?evil?x?y?2J');
  });

  it('measures wide characters as two columns and truncates with an ellipsis', () => {
    expect(displayWidth('模型')).toBe(4);
    expect(displayWidth('\x1b[31mred\x1b[0m')).toBe(3);
    expect(truncate('claude-3-5-sonnet-20241022', 10)).toBe('claude-3-…');
    expect(displayWidth(truncate('模型模型模型', 5))).toBeLessThanOrEqual(5);
  });
});

describe('summary durations', () => {
  it('shows a duration under a millisecond with two digits, not as 0 ms (a Celery task that returned at once: 0.0626 ms)', () => {
    expect(formatMs(0.06261299859033898)).toBe('0.063 ms');
    expect(formatMs(0.5)).toBe('0.5 ms');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(252.87)).toBe('253 ms');
    expect(formatMs(2500)).toBe('2.5 s');
    expect(formatMs(null)).toBe('-');
  });
});

describe('summary cost', () => {
  it('shows a cost under $0.0001 with its significant digits, not as $0.0000', () => {
    // 3 gpt-4o-mini input tokens at $0.15 per million: 3 * 0.15 / 1e6 = $0.00000045.
    expect(formatUsd(4.5e-7)).toBe('$0.00000045');
    expect(formatUsd(0)).toBe('$0.0000');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
  });
});
