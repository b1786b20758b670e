/**
 * The sandbox process's program. It is passed to `node -e` as this function's source, so it must
 * not use anything from outside its body (no imports, no module-level names): the process reads
 * no file, which lets Node's permission model deny it every read.
 *
 * Checks run in one `vm` context of their own realm, locked down once made: every built-in
 * reachable from its global object is frozen and the global object takes no new property, so no
 * check can change what the next one sees — a check that tries is told so by the TypeError it
 * gets. A fresh context per check gave the same isolation at some 0.45 ms of CPU a check (the
 * making of a V8 context); a locked one costs a few microseconds. Only strings cross into the
 * context and out of it: a host object handed in (an argument, a `then` callback) would give its
 * code this realm's `Function`, and through it `process`.
 */
export function sandboxChild(): void {
  const vm = process.getBuiltinModule('node:vm');
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('the sandbox needs an IPC channel');

  // Defence in depth, should a check's code reach this realm: no modules, no network globals.
  // The permission model already denies files, child processes, workers and addons. Done at the
  // first request: Node puts `module` back once the --eval program has returned.
  let hardened = false;
  const harden = (): void => {
    hardened = true;
    const globals = globalThis as Record<string, unknown>;
    for (const name of ['require', 'module', 'fetch', 'WebSocket', 'EventSource']) delete globals[name];
    const locked = process as unknown as Record<string, unknown>;
    for (const name of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule']) {
      locked[name] = () => {
        throw new Error(`process.${name} is not available in the sandbox`);
      };
    }
  };

  // Runs in each new context before any check: it keeps the built-ins it needs before the check
  // can change them, and leaves the result as a JSON string.
  const bootstrap = new vm.Script(`(() => {
    'use strict';
    const G = globalThis, parse = JSON.parse, stringify = JSON.stringify, toText = String;
    const resolve = Promise.resolve.bind(Promise), then = Promise.prototype.then;
    const call = Function.prototype.call.bind(Function.prototype.call);
    // What V8 says of a write to a frozen built-in or to the locked global object.
    const locked = /not extensible|read.only|Cannot (?:assign|add property|redefine|delete|define)|is frozen/;
    let result;
    const describe = (error) => {
      try {
        const hasMessage = error !== null && typeof error === 'object' && 'message' in error;
        return toText(hasMessage ? error.message : error);
      } catch {
        return 'an unreadable error';
      }
    };
    const ok = (value) => {
      try {
        result = (value === undefined ? undefined : stringify({ ok: true, value })) ?? '{"ok":true}';
      } catch (error) {
        const message = 'the value it returned cannot be read as JSON: ' + describe(error);
        result = stringify({ ok: false, message });
      }
    };
    const failed = (error) => {
      let kind = '';
      try {
        kind =
          error instanceof ReferenceError
            ? 'reference'
            : error instanceof TypeError && locked.test(toText(error.message))
              ? 'locked'
              : toText(error?.code ?? '');
      } catch {}
      result = stringify({ ok: false, message: describe(error), kind });
    };
    const isThenable = (value) =>
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof value.then === 'function';
    Object.defineProperty(G, '__plumeInvoke', {
      value: () => {
        result = undefined;
        const input = parse(G.__plumeInput);
        const check = G.__plumeCheck;
        try {
          const returned = check(input.output, input.context);
          if (isThenable(returned)) call(then, resolve(returned), ok, failed);
          else ok(returned);
        } catch (error) {
          failed(error);
        }
      },
    });
    Object.defineProperty(G, '__plumeResult', { get: () => result });
    // promptfoo's checks and hooks often log: a console whose methods print nothing.
    const quiet = () => undefined;
    Object.defineProperty(G, 'console', {
      value: { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, dir: quiet, table: quiet },
    });
    // The two slots plume fills before each check; the lockdown leaves them writable.
    Object.defineProperty(G, '__plumeInput', { value: '', writable: true });
    Object.defineProperty(G, '__plumeCheck', { value: undefined, writable: true });
  })()`);
  // Freezes the context's built-ins and its global object (see the comment at the top).
  const lockdown = new vm.Script(`(() => {
    'use strict';
    const G = globalThis;
    const { defineProperty, freeze, getPrototypeOf, preventExtensions } = Object;
    const { getOwnPropertyDescriptor, ownKeys } = Reflect;
    // Legacy RegExp statics hold the last match: they would carry one check's data to the next.
    for (const name of ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'input', '$_',
      'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$\`', 'rightContext', "$'"]) {
      try { delete RegExp[name]; } catch {}
    }
    // Names an object often sets on itself (e.name = ..., o.toString = ...): with the prototype
    // frozen, an assignment would throw; as accessors, it makes the object's own property instead.
    const settable = (proto, names) => {
      for (const name of names) {
        const found = getOwnPropertyDescriptor(proto, name);
        if (found === undefined || !('value' in found)) continue;
        const value = found.value;
        defineProperty(proto, name, {
          get() { return value; },
          set(next) {
            if (this === proto) throw new TypeError('Cannot assign to ' + name + ' of a built-in prototype');
            defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
          },
          enumerable: found.enumerable,
          configurable: false,
        });
      }
    };
    settable(Object.prototype, ['toString', 'valueOf', 'toLocaleString', 'hasOwnProperty',
      'isPrototypeOf', 'propertyIsEnumerable', 'constructor']);
    for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
      AggregateError]) settable(E.prototype, ['name', 'message', 'toString', 'constructor']);
    // Every object reachable from the global object, and the intrinsics that are not.
    const hidden = [
      getPrototypeOf(Int8Array), getPrototypeOf(function* () {}), getPrototypeOf(async function () {}),
      getPrototypeOf(async function* () {}), getPrototypeOf([][Symbol.iterator]()),
      getPrototypeOf(new Map().entries()), getPrototypeOf(new Set().values()),
      getPrototypeOf(''[Symbol.iterator]()), getPrototypeOf(/a/[Symbol.matchAll]('a')),
      getPrototypeOf(new Intl.Segmenter().segment('')),
      getPrototypeOf((function () { return arguments; })()),
      getOwnPropertyDescriptor(function () { 'use strict'; return arguments; }(), 'callee')?.get,
    ];
    const seen = new Set();
    const pending = [G, ...hidden];
    while (pending.length > 0) {
      const item = pending.pop();
      if (item === null || (typeof item !== 'object' && typeof item !== 'function') || seen.has(item)) continue;
      seen.add(item);
      pending.push(getPrototypeOf(item));
      for (const key of ownKeys(item)) {
        const property = getOwnPropertyDescriptor(item, key);
        if (property === undefined) continue;
        if ('value' in property) pending.push(property.value);
        else pending.push(property.get, property.set);
      }
    }
    for (const item of seen) if (item !== G) freeze(item);
    for (const key of ownKeys(G)) {
      if (key === '__plumeInput' || key === '__plumeCheck') continue;
      const property = getOwnPropertyDescriptor(G, key);
      if (property.configurable) {
        defineProperty(G, key, 'value' in property ? { writable: false, configurable: false } : { configurable: false });
      } else if (property.writable) defineProperty(G, key, { writable: false });
    }
    preventExtensions(G);
  })()`);
  const invoke = new vm.Script('__plumeInvoke()');
  const read = new vm.Script('__plumeResult');
  const compiled = new Map<string, import('node:vm').Script>();

  let locked: import('node:vm').Context | undefined;
  const lockedContext = (): import('node:vm').Context => {
    if (locked !== undefined) return locked;
    // An ordinary global object of the context's own realm: a contextified object of this realm
    // would lead its code to this realm's Function through `globalThis.constructor`.
    const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, {
      microtaskMode: 'afterEvaluate',
      codeGeneration: { strings: true, wasm: false },
    });
    bootstrap.runInContext(context);
    lockdown.runInContext(context);
    locked = context;
    return context;
  };

  const run = (code: string, input: string): string => {
    let script = compiled.get(code);
    if (script === undefined) {
      script = new vm.Script(`(function (output, context) {'use strict';\n${code}\n})`);
      if (compiled.size >= 256) compiled.clear();
      compiled.set(code, script);
    }
    const context = lockedContext();
    context.__plumeInput = input;
    context.__plumeCheck = script.runInContext(context);
    // The check's promises settle inside this call: the context runs its own microtasks. A
    // context has no timers and no I/O, so nothing settles later. There is no `timeout` here: it
    // starts a watchdog thread per call (about 0.2 ms); plume kills a process past the limit.
    invoke.runInContext(context);
    const result: unknown = read.runInContext(context);
    return typeof result === 'string' ? result : JSON.stringify({ ok: false, kind: 'unsettled' });
  };

  process.on('message', (message: { id: number; code: string; input: string }) => {
    if (!hardened) harden();
    let result: string;
    try {
      result = run(message.code, message.input);
    } catch (error) {
      result = JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) });
    }
    send({ id: message.id, result });
  });
  // The context is made while plume starts its run, before the first check arrives.
  setImmediate(lockedContext);
  // plume closed the channel or exited: nothing more will come.
  process.on('disconnect', () => process.exit(0));
}
