import { search } from './checker/parallel/search.ts';
import { check } from './checker/check.ts';
import { resolveConsts } from './checker/consts.ts';
const [m, rawJson, which] = process.argv.slice(2);
const path = new URL(m!, import.meta.url).pathname;
const model = (await import(path)).default;
const consts = resolveConsts(model, JSON.parse(rawJson!));
for (const w of which!.split(',')) {
  const t = performance.now();
  const o = w === 'old' ? check(model, { consts, continueAfterViolation: true }) : await search(model, { consts, continueAfterViolation: true, workers: Number(w), modelModule: path });
  const mem = process.memoryUsage();
  console.log(w, o.stats.distinctStates, o.stats.generatedStates, o.stats.depth, ((performance.now() - t) / 1000).toFixed(2), 's', 'rss', (mem.rss / 1e6).toFixed(0), 'peakQueue', o.stats.peakQueue);
}
