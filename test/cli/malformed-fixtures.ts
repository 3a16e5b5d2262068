// Files the malformed-input table points at: model modules with one mistake each, and traces
// that are broken or name what they should not. Written once into a fresh directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A well-formed model module (an ES module) with `over` replacing some of its fields. */
function modelSource(over: { params?: string; actions?: string; invariants?: string } = {}): string {
  const params = over.params ?? `{ name: 'k', type: 'int', default: 1, min: 0, max: 3, description: 'a bound' }`;
  const actions = over.actions ?? `{ name: 'Inc', description: 'counts', *successors(s, c) { if (s.n < c.k) yield { state: { n: s.n + 1 } }; } }`;
  const invariants = over.invariants ?? `{ name: 'Small', description: 'n stays small', check: (s) => (s.n < 9 ? undefined : 'too big') }`;
  return `export default {
  name: 'M', description: 'a counter', checkDeadlock: false,
  params: [${params}],
  init: () => [{ n: 0 }],
  actions: [${actions}],
  invariants: [${invariants}],
};
`;
}

const INC = `{ name: 'Inc', description: 'counts', *successors(s) { if (s.n < 1) yield { state: { n: s.n + 1 } }; } }`;
const SMALL = `{ name: 'Small', description: 'small', check: () => undefined }`;

/** The fixture files by name; .mjs so that they load as ES modules wherever they are. */
export const MODEL_FIXTURES: Readonly<Record<string, string>> = {
  'dup-action.mjs': modelSource({ actions: `${INC}, ${INC}` }),
  'dup-invariant.mjs': modelSource({ invariants: `${SMALL}, ${SMALL}` }),
  'dup-param.mjs': modelSource({ params: `{ name: 'k', type: 'int', default: 1, description: 'a' }, { name: 'k', type: 'int', default: 2, description: 'b' }` }),
  'default-wrong-type.mjs': modelSource({ params: `{ name: 'k', type: 'int', default: '3', description: 'a bound' }` }),
  'default-below-min.mjs': modelSource({ params: `{ name: 'k', type: 'int', default: 0, min: 1, max: 3, description: 'a bound' }` }),
  'default-not-allowed.mjs': modelSource({ params: `{ name: 'mode', type: 'string', default: 'fast', allowed: ['slow', 'safe'], description: 'a mode' }` }),
  'min-above-max.mjs': modelSource({ params: `{ name: 'k', type: 'int', default: 2, min: 3, max: 1, description: 'a bound' }` }),
  'param-proto.mjs': modelSource({ params: `{ name: '__proto__', type: 'int', default: 1, description: 'a bound' }` }),
  'bool-default-string.mjs': modelSource({ params: `{ name: 'on', type: 'bool', default: 'true', description: 'a switch' }` }),
  // A .ts file in a folder without package.json is compiled as CommonJS: its missing default
  // export must still be said as such.
  'no-default.ts': 'export const model = { name: "M" };\n',
  'no-default.mjs': 'export const model = { name: "M" };\n',
  'default-number.mjs': 'export default 5;\n',
  'syntax-error.ts': 'export default {{{ nope\n',
  'throws.mjs': 'throw new Error("boom\\n    at fake (stack.js:1:1)");\n',
  'model.txt': modelSource(),
};

const trace = (meta: Record<string, unknown>): string => JSON.stringify({
  '#meta': { format: 'ITF', source: 'dropcheck', ...meta },
  vars: ['n'],
  states: [{ '#meta': { index: 0 }, n: 0 }],
});

export const TRACE_FIXTURES: Readonly<Record<string, string>> = {
  'not-json.itf.json': '{ "vars": [ \n',
  'empty.itf.json': '',
  'array.itf.json': '[1, 2, 3]\n',
  'unknown-model.itf.json': trace({ model: 'Nope', params: {} }),
  'foreign-spec.itf.json': trace({ model: 'M', spec: '/somewhere/else/model.ts', params: {} }),
  'bad-params.itf.json': trace({ model: 'DropSink', params: { sinks: 99 } }),
  // JSON.parse makes `__proto__` an own key: it must read as an unknown parameter, not vanish.
  'proto-params.itf.json': '{"#meta":{"format":"ITF","source":"dropcheck","model":"DropSink","params":{"__proto__":1}},"vars":["n"],"states":[{"#meta":{"index":0},"n":0}]}\n',
  'hostile-model.itf.json': trace({ model: 'Evil\n\u001b[2J\u202eledoM', params: {} }),
};

/** Writes every fixture into `dir` (plus a plain file to stand where a directory is expected). */
export function writeFixtures(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ ...MODEL_FIXTURES, ...TRACE_FIXTURES })) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'plain-file'), 'not a directory\n');
  mkdirSync(join(dir, 'a-directory'));
}
