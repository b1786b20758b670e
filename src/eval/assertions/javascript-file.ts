/**
 * The function body that runs a JavaScript check file in the sandbox: the file's code in a scope of
 * its own with `module.exports` (CommonJS; `export default` and `export function` are rewritten to
 * it), then the named export, or the default (the export itself when it is a function), called
 * with the output and the context. The file cannot import: the sandbox has no modules.
 */
export function javascriptFileBody(code: string, functionName: string | undefined): string {
  const exported: string[] = [];
  const rewritten = code
    .replace(/^(\s*)export\s+default\s+/gm, '$1module.exports.default = ')
    .replace(
      /^(\s*)export\s+((?:async\s+)?function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm,
      (_, space, kind, name) => {
        exported.push(name);
        return `${space}${kind} ${name}`;
      },
    );
  const exports = exported.map((name) => `module.exports.${name} = ${name};`).join('\n');
  const pick =
    functionName === undefined
      ? `typeof __plumeExports === 'function' ? __plumeExports : __plumeExports?.default`
      : `__plumeExports?.[${JSON.stringify(functionName)}]`;
  const wanted = functionName === undefined ? 'a default export' : `an export named ${functionName}`;
  return [
    'const __plumeExports = (() => {',
    'const module = { exports: {} };',
    'let exports = module.exports;',
    rewritten,
    `;${exports}`,
    'return module.exports;',
    '})();',
    `const __plumeCheck = ${pick};`,
    `if (typeof __plumeCheck !== 'function') throw new Error(${JSON.stringify(`the file has no function as ${wanted}`)});`,
    'return __plumeCheck(output, context);',
  ].join('\n');
}
