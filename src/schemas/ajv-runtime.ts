/**
 * The helpers Ajv's standalone code `require`s (string length in code points, deep equality,
 * formats), as ES imports. The generated validators call `ajvRuntime("<module>")` where Ajv
 * wrote `require("<module>")`, so they run in the browser and in Node alike.
 */
import * as equalModule from 'ajv/dist/runtime/equal';
import * as ucs2lengthModule from 'ajv/dist/runtime/ucs2length';
import * as formatsModule from 'ajv-formats/dist/formats';

/**
 * These are CommonJS modules: bundlers hand their `exports` to a namespace import, Node hands
 * `module.exports` as `default`. Both shapes end up as the module's `exports` here.
 */
function commonJsExports<T extends object>(namespace: T): T {
  const inner = (namespace as { default?: unknown }).default;
  const looksWrapped =
    inner !== null &&
    typeof inner === 'object' &&
    Object.keys(namespace).every((k) => k === 'default' || k === '__esModule' || k in inner);
  return (looksWrapped ? inner : namespace) as T;
}

const modules: Record<string, unknown> = {
  'ajv/dist/runtime/ucs2length': commonJsExports(ucs2lengthModule),
  'ajv/dist/runtime/equal': commonJsExports(equalModule),
  'ajv-formats/dist/formats': commonJsExports(formatsModule),
};

export function ajvRuntime(name: string): unknown {
  const found = modules[name];
  if (!found) throw new Error(`Ajv runtime module ${name} is not bundled`);
  return found;
}
