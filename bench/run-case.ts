// One measured search in a process of its own, so that its peak memory (the process's maximum
// resident set, every thread included) is its own: `node --import tsx bench/run-case.ts MODULE
// CONSTS_JSON ENGINE`, ENGINE a worker count or `old` (the previous one-thread engine, check()).
// Prints one JSON line: figures, time, and resident memory before the search and at its peak.
import { resolveConsts } from '../checker/consts.ts';
import { check } from '../checker/check.ts';
import type { AnyModel } from '../checker/model.ts';
import { search } from '../checker/parallel/search.ts';
import { importDefault } from '../checker/load-module.ts';

const [module, constsJson, engine] = process.argv.slice(2) as [string, string, string];
const model = (await importDefault(module)) as AnyModel;
const consts = resolveConsts(model, JSON.parse(constsJson) as Record<string, string>);
const options = { consts, checkDeadlock: false, continueAfterViolation: true, liveness: false };
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
const o = engine === 'old' ? check(model, options) : await search(model, { ...options, workers: Number(engine), modelModule: module, liveness: false });
const ms = performance.now() - start;
console.log(JSON.stringify({
  distinct: o.stats.distinctStates, generated: o.stats.generatedStates, depth: o.stats.depth, ms,
  rssBefore, peakRss: process.resourceUsage().maxRSS * 1024,
}));
