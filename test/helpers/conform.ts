// A run through the product's one path (src/run/conform.ts), in this
// process: the configuration as the CLI parses it (flags only), the panels
// opened, checked, run and judged, then closed. For the engine's and the
// kill matrix's tests, which need no CLI process per run.
import { parseConfig } from '../../src/config/config.ts';
import { closePanels, conform, openPanels, type ConformResult } from '../../src/run/conform.ts';
import { FLAG_HINTS } from '../../src/run/preflight.ts';

export async function conformInProcess(args: string[]): Promise<ConformResult> {
  const config = parseConfig(args, {}, process.cwd());
  const panels = await openPanels([{ config }]);
  try {
    return await conform(panels, { hints: () => FLAG_HINTS, runTimeout: config.runTimeout });
  } finally {
    await closePanels(panels);
  }
}
