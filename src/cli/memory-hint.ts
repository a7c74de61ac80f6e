// The LOGMETER_MEMORY_LIMIT to suggest when DuckDB ran out of memory, read from its message
// ("could not allocate block of size 1.8 GiB (610.3 MiB/610.3 MiB used)"): enough for what it had
// plus what it asked for, so that a 7.4 GiB request is not told to try 2GB.

const UNITS: Readonly<Record<string, number>> = { bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
const SIZE = String.raw`([\d.]+) ?(bytes|[KMGT]i?B)`;

/** A power of two in GB, at least 2GB, that holds the used (or limit) bytes and the request. */
export function suggestedMemoryLimit(detail: string): string {
  const asked = new RegExp(`size ${SIZE}`).exec(detail);
  const used = new RegExp(`${SIZE}/${SIZE} used`).exec(detail);
  const bytes = (m: RegExpExecArray | null, at: number) => (m ? Number(m[at]) * (UNITS[m[at + 1] as string] ?? 0) : 0);
  const need = bytes(asked, 1) + Math.max(bytes(used, 1), bytes(used, 3));
  let gb = 2;
  while (gb * 1e9 < need && gb < 1024) gb *= 2;
  return `${gb}GB`;
}
