// Draws a compiled chart as static SVG with vega's own renderer, in Node: the <noscript> fallback,
// for readers whose mail client or browser runs no JavaScript.

import type { Spec as VegaSpec } from 'vega';
import { collectingLogger } from './charts.js';

type VegaModule = typeof import('vega');
let vegaModule: Promise<VegaModule> | undefined;

export async function renderSvg(spec: VegaSpec, warnings: string[] = []): Promise<string> {
  vegaModule ??= import('vega');
  const vega = await vegaModule;
  const view = new vega.View(vega.parse(spec, undefined, { ast: true }), {
    renderer: 'none',
    logger: collectingLogger(warnings),
    expr: (await import('vega-interpreter')).expressionInterpreter,
  } as ConstructorParameters<VegaModule['View']>[1]);
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

const GEOMETRY = /\s(d|transform|x|y|x1|x2|y1|y2|width|height|points)="([^"]*)"/g;

/**
 * The fallback is read, not inspected: ARIA, classes and event hints go (the card names the chart),
 * fonts come from the page's CSS, coordinates keep one decimal, and invisible marks are dropped.
 */
export function compactSvg(svg: string): string {
  return svg
    .replace(/\s(aria-[\w-]+|role|class|pointer-events|font-family)="[^"]*"/g, '')
    .replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(/(\d+\.\d)\d+/g, '$1')}"`)
    .replace(/<path d="M0,0h0v0h0Z"\/>|<path d="" display="none"\/>/g, '')
    // Invisible marks (hover targets for tooltips) draw nothing.
    .replace(/<path [^<>]*\sopacity="0"\/>/g, '');
}
