/**
 * The sandbox process's program. It is passed to `node -e` as this function's source, so it must
 * not use anything from outside its body (no imports, no module-level names): the process reads
 * no file, which lets Node's permission model deny it every read.
 *
 * Each request runs in a fresh `vm` context, made while the process waits, so what a check does
 * to the built-ins is gone for the next one. Only strings cross into a context and out of it: a
 * host object handed in (an argument, a `then` callback) would give its code this realm's
 * `Function`, and through it `process`.
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
        kind = error instanceof ReferenceError ? 'reference' : toText(error?.code ?? '');
      } catch {}
      result = stringify({ ok: false, message: describe(error), kind });
    };
    const isThenable = (value) =>
      value !== null &&
      (typeof value === 'object' || typeof value === 'function') &&
      typeof value.then === 'function';
    Object.defineProperty(G, '__plumeInvoke', {
      value: () => {
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
  })()`);
  const invoke = new vm.Script('__plumeInvoke()');
  const read = new vm.Script('__plumeResult');
  const compiled = new Map<string, import('node:vm').Script>();

  const freshContext = (): import('node:vm').Context => {
    // An ordinary global object of the context's own realm: a contextified object of this realm
    // would lead its code to this realm's Function through `globalThis.constructor`.
    const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, {
      microtaskMode: 'afterEvaluate',
      codeGeneration: { strings: true, wasm: false },
    });
    bootstrap.runInContext(context);
    return context;
  };
  let next: import('node:vm').Context | undefined;

  const run = (code: string, input: string): string => {
    let script = compiled.get(code);
    if (script === undefined) {
      script = new vm.Script(`(function (output, context) {'use strict';\n${code}\n})`);
      if (compiled.size >= 256) compiled.clear();
      compiled.set(code, script);
    }
    const context = next ?? freshContext();
    next = undefined;
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
    // The next check's context is made now, while plume waits on other work.
    setImmediate(() => {
      next ??= freshContext();
    });
  });
  // plume closed the channel or exited: nothing more will come.
  process.on('disconnect', () => process.exit(0));
}
